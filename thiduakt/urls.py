from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from thiduakt import views
from thiduakt.forms import StyledPasswordChangeForm

admin.site.site_header = "thiduakt – Quản trị"
admin.site.site_title = "thiduakt"
admin.site.index_title = "Quản trị hệ thống thi đua – khen thưởng"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("cong-viec/", views.job_list, name="job_list"),
    path("cong-viec/<uuid:public_id>/", views.job_detail, name="job_detail"),
    path("cong-viec/<uuid:public_id>/tai-ve/", views.job_download, name="job_download"),
    path("cong-viec/<uuid:public_id>/chay-lai/", views.job_retry, name="job_retry"),
    path("don-vi/xuat-xlsx/", views.units_export, name="units_export"),
    path("chon/don-vi/", views.picker_units, name="picker_units"),
    path("chon/ca-nhan/", views.picker_people, name="picker_people"),
    path("chon/ca-nhan/them/", views.picker_person_add, name="picker_person_add"),
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/da-doc/", views.notification_mark_read, name="notification_mark_read"),
    path("phong-trao/", include("campaigns.urls")),
    path("cum-khoi/", include("clusters.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("tra-cuu/", RedirectView.as_view(pattern_name="awards:lookup", query_string=True), name="lookup_short"),
    path("dien-hinh/", include("exemplars.urls")),
    path("bao-cao/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
