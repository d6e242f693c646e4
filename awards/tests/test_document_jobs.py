"""A decision's Word files and payment list (issue 18): a short decision's are the answer of the click itself,
a longer one's are made by a background job (one job for repeated clicks) whose page gives the same file."""

import io
import subprocess
from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client
from openpyxl import load_workbook

from awards import jobs
from awards.models import Decision, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from awards.tests.test_documents_docx import texts
from thiduakt.models import Job
from thiduakt.services import job_create, job_run
from thiduakt.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
NAMES = ["Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Cúc"]
FILE_JOBS = [jobs.DOCX_JOB, jobs.PAYMENTS_PDF_JOB, jobs.PAYMENTS_XLSX_JOB]


def _file_jobs():
    """The jobs of this file's kinds (signing queues the decision's PDF job of its own)."""
    return Job.objects.filter(kind__in=FILE_JOBS)


def _decision(world, lines: int, *, sign: bool = True) -> Decision:
    staff = world.user("staff")
    nominees = [
        ready_nomination(
            "BKT",
            status=Nomination.Status.READY_FOR_DECISION,
            person=PersonFactory(full_name=name, gender="female" if "Thị" in name else "male"),
        )
        for name in NAMES[:lines]
    ]
    decision = decision_create_draft(award=award("BKT"), nominations=nominees, by=staff)
    decision_update(decision=decision, by=staff, signer_name="Trương Cảnh Tuyên")
    if sign:
        decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 1))
    return Decision.objects.get(pk=decision.pk)


def _long_from_3_lines(monkeypatch):
    monkeypatch.setattr(jobs, "IN_REQUEST_MAX_LINES", 2)
    monkeypatch.setattr(jobs, "IN_REQUEST_MAX_PDF_LINES", 2)


def _client(world, role="staff") -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def _urls(decision) -> dict[str, str]:
    base = f"/khen-thuong/quyet-dinh/{decision.pk}"
    return {
        "docx": f"{base}/word/quyet-dinh/",
        "annex": f"{base}/word/danh-sach/",
        "proposal": f"{base}/word/to-trinh/",
        "xlsx": f"{base}/chi-thuong.xlsx",
        "pdf": f"{base}/chi-thuong.pdf",
    }


def _disposition(name: str) -> str:
    return f"filename*=UTF-8''{quote(name, safe='')}"


