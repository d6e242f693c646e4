"""Small builders for awards tests: valid files, a complete dossier."""

import io
import zipfile
from contextlib import contextmanager
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_init
from PIL import Image

from awards.models import DecisionRecipient
from awards.services import attachment_add, dossier_create_draft, dossier_update


def image_bytes(format: str) -> bytes:
    """A real 4×4 image (the upload gate opens images with Pillow, so signatures alone are refused)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format=format)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")


def pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def complete_dossier(*, unit, by, nominees, year=2024):
    """A dossier with its letter, minutes and every checklist document: ready to submit."""
    dossier = dossier_create_draft(unit=unit, round_kind="yearly", year=year, by=by, nominees=nominees)
    dossier = dossier_update(
        dossier=dossier,
        by=by,
        letter_number="15/TTr-UBND",
        letter_date=date(2024, 12, 1),
        council_meeting_date=date(2024, 11, 28),
        council_members_total=9,
        council_members_present=9,
        council_votes_for=9,
    )
    attachment_add(dossier=dossier, kind="request_letter", upload=pdf("to-trinh.pdf"), by=by)
    attachment_add(dossier=dossier, kind="council_minutes", upload=pdf("bien-ban.pdf"), by=by)
    for nomination in dossier.nominations.select_related("award"):
        for kind in nomination.award.required_document_kinds:
            if kind not in ("request_letter", "council_minutes"):
                attachment_add(dossier=dossier, nomination=nomination, kind=kind, upload=pdf(f"{kind}.pdf"), by=by)
    return dossier


def run_sign_jobs() -> list:
    """Do the worker's part of a signing screen: run the signing jobs the requests queued, return them."""
    from thiduakt.models import Job  # noqa: PLC0415 -- only the tests that sign through the screen need it
    from thiduakt.services import job_run  # noqa: PLC0415 -- idem

    waiting = Job.objects.filter(kind="awards.decision_sign", status=Job.Status.WAITING).order_by("pk")
    return [job_run(job_id=pk) for pk in waiting.values_list("pk", flat=True)]


@contextmanager
def lines_read():
    """The decision lines Django builds from the database meanwhile (a page must build only its own)."""
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=DecisionRecipient)
    try:
        yield built
    finally:
        post_init.disconnect(count, sender=DecisionRecipient)
