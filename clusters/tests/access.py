"""Access-matrix rows of the clusters app.

Cluster A (2024): Châu Thành (``donvi``) is head, Vị Thanh and Phụng Hiệp are
members; Ngã Bảy (``donvi2``) is in no year of it, so gets 404 everywhere.
Cluster B (2024): Ngã Bảy is head and Châu Thành a member: the head's officer
adjusts Châu Thành's score with a reason; Châu Thành's officer may not.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from clusters.models import (
    Agreement,
    AwardProposal,
    Cluster,
    ClusterDocument,
    ClusterYear,
    Criterion,
    CriterionGroup,
    Deduction,
    FlagHandover,
    Membership,
    RotationProposal,
    Score,
)
from thiduakt.testing import row

PDF = b"%PDF-1.4\n%%EOF\n"


def _with_file(obj, name="tep.pdf"):
    obj.file.save(name, ContentFile(PDF), save=False)
    obj.file_name = name
    obj.save()
    return obj


def _year(name, units, head):
    cluster = Cluster.objects.create(name=name, rotation_rule=Cluster.RotationRule.FIXED_ORDER)
    cy = ClusterYear.objects.create(cluster=cluster, year=2024)
    members = {}
    for position, unit in enumerate(units, start=1):
        role = Membership.Role.HEAD if unit == head else Membership.Role.MEMBER
        members[unit.code] = Membership.objects.create(
            cluster_year=cy, unit=unit, role=role, rotation_position=position
        )
    group = CriterionGroup.objects.create(cluster_year=cy, title="Nhiệm vụ chính trị", position=1)
    criterion = Criterion.objects.create(group=group, title="Thu ngân sách", max_points=Decimal("10"), position=1)
    return cluster, cy, members, group, criterion


def rows(world):
    ct, nb, vt, ph = world.chau_thanh, world.nga_bay, world.unit("HG.VT"), world.unit("HG.PH")
    a, cy, members, group, criterion = _year("Cụm kiểm thử A", [ct, vt, ph], head=ct)
    spare = Criterion.objects.create(group=group, title="Tiêu chí dự phòng", max_points=Decimal("5"), position=2)
    own = members["HG.CT"]
    other = members["HG.VT"]
    own_score = _with_file(Score(membership=own, criterion=criterion, self_points=Decimal("8")), "minh-chung.pdf")
    other_score = _with_file(Score(membership=other, criterion=criterion, self_points=Decimal("9")))
    Membership.objects.filter(pk=other.pk).update(submitted_at="2024-12-10T08:00:00+07:00")
    deduction = Deduction.objects.create(membership=other, points=Decimal("1"), reason="Vi phạm", source="Công an")
    document = _with_file(ClusterDocument(cluster_year=cy, kind="plan", title="Kế hoạch"))
    _with_file(Agreement(cluster_year=cy, title="Giao ước 2024", targets="Vượt kế hoạch"))
    handover = _with_file(FlagHandover(cluster=a, year=2024, from_unit=vt, to_unit=ct, handed_on=date(2024, 1, 20)))
    rotation = RotationProposal.objects.create(cluster_year=cy, rule="fixed_order", head=vt, deputy=ph)
    _with_file(AwardProposal(cluster_year=cy), "bien-ban.pdf")
    b, _cy_b, members_b, _group_b, criterion_b = _year("Cụm kiểm thử B", [nb, ct], head=nb)
    ct_score_b = Score.objects.create(membership=members_b["HG.CT"], criterion=criterion_b, self_points=Decimal("7"))

    y = f"/cum-khoi/{a.pk}/2024"
    # Who reads cluster A: staff, the administrator (who holds every permission) and its members'
    # officers; Ngã Bảy's officer and the council member get 404.
    read = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 404, "hoidong": 404}
    read_file = read
    staff_get = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    staff_post = {"anon": 302, "admin": 302, "staff": 302, "donvi": 404, "donvi2": 404, "hoidong": 404}
    head_post = {"anon": 302, "admin": 302, "staff": 302, "donvi": 302, "donvi2": 404, "hoidong": 404}
    everyone = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 200, "hoidong": 200}
    # Whoever reads the ranking may ask for its PDF: a job is created and they are sent to its page.
    read_job = {"anon": 302, "admin": 302, "staff": 302, "donvi": 302, "donvi2": 404, "hoidong": 404}
    pdf = "/cum-khoi/{}/2024/xep-hang.pdf"
    return [
        row("clusters:list", "/cum-khoi/", **everyone),
        row("clusters:list", "/cum-khoi/?nam=2024&q=kiem+thu&loai=cluster", **everyone),
        row("clusters:create", "/cum-khoi/them/", **staff_get),
        row(
            "clusters:create",
            "/cum-khoi/them/",
            method="post",
            data={"name": "Khối mới", "kind": "block", "rotation_rule": "elected"},
            **staff_post,
        ),
        row("clusters:detail", f"/cum-khoi/{a.pk}/", **read),
        row("clusters:edit", f"/cum-khoi/{a.pk}/sua/", **staff_get),
        row("clusters:year_create", f"/cum-khoi/{a.pk}/mo-nam/", **staff_get),
        row("clusters:year_create", f"/cum-khoi/{a.pk}/mo-nam/", method="post", data={"year": 2025}, **staff_post),
        row("clusters:handover_create", f"/cum-khoi/{a.pk}/trao-co/", **staff_get),
        row("clusters:handover_file", f"/cum-khoi/trao-co/{handover.pk}/tep/", **read_file),
        row("clusters:handover_edit", f"/cum-khoi/trao-co/{handover.pk}/sua/", **staff_get),
        row("clusters:handover_cancel", f"/cum-khoi/trao-co/{handover.pk}/huy/", **staff_get),
        row("clusters:year_detail", f"{y}/", **read),
        row("clusters:year_configure", f"{y}/cau-hinh/", **staff_get),
        row("clusters:member_add", f"{y}/thanh-vien/", method="post", data={"unit": nb.pk}, **staff_post),
        row(
            "clusters:member_role", f"{y}/vai-tro/", method="post", data={"unit": vt.pk, "role": "deputy"}, **staff_post
        ),
        row(
            "clusters:document_upload",
            f"{y}/van-ban/",
            method="post",
            data={"kind": "plan", "title": "x"},
            **staff_post,
        ),
        row("clusters:document_download", f"/cum-khoi/van-ban/{document.pk}/", **read_file),
        row("clusters:agreement_edit", f"{y}/giao-uoc/", **staff_get),
        row("clusters:agreement_file", f"{y}/giao-uoc/tep/", **read_file),
        # Commitments: each member's officer for its own unit, and staff.
        row(
            "clusters:commitment_edit",
            f"/cum-khoi/thanh-vien/{own.pk}/cam-ket/",
            anon=302,
            admin=200,
            staff=200,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        row("clusters:commitment_edit", f"/cum-khoi/thanh-vien/{other.pk}/cam-ket/", **staff_get),
        row("clusters:table_copy", f"{y}/bang-diem/sao-chep/", method="post", **staff_post),
        row("clusters:group_create", f"{y}/bang-diem/nhom/", **staff_get),
        row("clusters:group_edit", f"/cum-khoi/nhom-tieu-chi/{group.pk}/sua/", **staff_get),
        row("clusters:criterion_create", f"/cum-khoi/nhom-tieu-chi/{group.pk}/tieu-chi/", **staff_get),
        row("clusters:criterion_edit", f"/cum-khoi/tieu-chi/{criterion.pk}/sua/", **staff_get),
        row("clusters:criterion_delete", f"/cum-khoi/tieu-chi/{spare.pk}/xoa/", method="post", **staff_post),
        # Score sheets: own unit (edits), the head (reads every member), staff.
        row("clusters:score_sheet", f"/cum-khoi/thanh-vien/{own.pk}/cham-diem/", **read),
        row(
            "clusters:score_sheet",
            f"/cum-khoi/thanh-vien/{own.pk}/cham-diem/",
            method="post",
            data={f"points_{criterion.pk}": "9"},
            anon=302,
            admin=302,
            staff=404,
            donvi=302,
            donvi2=404,
            hoidong=404,
        ),
        # The head reads Vị Thanh's sheet but may not enter Vị Thanh's self-score; nobody may, since Vị Thanh
        # has submitted it (the administrator's 404 is that data condition, not a permission).
        row("clusters:score_sheet", f"/cum-khoi/thanh-vien/{other.pk}/cham-diem/", **read),
        row(
            "clusters:score_sheet",
            f"/cum-khoi/thanh-vien/{other.pk}/cham-diem/",
            method="post",
            data={f"points_{criterion.pk}": "10"},
            anon=302,
            admin=404,
            staff=404,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        # The sheet as xlsx: whoever reads the sheet; its import: only the member's own officer (and the admin).
        row("clusters:score_sheet_xlsx", f"/cum-khoi/thanh-vien/{own.pk}/cham-diem.xlsx", **read),
        row("clusters:score_sheet_xlsx", f"/cum-khoi/thanh-vien/{other.pk}/cham-diem.xlsx", **read),
        row(
            "clusters:score_import",
            f"/cum-khoi/thanh-vien/{own.pk}/nhap-diem/",
            anon=302,
            admin=200,
            staff=404,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "clusters:score_import",
            f"/cum-khoi/thanh-vien/{other.pk}/nhap-diem/",
            anon=302,
            admin=200,
            staff=404,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "clusters:score_submit",
            f"/cum-khoi/thanh-vien/{own.pk}/nop/",
            method="post",
            anon=302,
            admin=302,
            staff=404,
            donvi=302,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "clusters:score_return",
            f"/cum-khoi/thanh-vien/{other.pk}/tra-lai/",
            method="post",
            data={"reason": "Bổ sung minh chứng"},
            **head_post,
        ),
        row("clusters:deduction_create", f"/cum-khoi/thanh-vien/{other.pk}/diem-tru/", **staff_get),
        row("clusters:score_adjust", f"/cum-khoi/diem/{other_score.pk}/tham-dinh/", **{**staff_get, "donvi": 200}),
        row(
            "clusters:score_adjust",
            f"/cum-khoi/diem/{other_score.pk}/tham-dinh/",
            method="post",
            data={"points": "8", "reason": "Thiếu minh chứng"},
            **head_post,
        ),
        # Cluster B: Ngã Bảy is head, so its officer adjusts Châu Thành's score; Châu Thành's may not.
        row(
            "clusters:score_adjust",
            f"/cum-khoi/diem/{ct_score_b.pk}/tham-dinh/",
            method="post",
            data={"points": "6", "reason": "Đối chiếu báo cáo"},
            anon=302,
            admin=302,
            staff=302,
            donvi=404,
            donvi2=302,
            hoidong=404,
        ),
        row("clusters:evidence_download", f"/cum-khoi/diem/{own_score.pk}/minh-chung/", **read_file),
        row("clusters:evidence_download", f"/cum-khoi/diem/{other_score.pk}/minh-chung/", **read_file),
        row("clusters:deduction_delete", f"/cum-khoi/diem-tru/{deduction.pk}/xoa/", method="post", **staff_post),
        row("clusters:ranking", f"{y}/xep-hang/", **read),
        row("clusters:ranking_xlsx", f"{y}/xep-hang.xlsx", **read),
        row("clusters:ranking_pdf", pdf.format(a.pk), method="post", **read_job),
        row("clusters:ranking_publish", f"{y}/cong-bo/", method="post", **staff_post),
        row("clusters:rotation_propose", f"{y}/luan-phien/", method="post", **staff_post),
        row("clusters:rotation_record", f"{y}/ket-qua-bau/", **staff_get),
        row("clusters:rotation_confirm", f"/cum-khoi/luan-phien/{rotation.pk}/xac-nhan/", method="post", **staff_post),
        row(
            "clusters:rotation_withdraw",
            f"/cum-khoi/luan-phien/{rotation.pk}/huy/",
            method="post",
            data={"reason": "Nhầm"},
            **staff_post,
        ),
        row("clusters:proposal_create", f"{y}/de-nghi/", method="post", **head_post),
        row("clusters:proposal_edit", f"{y}/de-nghi/sua/", **{**staff_get, "donvi": 200}),
        row("clusters:proposal_send", f"{y}/de-nghi/chuyen/", method="post", **head_post),
        row("clusters:proposal_minutes", f"{y}/de-nghi/bien-ban/", **read_file),
        # Cluster B's pages: Châu Thành is a member there (reads), Ngã Bảy heads it.
        row(
            "clusters:year_detail",
            f"/cum-khoi/{b.pk}/2024/",
            anon=302,
            admin=200,
            staff=200,
            donvi=200,
            donvi2=200,
            hoidong=404,
        ),
    ]
