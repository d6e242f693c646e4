"""Access-matrix rows of the awards URLs (part 1: dossiers, appraisal, disclosure, lookup, history import, the
evidence the eligibility check reads)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import (
    AchievementConfirmation,
    DisciplineRecord,
    Dossier,
    HistoryImport,
    Initiative,
    Nomination,
    NomineeImport,
    PendingMatter,
    TaskRating,
)
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
    nominee_import = NomineeImport.objects.create(
        dossier=draft,
        original_name="danh-sach.xlsx",
        status=NomineeImport.Status.INVALID,
        created_by=world.user("donvi"),
    )
    d, n, s, a = draft.pk, nomination.pk, sent.pk, attachment.pk
    post = {"method": "post"}
    staff_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    everyone = {"anon": 200, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 200, "hoidong": 200}
    # Objects of Châu Thành: its officer may act, Ngã Bảy's officer and others get 404, staff may read;
    # the administrator holds every permission and sees every dossier.
    unit_edit = {"anon": 302, "admin": 302, "staff": 404, "donvi": 302, "donvi2": 404, "hoidong": 404}
    unit_read = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 404, "hoidong": 404}
    unit_form = {"anon": 302, "admin": 200, "staff": 404, "donvi": 200, "donvi2": 404, "hoidong": 404}
    staff_act = {"anon": 302, "admin": 302, "staff": 302, "donvi": 404, "donvi2": 404, "hoidong": 404}
    return [
        *_evidence_rows(world, person, sent_nomination, staff_only, staff_act),
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
        row("awards:nominee_import", f"/khen-thuong/ho-so/{d}/doi-tuong/nhap/", **unit_form),
        row("awards:nominee_template", f"/khen-thuong/ho-so/{d}/doi-tuong/nhap/mau.xlsx", **unit_form),
        row(
            "awards:nominee_import_detail",
            f"/khen-thuong/ho-so/{d}/doi-tuong/nhap/{nominee_import.public_id}/",
            **unit_read,
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


def _evidence_rows(world, person, nomination, staff_only, staff_act):
    """Staff only: every page of "Căn cứ xét khen thưởng" (each kind of record) and its writes."""
    ct = world.chau_thanh
    records = {
        "xep-loai": TaskRating.objects.create(person=person, year=2023, rating="excellent", basis="QĐ 1/QĐ-UBND"),
        "sang-kien": Initiative.objects.create(person=person, title="Sáng kiến ma trận", level="unit", year=2023),
        "ky-luat": DisciplineRecord.objects.create(person=person, level="reprimand", year=2020),
        "vu-viec": PendingMatter.objects.create(
            person=person, kind="complaint", started_on=date(2024, 3, 1), basis="Đơn thư ngày 01/03/2024"
        ),
        "xac-nhan": AchievementConfirmation.objects.create(
            nomination=nomination, fact="sudden_achievement", basis="Công văn 9/CV-CA"
        ),
    }
    p, u, n, matter = person.pk, ct.pk, nomination.pk, records["vu-viec"].pk
    post = {"method": "post"}
    rows = [
        row("awards:evidence_index", "/khen-thuong/can-cu/?q=ma+tran", **staff_only),
        row("awards:evidence_person", f"/khen-thuong/can-cu/ca-nhan/{p}/", **staff_only),
        row("awards:evidence_unit", f"/khen-thuong/can-cu/tap-the/{u}/", **staff_only),
        row("awards:matter_close", f"/khen-thuong/can-cu/vu-viec/{matter}/ket-thuc/", **staff_only),
        row(
            "awards:matter_close",
            f"/khen-thuong/can-cu/vu-viec/{matter}/ket-thuc/",
            data={"ended_on": "02/04/2024", "outcome": "no_violation"},
            **post,
            **staff_act,
        ),
        row("awards:confirmation_add", f"/khen-thuong/can-cu/de-nghi/{n}/xac-nhan/", **staff_only),
        row(
            "awards:confirmation_add",
            f"/khen-thuong/can-cu/de-nghi/{n}/xac-nhan/",
            data={"fact": "contribution", "basis": "Giấy xác nhận 3/GXN"},
            **post,
            **staff_act,
        ),
        row(
            "awards:evidence_person_add",
            f"/khen-thuong/can-cu/ca-nhan/{p}/xep-loai/them/",
            data={"year": "2024", "rating": "good", "basis": "QĐ 2/QĐ-UBND"},
            **post,
            **staff_act,
        ),
        row(
            "awards:evidence_unit_add",
            f"/khen-thuong/can-cu/tap-the/{u}/vu-viec/them/",
            data={"kind": "inspection", "started_on": "01/02/2024", "basis": "QĐ thanh tra 5/QĐ-TTr"},
            **post,
            **staff_act,
        ),
        row(
            "awards:evidence_cancel",
            f"/khen-thuong/can-cu/sang-kien/{records['sang-kien'].pk}/huy/",
            data={"reason": "Nhập nhầm người"},
            **post,
            **staff_act,
        ),
        row(
            "awards:evidence_edit",
            f"/khen-thuong/can-cu/ky-luat/{records['ky-luat'].pk}/sua/",
            data={"level": "warning", "year": "2020", "reason": "Sai hình thức"},
            **post,
            **staff_act,
        ),
    ]
    for slug in ("xep-loai", "sang-kien", "ky-luat", "vu-viec"):
        rows.append(row("awards:evidence_person_add", f"/khen-thuong/can-cu/ca-nhan/{p}/{slug}/them/", **staff_only))
    for slug in ("xep-loai", "vu-viec"):
        rows.append(row("awards:evidence_unit_add", f"/khen-thuong/can-cu/tap-the/{u}/{slug}/them/", **staff_only))
    for slug, record in records.items():
        rows.append(row("awards:evidence_edit", f"/khen-thuong/can-cu/{slug}/{record.pk}/sua/", **staff_only))
        rows.append(row("awards:evidence_cancel", f"/khen-thuong/can-cu/{slug}/{record.pk}/huy/", **staff_only))
    return rows
