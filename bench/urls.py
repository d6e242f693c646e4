"""The project's URLs plus a trivial view, so that the benchmarks compare through the same middleware stack."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """As little as a page does: who asks (signed in, that reads the session and the user, as every page does)."""
    return HttpResponse("ok" if request.user.is_authenticated else "ok, anonymous")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("thiduakt.urls")),
]
