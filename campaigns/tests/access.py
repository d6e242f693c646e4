"""Access-matrix rows of every campaigns URL.

Campaign A (in its interim review) and campaign B (launched) have Châu Thành as their only
participant, so Ngã Bảy's officer (donvi2) cannot even see them; campaign D is a staff draft;
in campaign E both units take part: donvi2 reads the campaign, not Châu Thành's registration or report.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign
from campaigns.tests.factories import launched_campaign
from thiduakt.testing import row

PDF = b"%PDF-1.4\n% thu nghiem\n"


def _objects(world):
    staff, donvi = world.user("staff"), world.user("donvi")
    today = timezone.localdate()
    a = launched_campaign(world, units=[world.chau_thanh], dues=(-10, 20), name="Phong trào A")
    a.document_file.save("ke-hoach.pdf", ContentFile(PDF), save=False)
    a.document_file_name = "ke-hoach.pdf"
    a.save()
    services.campaign_start(campaign=a, by=staff)
    criteria = list(a.criteria.all())
    registration = services.registration_save(
        campaign=a,
        unit=world.chau_thanh,
        by=donvi,
        commitments={c.pk: (Decimal("10"), "") for c in criteria},
    )
    services.registration_submit(registration=registration, by=donvi)
    past, future = list(a.dues.order_by("due_on"))
    report = services.report_save(
        due=past, unit=world.chau_thanh, by=donvi, narrative="Đã làm 5 km", values={criteria[0].pk: (Decimal(5), "")}
    )
    attachment = services.report_attach(report=report, by=donvi, upload=ContentFile(PDF, name="bien-ban.pdf"))
    services.report_submit(report=report, by=donvi)
    review = services.campaign_interim_review(campaign=a, by=staff, held_on=today, summary="Sơ kết giữa kỳ")
    result = review.results.get()
    b = launched_campaign(world, units=[world.chau_thanh], dues=(15,), name="Phong trào B", document_number="98/KH")
    d = services.campaign_create(
        by=staff,
        name="Dự thảo D",
        launcher=Campaign.Launcher.PROVINCIAL_CHAIR,
        kind=Campaign.Kind.REGULAR,
        start_date=today,
        end_date=today + timedelta(days=90),
    )
    d_criterion = services.criterion_add(
        campaign=d, by=staff, indicator="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", target=Decimal(80)
    )
    services.participants_add(campaign=d, by=staff, units=[world.nga_bay])
    d_participant = d.participants.get()
    # E: both units take part, so Ngã Bảy sees the campaign but still not Châu Thành's papers.
    e = launched_campaign(world, dues=(-5,), name="Phong trào E", document_number="97/KH")
    e_registration = services.registration_save(
        campaign=e,
        unit=world.chau_thanh,
        by=donvi,
        commitments={c.pk: (Decimal("3"), "") for c in e.criteria.all()},
    )
    e_report = services.report_save(due=e.dues.get(), unit=world.chau_thanh, by=donvi, narrative="x", values={})
    return locals()


def rows(world):
    o = _objects(world)
    a, b, d = o["a"], o["b"], o["d"]
    reg, report, review = o["registration"], o["report"], o["review"]
    everyone = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 200, "hoidong": 200}
    staff_only = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    staff_post = {"anon": 302, "admin": 302, "staff": 302, "donvi": 404, "donvi2": 404, "hoidong": 404}
    readers = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 404, "hoidong": 200}
    base = "/phong-trao"
    return [
        row("campaigns:list", f"{base}/", **everyone),
        row("campaigns:mine", f"{base}/cua-toi/", **everyone),
        row("campaigns:create", f"{base}/moi/", **staff_only),
        row("campaigns:import", f"{base}/nhap/", **staff_only),
        row("campaigns:export", f"{base}/xuat/", **staff_only),
        row("campaigns:detail", f"{base}/{a.pk}/", **readers),
        # A draft is seen by staff (and administrators) only.
        row(
            "campaigns:detail",
            f"{base}/{d.pk}/",
            anon=302,
            admin=200,
            staff=200,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row("campaigns:edit", f"{base}/{a.pk}/sua/", **staff_only),
        row("campaigns:setup", f"{base}/{d.pk}/thiet-lap/", **staff_post),
        *[
            row("campaigns:setup_step", f"{base}/{d.pk}/thiet-lap/buoc/{slug}/", **staff_only)
            for slug in ("chung", "tieu-chi", "don-vi", "khen-thuong", "lich", "ra-soat")
        ],
        row("campaigns:setup_step", f"{base}/{a.pk}/thiet-lap/buoc/ra-soat/", **staff_only),
        row(
            "campaigns:setup_step",
            f"{base}/{d.pk}/thiet-lap/buoc/lich/",
            method="post",
            data={"report_frequency": "quarterly", "report_day": "20", "remind_days_before": "3"},
            **staff_post,
        ),
        row(
            "campaigns:setup_add",
            f"{base}/{d.pk}/thiet-lap/group/",
            method="post",
            data={"group-name": "Các huyện"},
            **staff_post,
        ),
        row(
            "campaigns:criterion_remove",
            f"{base}/{d.pk}/tieu-chi/{o['d_criterion'].pk}/xoa/",
            method="post",
            data={"reason": "Trùng tiêu chí"},
            **staff_post,
        ),
        row("campaigns:criterion_remove", f"{base}/{d.pk}/tieu-chi/{o['d_criterion'].pk}/xoa/", **staff_only),
        row("campaigns:participant_remove", f"{base}/{d.pk}/don-vi/{o['d_participant'].pk}/xoa/", **staff_only),
        row("campaigns:due_edit", f"{base}/{b.pk}/ky-bao-cao/{b.dues.get().pk}/sua/", **staff_only),
        row("campaigns:due_cancel", f"{base}/{b.pk}/ky-bao-cao/{b.dues.get().pk}/huy/", **staff_only),
        row(
            "campaigns:due_cancel",
            f"{base}/{b.pk}/ky-bao-cao/{b.dues.get().pk}/huy/",
            method="post",
            data={"reason": "Ghi nhầm ngày"},
            **staff_post,
        ),
        row("campaigns:review_edit", f"/phong-trao/tong-ket/{review.pk}/sua/", **staff_only),
        row("campaigns:review_cancel", f"/phong-trao/tong-ket/{review.pk}/huy/", **staff_only),
        row(
            "campaigns:participant_remove",
            f"{base}/{d.pk}/don-vi/{o['d_participant'].pk}/xoa/",
            method="post",
            data={"reason": "Chọn nhầm đơn vị"},
            **staff_post,
        ),
        row("campaigns:transition", f"{base}/{d.pk}/chuyen/launch/", method="post", **staff_post),
        row("campaigns:document", f"{base}/{a.pk}/van-ban/", **readers),
        row("campaigns:participants", f"{base}/{a.pk}/don-vi/", **readers),
        row("campaigns:progress", f"{base}/{a.pk}/tien-do/", **readers),
        row("campaigns:remind_late", f"{base}/{a.pk}/nhac-bao-cao/", method="post", **staff_post),
        row("campaigns:remind_unregistered", f"{base}/{b.pk}/don-vi/nhac-dang-ky/", method="post", **staff_post),
        row(
            "campaigns:registrations_decide",
            f"{base}/{a.pk}/dang-ky/xu-ly/",
            method="post",
            data={"action": "approve", "registrations": [reg.pk]},
            **staff_post,
        ),
        row("campaigns:reviews", f"{base}/{a.pk}/tong-ket/", **readers),
        row(
            "campaigns:review_create",
            f"{base}/{a.pk}/tong-ket/ghi/",
            method="post",
            data={"review-kind": "final", "review-held_on": "2024-12-20", "review-summary": "Tổng kết"},
            **staff_post,
        ),
        row("campaigns:campaign_import", f"{base}/{a.pk}/nhap/registrations/", **staff_only),
        row("campaigns:campaign_export", f"{base}/{a.pk}/xuat/", method="post", **staff_only),
        # Only the officer of a participating unit registers; Ngã Bảy does not take part in B.
        row(
            "campaigns:register",
            f"{base}/{b.pk}/dang-ky/",
            anon=302,
            admin=404,
            staff=404,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        row("campaigns:registration_detail", f"{base}/{a.pk}/dang-ky/{reg.pk}/", **readers),
        row("campaigns:detail", f"{base}/{o['e'].pk}/", **everyone),
        row(
            "campaigns:registration_detail",
            f"{base}/{o['e'].pk}/dang-ky/{o['e_registration'].pk}/",
            **readers,
        ),
        row("campaigns:report_detail", f"{base}/bao-cao/chi-tiet/{o['e_report'].pk}/", **readers),
        # Already submitted: its unit is told so (302); the administrator's attempt is refused by the service (302).
        row(
            "campaigns:registration_submit",
            f"{base}/{a.pk}/dang-ky/{reg.pk}/gui/",
            method="post",
            anon=302,
            admin=302,
            staff=404,
            donvi=302,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "campaigns:registration_approve",
            f"{base}/{a.pk}/dang-ky/{reg.pk}/duyet/",
            method="post",
            **staff_post,
        ),
        row(
            "campaigns:registration_return",
            f"{base}/{a.pk}/dang-ky/{reg.pk}/tra-lai/",
            method="post",
            data={"reason": "Thiếu chỉ tiêu"},
            **staff_post,
        ),
        row(
            "campaigns:report_edit",
            f"{base}/bao-cao/{o['future'].pk}/",
            anon=302,
            admin=404,
            staff=404,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        row("campaigns:report_detail", f"{base}/bao-cao/chi-tiet/{report.pk}/", **readers),
        row(
            "campaigns:report_submit",
            f"{base}/bao-cao/chi-tiet/{report.pk}/gui/",
            method="post",
            anon=302,
            admin=302,
            staff=404,
            donvi=302,
            donvi2=404,
            hoidong=404,
        ),
        row("campaigns:attachment_download", f"{base}/bao-cao/tep/{o['attachment'].pk}/", **readers),
        row(
            "campaigns:result_adjust",
            f"{base}/ket-qua/{o['result'].pk}/dieu-chinh/",
            method="post",
            data={"percent": "90", "reason": "Bổ sung số liệu"},
            **staff_post,
        ),
        row(
            "campaigns:proposal_add",
            f"{base}/de-xuat/{review.pk}/",
            method="post",
            data={"proposal-unit": str(o["a"].participants.get().unit_id), "proposal-kind": "collective"},
            **staff_post,
        ),
        row("campaigns:proposals_to_dossiers", f"{base}/de-xuat/{review.pk}/lap-ho-so/", method="post", **staff_post),
    ]