def _pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _xlsx_rows(data: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def test_a_short_decision_answers_its_files_in_the_request_to_a_post(world):
    decision = _decision(world, 2)
    slug = decision.number_display.replace("/", "-")
    client = _client(world)
    expected = {
        "docx": (DOCX, f"QD-{slug}.docx"),
        "annex": (DOCX, f"DanhSach-QD-{slug}.docx"),
        "proposal": (DOCX, f"ToTrinh-QD-{slug}.docx"),
        "xlsx": (XLSX, f"chi-tien-thuong-QD-{slug}.xlsx"),
        "pdf": (PDF, f"chi-tien-thuong-QD-{slug}.pdf"),
    }
    for name, url in _urls(decision).items():
        response = client.post(url)
        content_type, filename = expected[name]
        assert (response.status_code, response["Content-Type"]) == (200, content_type), name
        assert response["Content-Disposition"].endswith(_disposition(filename)), name
        assert client.get(url).status_code == 405, name  # asking for a file may start a job: never by a GET
    assert f"Số: {decision.number_display}" in texts(client.post(_urls(decision)["docx"]).content)
    assert "Bà Nguyễn Thị Lan" in _pdf_text(client.post(_urls(decision)["pdf"]).content)
    assert _file_jobs().count() == 0


def test_the_page_asks_for_the_files_by_post_forms(world):
    decision = _decision(world, 1)
    page = _client(world).get(f"/khen-thuong/quyet-dinh/{decision.pk}/").content.decode()
    for url in _urls(decision).values():
        assert f'<form method="post" action="{url}">' in page
        assert f'href="{url}"' not in page


def test_a_long_decision_starts_one_job_per_file_however_often_it_is_asked(world, monkeypatch):
    _long_from_3_lines(monkeypatch)
    decision = _decision(world, 3)
    client = _client(world)
    urls = _urls(decision)
    started = {}
    for name in ("docx", "proposal", "xlsx", "pdf"):
        first, second = client.post(urls[name]), client.post(urls[name])
        job = _file_jobs().order_by("-pk").first()
        assert (first.status_code, first["Location"]) == (302, f"/cong-viec/{job.public_id}/"), name
        assert (second.status_code, second["Location"]) == (302, f"/cong-viec/{job.public_id}/"), name
        started[name] = (job.kind, job.params, job.status, job.requested_by)
    staff = world.user("staff")
    assert started == {
        "docx": (jobs.DOCX_JOB, {"decision_id": decision.pk, "kind": "decision"}, "waiting", staff),
        "proposal": (jobs.DOCX_JOB, {"decision_id": decision.pk, "kind": "proposal"}, "waiting", staff),
        "xlsx": (jobs.PAYMENTS_XLSX_JOB, {"decision_id": decision.pk}, "waiting", staff),
        "pdf": (jobs.PAYMENTS_PDF_JOB, {"decision_id": decision.pk}, "waiting", staff),
    }
    assert _file_jobs().count() == 4
    page = client.post(urls["annex"], follow=True).content.decode()
    assert "Quyết định có 3 dòng: tệp đang được lập trong nền" in page
    assert "Tạo văn bản Word của quyết định khen thưởng" in page
    assert "Tệp này đang được lập; mời theo dõi tiến độ." in client.post(urls["annex"], follow=True).content.decode()
    assert _file_jobs().count() == 5


def test_the_payment_pdf_goes_to_a_job_from_its_own_shorter_length(world, monkeypatch):
    """A PDF table costs ~20 ms a line to lay out, a Word or xlsx line a fraction of a millisecond."""
    monkeypatch.setattr(jobs, "IN_REQUEST_MAX_PDF_LINES", 2)
    decision = _decision(world, 3)
    client = _client(world)
    answers = {name: client.post(url) for name, url in _urls(decision).items()}
    assert {name: response.status_code for name, response in answers.items()} == {
        "docx": 200,
        "annex": 200,
        "proposal": 200,
        "xlsx": 200,
        "pdf": 302,
    }
    assert list(_file_jobs().values_list("kind", flat=True)) == [jobs.PAYMENTS_PDF_JOB]


def test_the_job_gives_the_same_file_as_the_request(world, monkeypatch, private_media):
    decision = _decision(world, 3)
    client = _client(world)
    urls = _urls(decision)
    in_request = {name: client.post(url) for name, url in urls.items()}
    assert [t.split(",")[0] for t in texts(in_request["annex"].content) if t[:2] in ("1.", "2.", "3.")] == [
        "1. Ông Trần Văn Bình",
        "2. Bà Lê Thị Cúc",
        "3. Bà Nguyễn Thị Lan",
    ]
    _long_from_3_lines(monkeypatch)
    for name, url in urls.items():
        job = Job.objects.get(public_id=client.post(url)["Location"].split("/")[2])
        assert (job_run(job_id=job.pk).status, name) == (Job.Status.DONE, name)
        page = client.get(f"/cong-viec/{job.public_id}/").content.decode()
        assert f'href="/cong-viec/{job.public_id}/tai-ve/"' in page
        response = client.get(f"/cong-viec/{job.public_id}/tai-ve/")
        made = b"".join(response.streaming_content)
        before = in_request[name]
        assert response["Content-Type"] == before["Content-Type"], name
        assert response["Content-Disposition"] == before["Content-Disposition"], name
        if name == "xlsx":
            assert _xlsx_rows(made) == _xlsx_rows(before.content)
        elif name == "pdf":
            assert _pdf_text(made) == _pdf_text(before.content)
        else:
            assert texts(made) == texts(before.content), name


def test_another_units_officer_gets_404_and_starts_nothing(world, monkeypatch, private_media):
    decision = _decision(world, 3)
    urls = _urls(decision)
    officer = _client(world, "donvi")
    for url in urls.values():
        assert officer.post(url).status_code == 404
    _long_from_3_lines(monkeypatch)
    for url in urls.values():
        assert officer.post(url).status_code == 404
    assert _file_jobs().count() == 0
    job = Job.objects.get(public_id=_client(world).post(urls["pdf"])["Location"].split("/")[2])
    job_run(job_id=job.pk)
    assert officer.get(f"/cong-viec/{job.public_id}/tai-ve/").status_code == 404
    assert officer.get(f"/cong-viec/{job.public_id}/").status_code == 404


def test_a_job_whose_requester_may_not_see_the_decision_fails_with_the_reason(world, private_media):
    decision = _decision(world, 3)
    job = job_create(
        kind=jobs.DOCX_JOB, requested_by=world.user("donvi"), params={"decision_id": decision.pk, "kind": "decision"}
    )
    job = job_run(job_id=job.pk)
    assert (job.status, job.message, job.result_file.name) == (
        Job.Status.FAILED,
        "Quyết định không còn tồn tại hoặc bạn không còn quyền xem.",
        "",
    )


def test_a_long_drafts_payment_list_goes_back_with_the_reason_and_starts_nothing(world, monkeypatch):
    _long_from_3_lines(monkeypatch)
    decision = _decision(world, 3, sign=False)
    client = _client(world)
    response = client.post(_urls(decision)["pdf"], follow=True)
    assert response.redirect_chain == [(f"/khen-thuong/quyet-dinh/{decision.pk}/", 302)]
    assert "Danh sách chi tiền thưởng chỉ lập cho quyết định đã ký" in response.content.decode()
    assert _file_jobs().count() == 0
