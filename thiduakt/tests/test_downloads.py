"""The download response: attachment, nosniff, the checked type (never the uploaded name's), 404 when missing."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client

from reports.tests.factories import ReportFactory
from thiduakt.downloads import (
    GENERATED,
    bytes_response,
    content_disposition,
    generated_content_type,
    private_file_response,
)
from thiduakt.models import Job
from thiduakt.tests.upload_files import PDF, png_bytes
from thiduakt.tests.upload_screens import SCREENS
from thiduakt.uploads import IMAGES

VIETNAMESE = "attachment; filename=\"Bao cao quy.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD.pdf"


def _headers(response) -> dict:
    names = ("Content-Type", "Content-Disposition", "X-Content-Type-Options", "Cache-Control")
    return {name: response[name] for name in names}


def test_content_disposition_ascii_and_vietnamese():
    assert content_disposition("bang-diem.xlsx") == 'attachment; filename="bang-diem.xlsx"'
    assert content_disposition("Báo cáo quý.pdf") == VIETNAMESE
    assert content_disposition('../x"\r\nSet-Cookie: a=b.pdf') == (
        "attachment; filename=\"x_Set-Cookie_ a_b.pdf\"; filename*=UTF-8''x%22Set-Cookie%3A%20a%3Db.pdf"
    )
    assert (
        content_disposition("Đơn.jpg", inline=True)
        == "inline; filename=\"Don.jpg\"; filename*=UTF-8''%C4%90%C6%A1n.jpg"
    )


def test_generated_content_types_come_from_one_table():
    assert generated_content_type("bao-cao.xlsx") == GENERATED["xlsx"]
    assert generated_content_type("QD-12.PDF") == "application/pdf"
    assert generated_content_type("ghi-chu.html") == "application/octet-stream"


@pytest.mark.django_db
def test_private_file_response_serves_the_checked_type_as_an_attachment(private_media):
    job = Job(kind="x")
    job.result_file.name = default_storage.save("jobs/t/Báo cáo.pdf", ContentFile(PDF))
    response = private_file_response(job.result_file, filename="Báo cáo quý.pdf", content_type="application/pdf")
    assert _headers(response) == {
        "Content-Type": "application/pdf",
        "Content-Disposition": VIETNAMESE,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private",
    }
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
@pytest.mark.parametrize("stored_type", ["application/hta", "text/html", "", None])
def test_private_file_response_never_serves_a_type_that_was_not_checked(private_media, stored_type):
    path = Path(private_media) / "a.hta"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 <script>")
    response = private_file_response(path, filename="bao-cao.hta", content_type=stored_type)
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/octet-stream",
        'attachment; filename="bao-cao.hta"',
    )
    response.close()


@pytest.mark.django_db
def test_private_file_response_is_404_when_the_file_is_missing_or_empty(private_media):
    job = Job(kind="x")
    with pytest.raises(Http404):
        private_file_response(job.result_file, filename="x.pdf")
    job.result_file.name = "jobs/khong-co.pdf"
    with pytest.raises(Http404):
        private_file_response(job.result_file, filename="x.pdf")
    with pytest.raises(Http404):
        private_file_response(Path(private_media) / "khong-co.pdf", filename="x.pdf")


def test_bytes_response_for_generated_files():
    response = bytes_response(b"PK..", filename="phong-trao.xlsx", kind="xlsx")
    assert _headers(response) == {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": 'attachment; filename="phong-trao.xlsx"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private",
    }
    thumb = bytes_response(b"\xff\xd8", filename="anh.jpg", kind="jpg", inline=True, max_age=3600)
    assert (thumb["Content-Disposition"], thumb["Cache-Control"]) == (
        'inline; filename="anh.jpg"',
        "private, max-age=3600",
    )
    with pytest.raises(KeyError):
        bytes_response(b"<html>", filename="x.html", kind="html")


# ---------------------------------------------------------------------------
# Every upload screen's download, through its real view
# ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("screen", SCREENS, ids=[s.id for s in SCREENS])
def test_screen_download_is_an_attachment_of_the_checked_type_and_404_once_the_file_is_gone(
    screen, world, private_media
):
    target = screen.prepare(world)
    uploader = Client()
    uploader.force_login(world.user(screen.role))
    if screen.allow is IMAGES:
        name, data, content_type = "Báo cáo quý.png", png_bytes(), "image/png"
        disposition = "attachment; filename=\"Bao cao quy.png\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD.png"
    else:
        name, data, content_type, disposition = "Báo cáo quý.pdf", PDF, "application/pdf", VIETNAMESE
    file = SimpleUploadedFile(name, data, content_type="text/html")
    uploader.post(target.url, {**target.data, target.field: file})
    row = screen.stored().get()
    client = Client()
    client.force_login(world.user(screen.downloader))
    response = client.get(screen.download_url(row))
    assert (response.status_code, _headers(response)) == (
        200,
        {
            "Content-Type": content_type,
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private",
        },
    )
    assert b"".join(response.streaming_content) == data
    Path((getattr(row, "file", None) or row.document_file).path).unlink()
    assert client.get(screen.download_url(row)).status_code == 404


def _done_job(user, name: str, data: bytes) -> Job:
    job = Job.objects.create(kind="reports.pdf", requested_by=user, status=Job.Status.DONE, progress=100)
    job.result_file.name = default_storage.save(f"jobs/t/{job.public_id}/{name}", ContentFile(data))
    job.result_name, job.result_size = name, len(data)
    job.save()
    return job


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,name,content_type",
    [
        ("/cong-viec/{job.public_id}/tai-ve/", "danh-ba-don-vi.xlsx", GENERATED["xlsx"]),
        ("/bao-cao/{report.pk}/tai-ve/pdf/", "Thống kê 2024.pdf", "application/pdf"),
    ],
    ids=["job", "report"],
)
def test_generated_results_are_served_by_their_own_type_and_404_once_gone(
    world, private_media, url, name, content_type
):
    staff = world.user("staff")
    job = _done_job(staff, name, b"%PDF-1.4 test")
    report = ReportFactory(unit=None, requested_by=staff, pdf_job=job)
    client = Client()
    client.force_login(staff)
    response = client.get(url.format(job=job, report=report))
    assert (response.status_code, _headers(response)) == (
        200,
        {
            "Content-Type": content_type,
            "Content-Disposition": content_disposition(name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private",
        },
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    Path(job.result_file.path).unlink()
    assert client.get(url.format(job=job, report=report)).status_code == 404
