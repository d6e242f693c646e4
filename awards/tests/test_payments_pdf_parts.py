"""The reward payment list's PDF (issue 18): one pass when short, in parts laid out by the worker processes when
long (thiduakt.pdf.render_document), the parts joined into the same document: the header once, the total once on
the last page, the pages numbered on as in the one pass."""

import re
import subprocess
from decimal import Decimal

import pytest

from awards import jobs
from awards.models import DecisionRecipient
from awards.services.payments import payment_list
from awards.tests.test_council_documents import _signed_decision
from thiduakt import pdf
from thiduakt.models import Job
from thiduakt.services import job_create, job_run

pytestmark = pytest.mark.django_db

MONEY = re.compile(r"\b\d{1,3}(?:\.\d{3}){2,}\b")  # 1.170.000, 10.530.000


@pytest.fixture
def renders(monkeypatch):
    taken: list[str] = []
    monkeypatch.setattr(pdf, "RENDERS", taken)
    return taken


def _pages_text(data: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return [" ".join(page.split()) for page in out.stdout.decode("utf-8").split("\f") if page.strip()]


def _decision_of(private_media, lines: int):
    """A signed decision of 4 lines and ``lines`` more of one row each (short name and unit), paid 1.170.000 đ."""
    staff, decision = _signed_decision(private_media)
    year = decision.recipients.first().year
    DecisionRecipient.objects.bulk_create(
        DecisionRecipient(
            decision=decision,
            recipient_kind="individual",
            recipient_name=f"Lê Văn Thử {n:03d}",
            description="Xã Hòa An",
            year=year,
            sort_key=f"thu {n:03d}",
            coefficient=Decimal("0.5"),
            reward_amount=1_170_000,
        )
        for n in range(lines)
    )
    return staff, decision


def test_a_long_payment_list_is_rendered_in_parts_as_the_one_pass_lays_it_out(private_media, renders, monkeypatch):
    staff, decision = _decision_of(private_media, 200)
    monkeypatch.setattr(jobs, "PAYMENT_ONE_PASS_MAX_LINES", 10_000)
    measured = _pages_text(jobs.payments_pdf(payment_list(decision)))
    # The lines on the first page (each row's amount, less the base salary in the heading). Every part starts a
    # page: parts of that many lines end where the one pass's pages end, so that both have the same pages.
    per_page = len(MONEY.findall(measured[0])) - 1
    assert 10 < per_page < 40
    lines = 2 * per_page  # two parts: a multiple of the 2 cores (balanced_parts)
    DecisionRecipient.objects.filter(
        decision=decision, recipient_name__startswith="Lê Văn Thử", recipient_name__gte=f"Lê Văn Thử {lines - 4:03d}"
    ).delete()
    listing = payment_list(decision)
    assert len(listing.lines) == lines
    one_pass = _pages_text(jobs.payments_pdf(listing))

    monkeypatch.setattr(jobs, "PAYMENT_ONE_PASS_MAX_LINES", lines - 1)
    monkeypatch.setattr(jobs, "PAYMENT_PART_LINES", per_page)
    job = job_create(kind=jobs.PAYMENTS_PDF_JOB, requested_by=staff, params={"decision_id": decision.pk})
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.DONE, job.message
    parts = _pages_text(job.result_file.read())
    assert renders == ["one pass", "one pass", "parts:2"]
    assert len(parts) == len(one_pass) == 2
    assert [len(MONEY.findall(page)) for page in parts] == [per_page + 1, per_page + 1]
    text = " ".join(parts)
    assert text.count("DANH SÁCH CHI TIỀN THƯỞNG") == 1 and "DANH SÁCH CHI TIỀN THƯỞNG" in parts[0]
    assert text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 1
    assert text.count("Tổng cộng") == 1 and f"Tổng cộng {listing.total_text}" in parts[-1]
    assert [page.count("Số tiền (đồng)") for page in parts] == [1, 1]  # the column heads on every page
    # Every line once and in order; the pages numbered from the second (top centre) as the one pass numbers them.
    names = [f"Lê Văn Thử {n:03d}" for n in range(lines - 4)]
    assert [text.count(name) for name in names] == [1] * len(names)
    assert [text.index(name) for name in names] == sorted(text.index(name) for name in names)
    assert [page.split()[0] for page in parts] == [page.split()[0] for page in one_pass] == ["ỦY", "2"]
