"""URLs of awards part 2 (a plain list, appended to ``awards/urls.py``)."""

from django.urls import path

from awards import council_views as views

urlpatterns = [
    path("hoi-dong/", views.meeting_list, name="meeting_list"),
    path("hoi-dong/them/", views.meeting_create, name="meeting_create"),
    path("hoi-dong/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("hoi-dong/<int:pk>/chuong-trinh/them/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path("hoi-dong/<int:pk>/chuong-trinh/<int:item_pk>/bo/", views.meeting_agenda_remove, name="meeting_agenda_remove"),
    path("hoi-dong/<int:pk>/diem-danh/", views.meeting_attendance, name="meeting_attendance"),
    path("hoi-dong/<int:pk>/mo-bo-phieu/", views.meeting_open, name="meeting_open"),
    path("hoi-dong/<int:pk>/dong-bo-phieu/", views.meeting_close, name="meeting_close"),
    path("hoi-dong/<int:pk>/phong-hop/", views.meeting_room, name="meeting_room"),
    path("hoi-dong/<int:pk>/bo-phieu/", views.meeting_vote, name="meeting_vote"),
    path("hoi-dong/<int:pk>/chuong-trinh/<int:item_pk>/tranh-xet/", views.meeting_recuse, name="meeting_recuse"),
    path("hoi-dong/<int:pk>/phieu-giay/", views.meeting_paper, name="meeting_paper"),
    path("hoi-dong/<int:pk>/ket-qua/", views.meeting_results, name="meeting_results"),
    path("hoi-dong/<int:pk>/tai-lieu/", views.meeting_packet, name="meeting_packet"),
    path("hoi-dong/<int:pk>/bien-ban/", views.meeting_minutes, name="meeting_minutes"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/soan/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision_edit"),
    path(
        "quyet-dinh/<int:pk>/doi-tuong/<int:recipient_pk>/bo/",
        views.decision_recipient_remove,
        name="decision_recipient_remove",
    ),
    path("quyet-dinh/<int:pk>/ky/", views.decision_sign, name="decision_sign"),
    path("quyet-dinh/<int:pk>/tao-pdf/", views.decision_render, name="decision_render"),
    path("quyet-dinh/<int:pk>/tai-ve/<slug:kind>/", views.decision_download, name="decision_download"),
    path("quyet-dinh/<int:pk>/dinh-chinh/", views.decision_amend, name="decision_amend"),
    path("trinh-trung-uong/", views.central_list, name="central_list"),
    path("trinh-trung-uong/<int:item_pk>/ket-qua/", views.central_result, name="central_result"),
]
