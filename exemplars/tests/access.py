"""Access-matrix rows of every exemplars URL.

Administrators (superusers) hold every permission, as Django gives them.
``donvi`` is the officer of Châu Thành, which owns the exemplars here; ``donvi2``
(Ngã Bảy) gets 404 on them; ``hoidong`` holds no role in this app.
"""

from datetime import date

from django.core.files.base import ContentFile

from awards.models import Award
from exemplars.honouree_import import HONOUREE_COLUMNS, read
from exemplars.models import EventDocument, Honour, HonoureeImport, Replication, Stage
from exemplars.tests.factories import (
    ExemplarFactory,
    ExemplarFileFactory,
    FosteringActionFactory,
    HonouringEventFactory,
)
from exemplars.tests.images import png_bytes
from thiduakt.spreadsheets import write_xlsx
from thiduakt.testing import row


def _lines(data: bytes) -> list[dict]:
    table = read(data)
    return HONOUREE_COLUMNS.propose(table.headers, table.unnamed)


def _every(status):
    return {"anon": status, "admin": status, "staff": status, "donvi": status, "donvi2": status, "hoidong": status}


def rows(world):
    ex = ExemplarFactory(unit=world.chau_thanh)
    reviewed = ExemplarFactory(unit=world.chau_thanh, stage=Stage.REVIEWED, review_text="Tổng kết")
    published = ExemplarFactory(
        unit=world.chau_thanh, stage=Stage.REPLICATED, is_published=True, public_summary="Được công bố"
    )
    photo = ExemplarFileFactory(exemplar=ex, file=ContentFile(png_bytes(), name="anh.png"))
    public_photo = ExemplarFileFactory(
        exemplar=published, is_public=True, file=ContentFile(png_bytes(), name="anh.png")
    )
    action = FosteringActionFactory(exemplar=ex)
    replication = Replication.objects.create(
        exemplar=reviewed, adopting_unit=world.nga_bay, adopted_on=date(2024, 9, 1), results="Áp dụng"
    )
    event = HonouringEventFactory(organiser=world.unit("HG"))
    honour = Honour.objects.create(event=event, exemplar=reviewed)
    document = EventDocument(
        event=event,
        original_name="qd.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=9,
        sha256="a" * 64,
    )
    document.file.save("qd.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()

    base = "/dien-hinh"
    viewers = {"anon": 302, "admin": 200, "staff": 200, "donvi": 200, "donvi2": 404, "hoidong": 404}
    staff_move = {"anon": 302, "admin": 302, "staff": 302, "donvi": 404, "donvi2": 404, "hoidong": 404}
    unit_edit = {"anon": 302, "admin": 302, "staff": 302, "donvi": 302, "donvi2": 404, "hoidong": 404}
    province = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    data = write_xlsx(HONOUREE_COLUMNS.headers, [[1, "Lê Văn An", "Cá nhân", "Y tế", "", "", "", 1980, "Ông"]])
    honouree_import = HonoureeImport.objects.create(
        event=event, original_name="danh-sach.xlsx", data=data, sha256="b" * 64, columns=_lines(data)
    )
    event_view = {"anon": 302, "admin": 200, "staff": 200, "donvi": 404, "donvi2": 404, "hoidong": 404}
    event_manage = {"anon": 302, "admin": 302, "staff": 302, "donvi": 404, "donvi2": 404, "hoidong": 404}
    return [
        row("exemplars:list", f"{base}/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=404),
        row("exemplars:create", f"{base}/them/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=404),
        row("exemplars:detail", f"{base}/{ex.pk}/", **viewers),
        row(
            "exemplars:update",
            f"{base}/{ex.pk}/sua/",
            anon=302,
            admin=200,
            staff=200,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        # After the review the unit may no longer edit.
        row(
            "exemplars:update",
            f"{base}/{reviewed.pk}/sua/",
            anon=302,
            admin=200,
            staff=200,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "exemplars:move",
            f"{base}/{ex.pk}/chuyen-buoc/",
            method="post",
            data={"to": "fostered", "reason": "Đủ điều kiện"},
            **staff_move,
        ),
        row(
            "exemplars:drop",
            f"{base}/{ex.pk}/dung-theo-doi/",
            method="post",
            data={"reason": "Không còn tiêu biểu"},
            **staff_move,
        ),
        row(
            "exemplars:publish",
            f"{base}/{reviewed.pk}/cong-bo/",
            method="post",
            data={"public_summary": "Tóm tắt"},
            **staff_move,
        ),
        row(
            "exemplars:unpublish",
            f"{base}/{published.pk}/thoi-cong-bo/",
            method="post",
            data={"reason": "Cập nhật nội dung"},
            **staff_move,
        ),
        row(
            "exemplars:fostering_add",
            f"{base}/{ex.pk}/boi-duong/",
            method="post",
            data={"date": "2024-04-01", "responsible_unit": world.chau_thanh.pk, "description": "Tập huấn"},
            **unit_edit,
        ),
        row(
            "exemplars:replication_add",
            f"{base}/{reviewed.pk}/nhan-rong/",
            method="post",
            data={"adopting_unit": world.nga_bay.pk, "adopted_on": "2024-06-01", "results": "Áp dụng tốt"},
            **staff_move,
        ),
        row(
            "exemplars:propose_award",
            f"{base}/{reviewed.pk}/de-nghi-khen-thuong/",
            method="post",
            data={"award": Award.objects.get(code="BKT").pk, "year": 2024, "round_kind": "yearly", "summary": "Tốt"},
            **unit_edit,
        ),
        row(
            "exemplars:fostering_cancel",
            f"{base}/{ex.pk}/boi-duong/{action.pk}/huy/",
            anon=302,
            admin=200,
            staff=200,
            donvi=200,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "exemplars:replication_cancel",
            f"{base}/{reviewed.pk}/nhan-rong/{replication.pk}/huy/",
            anon=302,
            admin=200,
            staff=200,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row("exemplars:file_upload", f"{base}/{ex.pk}/tep/", method="post", data={"kind": "photo"}, **unit_edit),
        row("exemplars:file_download", f"{base}/tep/{photo.pk}/", **viewers),
        row("exemplars:file_thumbnail", f"{base}/tep/{photo.pk}/anh-nho/", **viewers),
        row("exemplars:spread", f"{base}/phan-bo/", **province),
        row("exemplars:event_list", f"{base}/bieu-duong/", **province),
        row(
            "exemplars:event_create",
            f"{base}/bieu-duong/them/",
            anon=302,
            admin=200,
            staff=200,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row("exemplars:event_detail", f"{base}/bieu-duong/{event.pk}/", **event_view),
        row(
            "exemplars:event_honour_add",
            f"{base}/bieu-duong/{event.pk}/them-dien-hinh/",
            method="post",
            data={"exemplar": ex.pk, "citation": "Tiêu biểu"},
            **event_manage,
        ),
        row(
            "exemplars:event_honour_remove",
            f"{base}/bieu-duong/{event.pk}/rut/{honour.pk}/",
            method="post",
            **event_manage,
        ),
        row(
            "exemplars:event_document_upload",
            f"{base}/bieu-duong/{event.pk}/tai-lieu/",
            method="post",
            **event_manage,
        ),
        row(
            "exemplars:event_document_download",
            f"{base}/bieu-duong/{event.pk}/tai-lieu/{document.pk}/",
            **event_view,
        ),
        row("exemplars:event_export_xlsx", f"{base}/bieu-duong/{event.pk}/danh-sach.xlsx", **event_view),
        # The honourees import: whoever adds honourees by hand (staff; administrators hold every permission).
        row("exemplars:event_honourees_import", f"{base}/bieu-duong/{event.pk}/nhap-danh-sach/", **event_view),
        row(
            "exemplars:event_honourees_import_detail",
            f"{base}/bieu-duong/{event.pk}/nhap-danh-sach/{honouree_import.public_id}/",
            **event_view,
        ),
        row("exemplars:event_honourees_template", f"{base}/bieu-duong/{event.pk}/mau-danh-sach.xlsx", **event_view),
        row(
            "exemplars:event_export_pdf",
            f"{base}/bieu-duong/{event.pk}/danh-sach.pdf",
            method="post",
            # Whoever sees the event may ask for its PDF: a job is created and they are sent to its page.
            **{**event_view, "admin": 302, "staff": 302},
        ),
        # The public gallery: anyone, published exemplars only.
        row("exemplars:gallery", f"{base}/tieu-bieu/", **_every(200)),
        row("exemplars:gallery_detail", f"{base}/tieu-bieu/{published.pk}/", **_every(200)),
        row("exemplars:gallery_detail", f"{base}/tieu-bieu/{reviewed.pk}/", **_every(404)),
        row("exemplars:gallery_photo", f"{base}/tieu-bieu/anh/{public_photo.pk}/", **_every(200)),
        row("exemplars:gallery_photo", f"{base}/tieu-bieu/anh/{photo.pk}/", **_every(404)),
    ]
