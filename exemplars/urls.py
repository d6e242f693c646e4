from django.urls import path

from exemplars import views, views_import

app_name = "exemplars"

urlpatterns = [
    path("", views.exemplar_list, name="list"),
    path("them/", views.exemplar_create, name="create"),
    path("<int:pk>/", views.exemplar_detail, name="detail"),
    path("<int:pk>/sua/", views.exemplar_update, name="update"),
    path("<int:pk>/chuyen-buoc/", views.exemplar_move, name="move"),
    path("<int:pk>/dung-theo-doi/", views.exemplar_drop, name="drop"),
    path("<int:pk>/cong-bo/", views.exemplar_publish, name="publish"),
    path("<int:pk>/thoi-cong-bo/", views.exemplar_unpublish, name="unpublish"),
    path("<int:pk>/boi-duong/", views.fostering_add, name="fostering_add"),
    path("<int:pk>/nhan-rong/", views.replication_add, name="replication_add"),
    path("<int:pk>/boi-duong/<int:action_pk>/huy/", views.fostering_cancel, name="fostering_cancel"),
    path("<int:pk>/nhan-rong/<int:replication_pk>/huy/", views.replication_cancel, name="replication_cancel"),
    path("<int:pk>/tep/", views.file_upload, name="file_upload"),
    path("<int:pk>/de-nghi-khen-thuong/", views.propose_award, name="propose_award"),
    path("tep/<int:file_pk>/", views.file_download, name="file_download"),
    path("tep/<int:file_pk>/anh-nho/", views.file_thumbnail, name="file_thumbnail"),
    path("phan-bo/", views.spread_view, name="spread"),
    path("bieu-duong/", views.event_list, name="event_list"),
    path("bieu-duong/them/", views.event_create, name="event_create"),
    path("bieu-duong/<int:pk>/", views.event_detail, name="event_detail"),
    path("bieu-duong/<int:pk>/them-dien-hinh/", views.event_honour_add, name="event_honour_add"),
    path("bieu-duong/<int:pk>/rut/<int:honour_pk>/", views.event_honour_remove, name="event_honour_remove"),
    path("bieu-duong/<int:pk>/tai-lieu/", views.event_document_upload, name="event_document_upload"),
    path(
        "bieu-duong/<int:pk>/tai-lieu/<int:document_pk>/",
        views.event_document_download,
        name="event_document_download",
    ),
    path("bieu-duong/<int:pk>/danh-sach.xlsx", views.event_export_xlsx, name="event_export_xlsx"),
    path("bieu-duong/<int:pk>/nhap-danh-sach/", views_import.honourees_import, name="event_honourees_import"),
    path(
        "bieu-duong/<int:pk>/nhap-danh-sach/<uuid:public_id>/",
        views_import.honourees_import_detail,
        name="event_honourees_import_detail",
    ),
    path("bieu-duong/<int:pk>/mau-danh-sach.xlsx", views_import.honourees_template, name="event_honourees_template"),
    path("bieu-duong/<int:pk>/danh-sach.pdf", views.event_export_pdf, name="event_export_pdf"),
    path("tieu-bieu/", views.gallery, name="gallery"),
    path("tieu-bieu/<int:pk>/", views.gallery_detail, name="gallery_detail"),
    path("tieu-bieu/anh/<int:file_pk>/", views.gallery_photo, name="gallery_photo"),
]
