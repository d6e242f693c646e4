"""The decision, its certificates and the meeting packet go through the one bounded path (thiduakt.pdf.render_document):
one pass when small, parts in worker processes when long, each process's memory bounded whatever the size."""

import subprocess
from pathlib import Path

import pytest

from awards import jobs
from awards.models import DecisionRecipient, PublicComment
from awards.services import agenda_add
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.test_council_documents import _pages, _signed_decision, _text
from thiduakt import pdf
from thiduakt.models import Job
from thiduakt.services import job_create, job_run
from thiduakt.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The paths taken by each document rendered during the test, in order."""
    taken: list[str] = []
    monkeypatch.setattr(pdf, "RENDERS", taken)
    return taken


def _documents_job(decision):
    job_run(job_id=Job.objects.filter(kind="awards.decision_documents").latest("pk").pk)
    decision.refresh_from_db()
    return decision


def test_a_small_decision_and_its_certificates_take_one_pass_each(private_media, renders):
    _staff, decision = _signed_decision(private_media)
    decision = _documents_job(decision)
    assert renders == ["one pass", "one pass"]
    assert _pages(decision.certificates_file.path) == 4


def test_a_long_decision_and_its_certificates_are_rendered_in_parts_numbered_on(private_media, renders, monkeypatch):
    monkeypatch.setattr(jobs, "ONE_PASS_MAX_LINES", 2)
    monkeypatch.setattr(jobs, "PART_LINES", 2)
    monkeypatch.setattr(jobs, "PART_CERTIFICATES", 3)
    _staff, decision = _signed_decision(private_media)
    decision = _documents_job(decision)
    # The decision alone, then its 4 annex lines two a part; 4 certificates three a part.
    assert renders == ["parts:3", "parts:2"]
    text = _text(decision.pdf_file.path)
    assert "QUYẾT ĐỊNH" in text and "Nơi nhận:" in text
    annex = text[text.index("DANH SÁCH ĐƯỢC TẶNG") :]
    assert annex.count("DANH SÁCH ĐƯỢC TẶNG") == 1
    lines = [
        "I. TẬP THỂ",
        "1. Phòng Nội vụ huyện Châu Thành.",
        "II. CÁ NHÂN",
        "1. Bà Trần Thị Ánh",
        "2. Ông Nguyễn Văn Bình",
        "3. Ông Đặng Quốc Huy",
    ]
    positions = [annex.index(line) for line in lines]
    assert positions == sorted(positions)
    assert annex.rstrip().endswith(".")
    # The annex's pages numbered on their own across the parts: its first unnumbered, then 2, 3.
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", decision.pdf_file.path, "-"], capture_output=True, check=True)
    pages = raw.stdout.decode("utf-8").split("\f")
    start = next(i for i, text in enumerate(pages) if "DANH SÁCH ĐƯỢC TẶNG" in text)
    pages = [page for page in pages[start:] if page.strip()]
    assert [page.split()[0] for page in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
    assert len(pages) == 2
    assert _pages(decision.certificates_file.path) == 4
    assert "Đặng Quốc Huy" in _text(decision.certificates_file.path)


def test_a_long_meeting_packet_is_rendered_in_parts_numbered_on(private_media, renders, monkeypatch):
    monkeypatch.setattr(jobs, "PART_ENTRIES", 1)
    staff = StaffFactory()
    term, _members = council(5)
    first = ready_nomination("CSTDT", summary="Có sáng kiến cải cách thủ tục hành chính cấp tỉnh.")
    second = ready_nomination("CSTDT", summary="Dẫn đầu phong trào chuyển đổi số.")
    PublicComment.objects.create(nomination=second, author_name="Trần Văn Dân", body="Đồng tình đề nghị khen thưởng.")
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[first, second], by=staff)
    packet = job_run(
        job_id=job_create(kind="awards.meeting_packet", requested_by=staff, params={"meeting_id": meeting.pk}).pk
    )
    assert renders == ["parts:2"]
    text = _text(packet.result_file.path)
    assert text.count("TÀI LIỆU PHIÊN HỌP") == 1 and text.count("1. ") >= 1
    assert text.index(f"1) {first.nominee_name}") < text.index(f"2) {second.nominee_name}")
    assert "Trần Văn Dân" in text


# A part process (thiduakt/pdfpart.py: Python and WeasyPrint, no Django) laying its parts out one after the other.
# Measured (01/2026, Django-loaded workers): one part of 50 certificates 141 MB, the same 400 certificates as one
# part 282 MB (and 25,000 in one pass passed 7 GB, issue 18); the Django-free workers of 200 certificates stay under
# 170 MB (bench/README.md "Big PDF"). What bounds a process is the split (the exact parts are asserted); the ceiling
# is the issue's, 300 MB a process.
PART_PEAK_MB = 300
CERTIFICATES = 2000  # issue 18's acceptance: a 2,000-certificate decision under the ceiling


def _status_kib(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(f"{field}:")))


def test_a_2000_certificate_decision_stays_under_its_memory_ceiling(private_media, renders, monkeypatch):
    """The real job on a decision of 2,000 lines: its certificates in the real parts (``PART_CERTIFICATES``, 200 a
    part: 10 parts), its annex forced into parts too (2 of 1,000 lines, where 2,000 would take the one pass, laid
    out in a forked child whose peak the workers' statistics do not give): every part process, and the job's own
    process, stay under the ceiling."""
    monkeypatch.setattr(jobs, "ONE_PASS_MAX_LINES", 100)
    monkeypatch.setattr(jobs, "PART_LINES", 1000)
    workers: list[dict] = []
    in_parts = pdf.render_in_parts

    def spied(*args, **kwargs):
        joined, stats = in_parts(*args, **kwargs)
        workers.extend(stats)
        return joined, stats

    monkeypatch.setattr(pdf, "render_in_parts", spied)
    _staff, decision = _signed_decision(private_media)
    template = decision.recipients.filter(recipient_kind="individual").first()
    added = CERTIFICATES - decision.recipients.count()
    DecisionRecipient.objects.bulk_create(
        DecisionRecipient(
            decision=decision,
            recipient_kind="individual",
            recipient_name=f"Nguyễn Văn Thử {n:04d}",
            description="Chuyên viên Ủy ban nhân dân xã Hòa An",
            year=template.year,
            sort_key=f"thu {n:04d}",
        )
        for n in range(added)
    )
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) counted from here
    rss_before = _status_kib("VmRSS")
    decision = _documents_job(decision)
    growth_mb = (_status_kib("VmHWM") - rss_before) / 1024
    # The decision alone and its 2,000 lines in 2 parts; 2,000 certificates in 10 parts of 200, one page each.
    assert jobs.PART_CERTIFICATES == 200
    assert renders == ["parts:3", "parts:10"]
    assert sum(w["parts"] for w in workers) == 3 + 10
    assert _pages(decision.certificates_file.path) == CERTIFICATES
    text = _text(decision.certificates_file.path)
    assert text.index("Nguyễn Văn Thử 0000") < text.index(f"Nguyễn Văn Thử {added - 1:04d}")
    assert text.count("Nguyễn Văn Thử") == added
    annex = _text(decision.pdf_file.path)
    assert annex.count("Nguyễn Văn Thử") == added
    peaks_mb = [w["peak_kib"] / 1024 for w in workers]
    assert max(peaks_mb) < PART_PEAK_MB, f"a part process peaked at {max(peaks_mb):.0f} MB"
    assert growth_mb < 100, f"the job's own process grew by {growth_mb:.0f} MB"
