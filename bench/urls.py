"""The project's URLs plus a trivial view, so that the benchmarks compare through the same middleware stack."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("thiduakt.urls")),
]
