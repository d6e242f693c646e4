from django.urls import path

from campaigns.views import corrections, imports, plan, registrations, reports, reviews, setup

app_name = "campaigns"

urlpatterns = [
    path("", plan.campaign_list, name="list"),
    path("cua-toi/", plan.campaign_mine, name="mine"),
    path("moi/", plan.campaign_create, name="create"),
    path("nhap/", imports.campaigns_import, name="import"),
    path("xuat/", imports.campaigns_export, name="export"),
    path("<int:pk>/", plan.campaign_detail, name="detail"),
    path("<int:pk>/sua/", plan.campaign_edit, name="edit"),
    path("<int:pk>/thiet-lap/", setup.campaign_setup, name="setup"),
    path("<int:pk>/thiet-lap/buoc/<slug:step>/", setup.setup_step, name="setup_step"),
    path("<int:pk>/thiet-lap/<slug:what>/", setup.setup_add, name="setup_add"),
    path("<int:pk>/tieu-chi/<int:criterion_pk>/xoa/", corrections.criterion_remove, name="criterion_remove"),
    path("<int:pk>/don-vi/<int:participant_pk>/xoa/", corrections.participant_remove, name="participant_remove"),
    path("<int:pk>/ky-bao-cao/<int:due_pk>/sua/", corrections.due_edit, name="due_edit"),
    path("<int:pk>/ky-bao-cao/<int:due_pk>/huy/", corrections.due_cancel, name="due_cancel"),
    path("<int:pk>/chuyen/<slug:action>/", plan.campaign_transition, name="transition"),
    path("<int:pk>/van-ban/", plan.document_download, name="document"),
    path("<int:pk>/don-vi/", registrations.campaign_participants, name="participants"),
    path("<int:pk>/don-vi/nhac-dang-ky/", registrations.remind_unregistered, name="remind_unregistered"),
    path("<int:pk>/dang-ky/xu-ly/", registrations.registrations_decide, name="registrations_decide"),
    path("<int:pk>/tien-do/", reports.campaign_progress, name="progress"),
    path("<int:pk>/nhac-bao-cao/", reports.remind_late, name="remind_late"),
    path("<int:pk>/tong-ket/", reviews.campaign_reviews, name="reviews"),
    path("<int:pk>/tong-ket/ghi/", reviews.review_create, name="review_create"),
    path("<int:pk>/nhap/<slug:kind>/", imports.campaign_import, name="campaign_import"),
    path("<int:pk>/xuat/", imports.campaign_export, name="campaign_export"),
    path("<int:pk>/dang-ky/", registrations.registration_edit, name="register"),
    path("<int:pk>/dang-ky/<int:registration_pk>/", registrations.registration_detail, name="registration_detail"),
    path("<int:pk>/dang-ky/<int:registration_pk>/gui/", registrations.registration_submit, name="registration_submit"),
    path(
        "<int:pk>/dang-ky/<int:registration_pk>/duyet/", registrations.registration_approve, name="registration_approve"
    ),
    path(
        "<int:pk>/dang-ky/<int:registration_pk>/tra-lai/", registrations.registration_return, name="registration_return"
    ),
    path("bao-cao/<int:due_pk>/", reports.report_edit, name="report_edit"),
    path("bao-cao/chi-tiet/<int:pk>/", reports.report_detail, name="report_detail"),
    path("bao-cao/chi-tiet/<int:pk>/gui/", reports.report_submit, name="report_submit"),
    path("bao-cao/tep/<int:pk>/", reports.attachment_download, name="attachment_download"),
    path("tong-ket/<int:pk>/sua/", corrections.review_edit, name="review_edit"),
    path("tong-ket/<int:pk>/huy/", corrections.review_cancel, name="review_cancel"),
    path("ket-qua/<int:pk>/dieu-chinh/", reviews.result_adjust, name="result_adjust"),
    path("de-xuat/<int:pk>/", reviews.proposal_add, name="proposal_add"),
    path("de-xuat/<int:pk>/lap-ho-so/", reviews.proposals_to_dossiers, name="proposals_to_dossiers"),
]
