from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("cua-toi/", views.campaign_mine, name="mine"),
    path("moi/", views.campaign_create, name="create"),
    path("nhap/", views.campaigns_import, name="import"),
    path("xuat/", views.campaigns_export, name="export"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("<int:pk>/thiet-lap/", views.campaign_setup, name="setup"),
    path("<int:pk>/thiet-lap/<slug:what>/", views.setup_add, name="setup_add"),
    path("<int:pk>/tieu-chi/<int:criterion_pk>/xoa/", views.criterion_remove, name="criterion_remove"),
    path("<int:pk>/don-vi/<int:participant_pk>/xoa/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/chuyen/<slug:action>/", views.campaign_transition, name="transition"),
    path("<int:pk>/van-ban/", views.document_download, name="document"),
    path("<int:pk>/don-vi/", views.campaign_participants, name="participants"),
    path("<int:pk>/tien-do/", views.campaign_progress, name="progress"),
    path("<int:pk>/nhac-bao-cao/", views.remind_late, name="remind_late"),
    path("<int:pk>/tong-ket/", views.campaign_reviews, name="reviews"),
    path("<int:pk>/tong-ket/ghi/", views.review_create, name="review_create"),
    path("<int:pk>/nhap/<slug:kind>/", views.campaign_import, name="campaign_import"),
    path("<int:pk>/xuat/", views.campaign_export, name="campaign_export"),
    path("<int:pk>/dang-ky/", views.registration_edit, name="register"),
    path("<int:pk>/dang-ky/<int:registration_pk>/", views.registration_detail, name="registration_detail"),
    path("<int:pk>/dang-ky/<int:registration_pk>/gui/", views.registration_submit, name="registration_submit"),
    path("<int:pk>/dang-ky/<int:registration_pk>/duyet/", views.registration_approve, name="registration_approve"),
    path("<int:pk>/dang-ky/<int:registration_pk>/tra-lai/", views.registration_return, name="registration_return"),
    path("bao-cao/<int:due_pk>/", views.report_edit, name="report_edit"),
    path("bao-cao/chi-tiet/<int:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/chi-tiet/<int:pk>/gui/", views.report_submit, name="report_submit"),
    path("bao-cao/tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("ket-qua/<int:pk>/dieu-chinh/", views.result_adjust, name="result_adjust"),
    path("de-xuat/<int:pk>/", views.proposal_add, name="proposal_add"),
    path("de-xuat/<int:pk>/lap-ho-so/", views.proposals_to_dossiers, name="proposals_to_dossiers"),
]
