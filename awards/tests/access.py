"""Access-matrix rows of the awards URLs (part 1: dossiers, appraisal, disclosure, lookup, history import)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import Dossier, HistoryImport, Nomination
from awards.services import attachment_add, dossier_create_draft
from thiduakt.models import Person
from thiduakt.testing import row

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rows(world):
    ct = world.chau_thanh
    person = Person.objects.create(full_name="Nguyễn Văn Ma Trận", gender="male", birth_year=1980, unit=ct)
    other = Person.objects.create(full_name="Trần Thị Ma Trận", gender="female", birth_year=1981, unit=ct)
    third = Person.objects.create(full_name="Lê Văn Ma Trận", gender="male", birth_year=1982, unit=ct)
    draft = dossier_create_draft(
        unit=ct,
        round_kind="yearly",
        year=2024,
        by=world.user("donvi"),
        nominees=[{"kind": "individual", "person": person, "award": "BKT", "summary": "Tốt"}],
    )
    nomination = draft.nominations.get()
    attachment = attachment_add(
        dossier=draft,
        nomination=nomination,
        kind="achievement_report",
        upload=SimpleUploadedFile("bao-cao.pdf", PDF),
        by=world.user("donvi"),
    )
    sent = dossier_create_draft(
        unit=ct,
        round_kind="yearly",
        year=2024,
        by=world.user("donvi"),
        nominees=[
            {"kind": "individual", "person": other, "award": "BKT", "summary": "Tốt"},
            {"kind": "individual", "person": third, "award": "HCLD3", "summary": "Tốt"},
        ],
    )
    today = timezone.localdate()
    Dossier.objects.filter(pk=sent.pk).update(status=Dossier.Status.SUBMITTED, received_on=today, round_number=1)
    sent_nomination = sent.nominations.get(person=other)
    disclosed = sent.nominations.get(person=third)
    Nomination.objects.filter(pk=disclosed.pk).update(
        status=Nomination.Status.READY_FOR_COUNCIL,
        disclosure_opens_on=today,
        disclosure_closes_on=today + timezone.timedelta(days=14),
    )
    history_import = HistoryImport.objects.create(
        original_name="lich-su.xlsx", status=HistoryImport.Status.INVALID, created_by=world.user("staff")
    )
    d, n, s, a = draft.pk, nomination.pk, sent.pk, attachment.pk
    post = {"method": "post"}
    staff_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    everyone = {"anon": 200, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 200, "hoidong": 200}
    # Objects of Châu Thành: its officer may act, Ngã Bảy's officer and others get 404, staff may read;
    # the administrator holds every permission and sees every dossier.
    unit_edit = {"anon": 302, "admin": 302, "staff": 404, "donvi": 302, "donvi2": 404, "hoidong": 404}
    unit_read = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 404, "hoidong": 404}
    staff_act = {"anon": 302, "admin": 302, "staff": 302, "donvi": 404, "donvi2": 404, "hoidong": 404}
    return [
        row("awards:dossier_list", "/khen-thuong/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=404),
        row("awards:queue", "/khen-thuong/tiep-nhan/", **staff_only),
        row(
            "awards:dossier_create",
            "/khen-thuong/ho-so/them/",
            anon=302,
            admin=200,
            staff=404,
            donvi=200,
            donvi2=200,
            hoidong=404,
        ),
        row("awards:dossier_detail", f"/khen-thuong/ho-so/{d}/", **unit_read),
        row("awards:dossier_edit", f"/khen-thuong/ho-so/{d}/sua/", **post, **unit_edit),
        row(
            "awards:nomination_add",
            f"/khen-thuong/ho-so/{d}/doi-tuong/them/",
            anon=302,
            admin=200,
            staff=404,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        row("awards:attachment_upload", f"/khen-thuong/ho-so/{d}/tai-lieu/", **post, **unit_edit),
        row("awards:dossier_submit", f"/khen-thuong/ho-so/{d}/gui/", **post, **unit_edit),
        row(
            "awards:dossier_appraise",
            f"/khen-thuong/ho-so/{s}/tham-dinh/",
            anon=302,
            admin=200,
            staff=200,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row("awards:dossier_complete", f"/khen-thuong/ho-so/{s}/du-thanh-phan/", **post, **staff_act),
        row(
            "awards:dossier_accept_late",
            f"/khen-thuong/ho-so/{s}/chap-nhan-nop-muon/",
            data={"reason": "Đơn vị đã báo trước lý do gửi muộn"},
            **post,
            **staff_act,
        ),
        row(
            "awards:dossier_return",
            f"/khen-thuong/ho-so/{s}/tra-lai/",
            data={"reason": "Thiếu biên bản"},
            **post,
            **staff_act,
        ),
        row("awards:nomination_detail", f"/khen-thuong/de-nghi/{n}/", **unit_read),
        row(
            "awards:nomination_edit",
            f"/khen-thuong/de-nghi/{n}/sua/",
            data={"summary": "Mới"},
            **post,
            **unit_edit,
        ),
        row("awards:nomination_remove", f"/khen-thuong/de-nghi/{n}/bo/", **post, **unit_edit),
        row(
            "awards:nomination_appraise",
            f"/khen-thuong/de-nghi/{sent_nomination.pk}/tham-dinh/",
            data={"decision": "accept"},
            **post,
            **staff_act,
        ),
        row("awards:disclosure_open", f"/khen-thuong/de-nghi/{sent_nomination.pk}/cong-khai/", **post, **staff_act),
        row("awards:attachment_download", f"/khen-thuong/tai-lieu/{a}/", **unit_read),
        row("awards:attachment_delete", f"/khen-thuong/tai-lieu/{a}/xoa/", **post, **unit_edit),
        row("awards:disclosure_list", "/khen-thuong/cong-khai/", **everyone),
        row(
            "awards:public_comment",
            f"/khen-thuong/cong-khai/{disclosed.pk}/gop-y/",
            data={"body": "Góp ý thử"},
            method="post",
            anon=302,
            admin=302,
            staff=302,
            donvi=302,
            donvi2=302,
            hoidong=302,
        ),
        row("awards:lookup", "/khen-thuong/tra-cuu/", **everyone),
        row("lookup_short", "/tra-cuu/", anon=302, admin=302, staff=302, donvi=302, donvi2=302, hoidong=302),
        row("awards:history_import", "/khen-thuong/lich-su/nhap/", **staff_only),
        row("awards:history_template", "/khen-thuong/lich-su/nhap/mau.xlsx", **staff_only),
        row("awards:history_import_detail", f"/khen-thuong/lich-su/nhap/{history_import.public_id}/", **staff_only),
    ]
