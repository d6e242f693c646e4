"""Hostile input refused with a clear message and nothing written; award history import."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from awards import services
from awards.imports import COLUMNS
from awards.models import Attachment, AwardRecord, HistoryImport
from awards.models.dossiers import ATTACHMENT_FILES
from awards.services import (
    dossier_create_draft,
    history_import_analyse,
    history_import_apply,
    history_import_create,
    history_import_resolve,
)
from awards.tests.factories import AwardRecordFactory, award
from awards.tests.helpers import JPEG, PDF, PNG, docx_bytes
from thiduakt.models import Job, Person
from thiduakt.services import DomainError, job_run
from thiduakt.uploads import UploadError
from thiduakt.uploads import check_upload as gate

HEADERS = list(COLUMNS.values())


def check_upload(upload):
    return gate(upload, allow=ATTACHMENT_FILES)


def xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name="lich-su.xlsx"):
    return SimpleUploadedFile(name, data)


def line(name="Nguyễn Văn An", birth=1980, unit="HG.CT", code="CSTDCS", year=2023, number="45/QĐ-UBND", **kw):
    values = {
        "kind": "Cá nhân",
        "name": name,
        "birth_year": birth,
        "id_number": "",
        "unit": unit,
        "award": code,
        "year": year,
        "decision_number": number,
        "decision_date": "15/12/2023",
        "issuer": "UBND huyện Châu Thành",
        "award_type": "Công trạng",
        "is_public": "có",
        **kw,
    }
    return [values[k] for k in COLUMNS]


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "awards"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------


def test_check_upload_accepts_each_allowed_kind(settings):
    assert check_upload(upload(PDF, "a.pdf")).content_type == "application/pdf"
    assert check_upload(upload(PNG, "a.png")).kind == "png"
    assert check_upload(upload(JPEG, "a.JPEG")).extension == ".jpg"
    assert check_upload(upload(docx_bytes(), "a.docx")).kind == "docx"
    assert check_upload(upload(xlsx([]), "a.xlsx")).kind == "xlsx"


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "to-trinh.pdf", "không phải PDF, DOCX, XLSX, JPG hoặc PNG"),
        (b"#!/bin/sh\nrm -rf /\n", "bao-cao.pdf", "không phải PDF, DOCX, XLSX, JPG hoặc PNG"),
        (docx_bytes(), "bao-cao.pdf", "không khớp nội dung (nội dung là DOCX)"),
        (b"", "rong.pdf", "rỗng"),
    ],
)
def test_check_upload_refuses_by_content(data, name, message):
    with pytest.raises(UploadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_upload(upload(data, name))


def test_check_upload_refuses_macros_and_zip_bombs():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
        z.writestr("word/vbaProject.bin", "x")
    with pytest.raises(UploadError, match="macro"):
        check_upload(upload(out.getvalue(), "a.docx"))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(UploadError, match="bom nén"):
        check_upload(upload(bomb.getvalue(), "a.docx"))


@pytest.mark.django_db
def test_renamed_executable_upload_is_refused_and_nothing_written(world, private_media):
    dossier = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    client = Client()
    client.force_login(world.user("donvi"))
    exe = SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 500, content_type="application/pdf")
    response = client.post(
        f"/khen-thuong/ho-so/{dossier.pk}/tai-lieu/", {"kind": "request_letter", "file": exe}, follow=True
    )
    assert "Tệp “to-trinh.pdf” không phải PDF, DOCX, XLSX, JPG hoặc PNG" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files() == []


@pytest.mark.django_db
def test_oversized_upload_is_refused_and_nothing_written(world, private_media, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    dossier = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    client = Client()
    client.force_login(world.user("donvi"))
    big = SimpleUploadedFile("to-trinh.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = client.post(
        f"/khen-thuong/ho-so/{dossier.pk}/tai-lieu/", {"kind": "request_letter", "file": big}, follow=True
    )
    assert "Tệp “to-trinh.pdf” quá lớn (tối đa 1 MB)." in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files() == []


@pytest.mark.django_db
def test_valid_upload_is_stored_privately_and_downloaded_through_the_view(world, private_media):
    dossier = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=None, nominees=[])
    client = Client()
    client.force_login(world.user("donvi"))
    client.post(
        f"/khen-thuong/ho-so/{dossier.pk}/tai-lieu/", {"kind": "request_letter", "file": upload(PDF, "Tờ trình.pdf")}
    )
    attachment = Attachment.objects.get()
    assert Path(attachment.file.path).is_relative_to(private_media)
    assert attachment.original_name == "Tờ trình.pdf"
    response = client.get(f"/khen-thuong/tai-lieu/{attachment.pk}/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content) == PDF
    other = Client()
    other.force_login(world.user("donvi2"))
    assert other.get(f"/khen-thuong/tai-lieu/{attachment.pk}/").status_code == 404


# ---------------------------------------------------------------------------
# History import
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_xlsx_with_formula_is_refused_and_nothing_written(world):
    data = xlsx([line(name='=HYPERLINK("http://x","bấm")')])
    with pytest.raises(DomainError) as err:
        history_import_create(upload=upload(data), by=world.user("staff"))
    assert str(err.value) == (
        "Ô B2 chứa công thức chưa có giá trị tính sẵn. Hãy mở tệp bằng Excel và lưu lại,"
        " hoặc dán giá trị (Paste Values) thay cho công thức, rồi tải lại."
    )
    assert (HistoryImport.objects.count(), AwardRecord.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_history_zip_bomb_is_refused_and_nothing_written(world):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    client = Client()
    client.force_login(world.user("staff"))
    response = client.post("/khen-thuong/lich-su/nhap/", {"file": upload(bomb.getvalue())})
    assert response.status_code == 200
    assert "nghi là “bom nén”" in response.content.decode()
    assert (HistoryImport.objects.count(), AwardRecord.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_history_file_with_one_bad_row_in_1000_writes_nothing(world):
    rows = [line(name=f"Cá Nhân Số {i}", number=f"{i}/QĐ-UBND") for i in range(1000)]
    rows[637] = line(name="Người Lỗi", code="KHONGCO")
    client = Client()
    client.force_login(world.user("staff"))
    response = client.post("/khen-thuong/lich-su/nhap/", {"file": upload(xlsx(rows))}, follow=True)
    history_import = HistoryImport.objects.get()
    assert history_import.status == HistoryImport.Status.INVALID
    assert history_import.message == "1 dòng có lỗi; sửa tệp rồi tải lại. Chưa có gì được ghi."
    page = response.content.decode()
    assert "Mã khen thưởng “KHONGCO” không có trong danh mục." in page
    assert [r["row"] for r in history_import.rows if r["status"] == "error"] == [639]
    response = client.post(f"/khen-thuong/lich-su/nhap/{history_import.public_id}/", {"apply": "1"}, follow=True)
    assert "Lượt nhập này không còn chờ xác nhận." in response.content.decode()
    assert AwardRecord.objects.count() == 0
    assert Person.objects.filter(full_name__startswith="Cá Nhân Số").count() == 0


@pytest.mark.django_db
def test_history_import_matches_identities_skips_duplicates_and_resolves_ambiguity(world):
    ct = world.chau_thanh
    known = Person.objects.create(full_name="Nguyễn Văn An", gender="male", birth_year=1980, unit=ct)
    with_id = Person.objects.create(full_name="Lê Thị Bé", gender="female", birth_year=1990, id_number="093190000001")
    Person.objects.create(full_name="Trần Văn Cường", gender="male", birth_year=1975, unit=world.unit("HG.SYT"))
    Person.objects.create(full_name="Trần Văn Cường", gender="male", birth_year=1975, unit=world.unit("HG.STC"))
    AwardRecordFactory(person=known, award=award("CSTDCS"), year=2022, decision_number="10/QĐ-UBND")
    rows = [
        line(name="Nguyen Van An".replace("Nguyen Van An", "Nguyễn Văn An"), year=2022, number="10/QĐ-UBND"),  # dup
        line(name="Nguyễn Văn An", year=2023, number="45/QĐ-UBND"),  # matched by name + birth year + unit
        line(name="Lê Thị Bé", birth="", unit="", id_number="093190000001", code="LDTT"),  # matched by ID
        line(name="Trần Văn Cường", birth=1975, unit="HG.CT", code="LDTT"),  # two candidates elsewhere
        line(name="Võ Thị Mới", birth=1995, code="LDTT"),  # new person
        line(name="Võ Thị Mới", birth=1995, code="LDTT"),  # repeated in the file
        ["Tập thể", "Ủy ban nhân dân xã Đông Phú", "", "", "", "BKT", 2023, "7/QĐ-UBND", "", "", "", "có"],
        ["Hộ gia đình", "Hộ ông Võ Văn Đức", "", "", "HG.CT", "GK", 2023, "3/QĐ-UBND", "", "", "Đột xuất", ""],
    ]
    history_import = history_import_create(upload=upload(xlsx(rows)), by=world.user("staff"))
    statuses = [(r["row"], r["status"]) for r in history_import.rows]
    assert statuses == [
        (2, "duplicate"),
        (3, "new"),
        (4, "new"),
        (5, "ambiguous"),
        (6, "new"),
        (7, "duplicate"),
        (8, "new"),
        (9, "new"),
    ]
    assert history_import.rows[1]["person_id"] == known.pk
    assert history_import.rows[2]["person_id"] == with_id.pk
    assert len(history_import.rows[3]["candidates"]) == 2
    with pytest.raises(DomainError) as err:
        history_import_apply(history_import=history_import, by=None)
    assert str(err.value) == "Cần chọn người tương ứng cho các dòng: 5."
    client = Client()
    client.force_login(world.user("staff"))
    page = client.get(f"/khen-thuong/lich-su/nhap/{history_import.public_id}/").content.decode()
    assert "Trần Văn Cường, sinh 1975, Sở Y tế tỉnh Hậu Giang" in page
    response = client.post(
        f"/khen-thuong/lich-su/nhap/{history_import.public_id}/", {"row-5": "new", "apply": "1"}, follow=True
    )
    assert "Đã thêm 6 bản ghi, bỏ qua 2 dòng trùng." in response.content.decode()
    history_import.refresh_from_db()
    with pytest.raises(DomainError):
        history_import_resolve(history_import=history_import, choices={5: "new"}, by=None)
    assert (history_import.created_count, history_import.skipped_count) == (6, 2)
    assert AwardRecord.objects.filter(source="imported").count() == 7  # with the factory's one
    assert Person.objects.filter(full_name="Trần Văn Cường").count() == 3
    assert Person.objects.filter(full_name="Võ Thị Mới").count() == 1
    household = AwardRecord.objects.get(recipient_kind="household")
    assert (household.household_name, household.award_type, household.is_public) == (
        "Hộ ông Võ Văn Đức",
        "sudden",
        False,
    )
    assert AwardRecord.objects.get(recipient_kind="collective").unit == world.unit("HG.CT.DP")
    # The same file again: everything is a duplicate, nothing more is written.
    again = history_import_create(upload=upload(xlsx(rows)), by=None)
    assert {r["status"] for r in again.rows} - {"duplicate", "ambiguous"} == set()


@pytest.mark.django_db
def test_big_history_file_is_analysed_and_written_by_background_jobs(
    world, settings, django_capture_on_commit_callbacks
):

    rows = [line(name=f"Cá Nhân Lớn {i}", number=f"{i}/QĐ-UBND") for i in range(400)]
    data = xlsx(rows)
    settings.AWARDS_INLINE_IMPORT_BYTES = 1024  # treat this file as big
    with django_capture_on_commit_callbacks():
        history_import = history_import_create(upload=upload(data), by=world.user("staff"))
    assert history_import.status == HistoryImport.Status.ANALYSING
    job = Job.objects.get(kind="awards.history_analyse")
    assert job_run(job_id=job.pk).status == Job.Status.DONE
    history_import.refresh_from_db()
    assert (history_import.status, history_import.total_rows) == (HistoryImport.Status.READY, 400)
    history_import, apply_job = services.history_import_start_apply(history_import=history_import, by=None)
    assert history_import.status == HistoryImport.Status.APPLYING
    assert job_run(job_id=apply_job.pk).status == Job.Status.DONE
    history_import.refresh_from_db()
    assert (history_import.status, history_import.created_count) == (HistoryImport.Status.APPLIED, 400)
    assert AwardRecord.objects.count() == 400


@pytest.mark.django_db
def test_history_import_queries_do_not_grow_with_rows_and_history_records_who_and_why(world):

    staff = world.user("staff")
    known = Person.objects.create(full_name="Nguyễn Văn Có Sẵn", gender="male", birth_year=1980, unit=world.chau_thanh)
    counts = {}
    for size in (30, 300):
        rows = [line(name=f"Người Mới {size} Số {i}", number=f"{i}/QĐ-{size}") for i in range(size - 1)]
        rows.append(line(name="Nguyễn Văn Có Sẵn", number=f"1/QĐ-{size}"))
        history_import = HistoryImport.objects.create(original_name=f"lich-su-{size}.xlsx", created_by=staff)
        history_import.file.save("import.xlsx", io.BytesIO(xlsx(rows)))
        with CaptureQueriesContext(connection) as analysing:
            history_import = history_import_analyse(history_import=history_import)
        assert history_import.status == HistoryImport.Status.READY
        with CaptureQueriesContext(connection) as applying:
            history_import = history_import_apply(history_import=history_import, by=staff)
        assert (history_import.created_count, history_import.skipped_count) == (size, 0)
        counts[size] = (len(analysing.captured_queries), len(applying.captured_queries))
    # Analysis: the same queries whatever the length, but for the preview rows stored by batches (a chunk of
    # 1,000 rows at a time; on SQLite as many rows per insert as its 999 parameters allow, about 249).
    assert counts[300][0] - counts[30][0] <= 1  # one insert more on SQLite, none on PostgreSQL
    # Writing goes by batches (1,000 rows on PostgreSQL; on SQLite as many as its 999 parameters allow, about
    # 15 rows of a record and its history), never row by row: 270 more rows cost fewer than 270 / 10 queries.
    assert counts[300][1] - counts[30][1] < (300 - 30) // 10
    assert AwardRecord.objects.filter(person=known).count() == 2
    assert Person.objects.filter(full_name__startswith="Người Mới").count() == 29 + 299
    person = Person.objects.get(full_name="Người Mới 300 Số 7")
    (created,) = person.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        staff,
        "Nhập lịch sử khen thưởng: lich-su-300.xlsx",
    )
    assert (created.search_text, created.sort_key) == (person.search_text, person.sort_key)
    assert person.search_text == "nguoi moi 300 so 7"
    record = AwardRecord.objects.get(person=person)
    (created,) = record.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        staff,
        "Nhập từ tệp lich-su-300.xlsx",
    )
    assert record.search_text == "nguoi moi 300 so 7 uy ban nhan dan huyen chau thanh"


@pytest.mark.django_db
def test_a_big_history_zip_bomb_is_refused_in_the_request_without_a_job(world, settings):
    settings.AWARDS_INLINE_IMPORT_BYTES = 1024  # the file is "big": analysed by a job if it passes the cheap checks
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(DomainError) as refused:
        history_import_create(upload=upload(out.getvalue()), by=world.user("staff"))
    assert str(refused.value) == "Tệp “lich-su.xlsx” bị nén bất thường (nghi là “bom nén”); hệ thống từ chối nhận."
    assert (HistoryImport.objects.count(), Job.objects.filter(kind="awards.history_analyse").count()) == (0, 0)
