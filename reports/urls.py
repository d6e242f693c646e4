from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("lap/<slug:kind>/", views.report_request, name="request"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/tai-ve/<str:fmt>/", views.report_download, name="download"),
    path("<int:pk>/chay-lai/<str:fmt>/", views.report_retry, name="retry"),
    path("<int:pk>/lap-lai/", views.report_rerun, name="rerun"),
]
