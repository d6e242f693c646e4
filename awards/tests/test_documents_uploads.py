"""The two upload screens of the documents (a Word template, a signed decision) refuse every hostile file of the
upload gate's suite with its message, and write nothing (thiduakt/tests/upload_screens.py CONTENT_CHECKED)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from awards.models import DecisionEvent, DecisionSignature, DocumentTemplate, Nomination
from awards.services import decision_create_draft, decision_sign, decision_update
from awards.services.documents import WORD
from awards.services.signature import SIGNED_PDF
from awards.tests.council_factories import ready_nomination
from awards.tests.factories import award
from thiduakt.tests.upload_files import HOSTILE, not_allowed

pytestmark = pytest.mark.django_db


def _signed_decision(world):
    staff = world.user("staff")
    nominee = ready_nomination("BKT", status=Nomination.Status.READY_FOR_DECISION)
    decision = decision_create_draft(award=award("BKT"), nominations=[nominee], by=staff)
    decision_update(decision=decision, by=staff, signer_name="Trương Cảnh Tuyên")
    decision_sign(decision=decision, by=staff, decision_date=date(2025, 7, 1))
    return decision


def _rows():
    return [
        list(DocumentTemplate.objects.values()),
        list(DecisionSignature.objects.values()),
        list(DecisionEvent.objects.values_list("pk", flat=True)),
    ]


@pytest.mark.parametrize("screen", ["template", "signed"])
def test_the_documents_upload_screens_refuse_every_hostile_file_and_write_nothing(
    screen, world, private_media, settings
):
    if screen == "template":
        url, allow = "/khen-thuong/mau-van-ban/quyet-dinh/tai-len/", WORD
    else:
        url, allow = f"/khen-thuong/quyet-dinh/{_signed_decision(world).pk}/ky-so/", SIGNED_PDF
    client = Client()
    client.force_login(world.user("staff"))
    before = _rows()
    wrong = []
    for hostile in HOSTILE:
        settings.UPLOAD_MAX_BYTES = hostile.max_bytes or 20 * 1024 * 1024
        file = SimpleUploadedFile(hostile.name, hostile.build(), content_type="application/pdf")
        response = client.post(url, {"file": file}, follow=True)
        # An image (broken or a pixel bomb) is not a kind these screens take: refused as such before opening it.
        expected = not_allowed(hostile.name, allow) if hostile.name.endswith(".png") else hostile.message(allow)
        if response.status_code != 200 or expected not in response.content.decode():
            wrong.append((hostile.id, response.status_code, expected))
        stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
        if _rows() != before or stored:
            wrong.append((hostile.id, "saved"))
    assert wrong == []
