from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("tiep-nhan/", views.queue, name="queue"),
    path("ho-so/them/", views.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/sua/", views.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/doi-tuong/them/", views.nomination_add, name="nomination_add"),
    path("ho-so/<int:pk>/tai-lieu/", views.attachment_upload, name="attachment_upload"),
    path("ho-so/<int:pk>/gui/", views.dossier_submit, name="dossier_submit"),
    path("ho-so/<int:pk>/tham-dinh/", views.dossier_appraise, name="dossier_appraise"),
    path("ho-so/<int:pk>/du-thanh-phan/", views.dossier_complete, name="dossier_complete"),
    path("ho-so/<int:pk>/tra-lai/", views.dossier_return, name="dossier_return"),
    path("de-nghi/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("de-nghi/<int:pk>/sua/", views.nomination_edit, name="nomination_edit"),
    path("de-nghi/<int:pk>/bo/", views.nomination_remove, name="nomination_remove"),
    path("de-nghi/<int:pk>/tham-dinh/", views.nomination_appraise, name="nomination_appraise"),
    path("de-nghi/<int:pk>/cong-khai/", views.disclosure_open, name="disclosure_open"),
    path("tai-lieu/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("tai-lieu/<int:pk>/xoa/", views.attachment_delete, name="attachment_delete"),
    path("cong-khai/", views.disclosure_list, name="disclosure_list"),
    path("cong-khai/<int:pk>/gop-y/", views.public_comment, name="public_comment"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("lich-su/nhap/", views.history_import, name="history_import"),
    path("lich-su/nhap/mau.xlsx", views.history_template, name="history_template"),
    path("lich-su/nhap/<uuid:public_id>/", views.history_import_detail, name="history_import_detail"),
]

from awards.council_urls import urlpatterns as council_urlpatterns  # noqa: E402  (issue 5)

urlpatterns += council_urlpatterns
