"""The hostile-xlsx suite on every screen that reads a spreadsheet: refused in Vietnamese, nothing written.

``thiduakt/tests/test_spreadsheets_hostile.py`` pins the reader itself; this runs the same kinds of file
through each import screen of ``upload_screens.SPREADSHEET_IMPORTS`` (a new import screen must be listed
there, or ``test_every_upload_screen_is_registered`` fails), so that no screen reads around the reader.
"""

import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from awards.models import AwardRecord, HistoryImport, Nomination, NomineeImport
from awards.services import dossier_create_draft
from campaigns.models import Campaign, Participant, Registration
from campaigns.tests.factories import launched_campaign
from clusters.models import Event, Score
from clusters.tests.factories import CriterionFactory, CriterionGroupFactory, cluster_with_members
from exemplars.models import Exemplar, Honour, HonoureeImport
from exemplars.tests.factories import HonouringEventFactory
from thiduakt.tests.test_spreadsheets_hostile import HEADER, row, shared_strings, text, xlsx
from thiduakt.tests.upload_screens import SPREADSHEET_IMPORTS

pytestmark = pytest.mark.django_db


def _formula_without_cache() -> bytes:
    return xlsx([HEADER, row(2, '<c r="A2"><f>HYPERLINK("http://x","bấm")</f></c>')])


def _zip_bomb() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


HOSTILE = {
    "not-a-spreadsheet": (b"MZ\x90\x00 an executable named .xlsx", "Không đọc được tệp Excel|không phải"),
    "zip-bomb": (_zip_bomb(), "bom nén|quá lớn khi giải nén"),
    "formula-without-cached-value": (_formula_without_cache(), "Ô A2 chứa công thức"),
    # Read by its content (the far row ends the read), then refused for what it lacks.
    "row-past-the-ceiling": (xlsx([HEADER, row(2_000_000, text("A2000000", "x"))]), "dòng|Dòng|[Tt]hiếu cột"),
    "shared-strings-over-the-cap": (None, "quá lớn khi giải nén|bom nén"),  # the reader or the upload gate
}


def _screen_url(name: str, world) -> str:
    if name == "campaigns:campaign_import":
        campaign = launched_campaign(world)
        return reverse(name, args=[campaign.pk, "participants"])
    if name == "awards:nominee_import":
        dossier = dossier_create_draft(
            unit=world.chau_thanh, round_kind="yearly", year=2024, by=world.user("donvi"), nominees=[]
        )
        return reverse(name, args=[dossier.pk])
    if name == "exemplars:event_honourees_import":
        return reverse(name, args=[HonouringEventFactory().pk])
    if name == "clusters:score_import":  # Châu Thành's officer, on its own sheet
        cluster_year = cluster_with_members([world.chau_thanh, world.nga_bay], head=world.nga_bay)
        CriterionFactory(group=CriterionGroupFactory(cluster_year=cluster_year))
        return reverse(name, args=[cluster_year.memberships.get(unit=world.chau_thanh).pk])
    return reverse(name)


def _role(name: str) -> str:
    # a dossier's nominees and a member's score sheet are its unit's to send
    return "donvi" if name == "awards:nominee_import" or name.startswith("clusters:") else "staff"


def _written() -> tuple:
    return (
        Campaign.objects.count(),
        Participant.objects.count(),
        Registration.objects.count(),
        HistoryImport.objects.count(),
        AwardRecord.objects.count(),
        NomineeImport.objects.count(),
        Nomination.objects.count(),
        HonoureeImport.objects.count(),
        Honour.objects.count(),
        Exemplar.objects.count(),
        Score.objects.count(),
        Event.objects.count(),
    )


def _field(name: str) -> str:
    return "file" if name.startswith(("awards:", "exemplars:", "clusters:")) else "upload"


@pytest.mark.parametrize("screen", sorted(name for name, _form in SPREADSHEET_IMPORTS))
@pytest.mark.parametrize("hostile", sorted(HOSTILE))
def test_every_import_screen_refuses_every_hostile_spreadsheet_and_writes_nothing(screen, hostile, world, settings):
    settings.SPREADSHEET_MAX_SHARED_STRINGS_BYTES = 1024 * 1024
    settings.SPREADSHEET_MAX_COMPRESSION_RATIO = 100_000
    data, message = HOSTILE[hostile]
    if data is None:
        data = xlsx([HEADER], shared_strings=shared_strings(100_000))
    client = Client()
    client.force_login(world.user(_role(screen)))
    url = _screen_url(screen, world)
    before = _written()
    response = client.post(url, {_field(screen): SimpleUploadedFile("tep.xlsx", data)})
    if response.status_code == 302 and screen == "awards:nominee_import":
        # A nominee list read but naming none of the columns is kept, invalid, for the column step
        # (the user says which column holds what); no nominee is written.
        attempt = NomineeImport.objects.get()
        assert attempt.status == NomineeImport.Status.INVALID
        assert re.search(message, attempt.message), attempt.message
        assert _written() == (*before[:5], before[5] + 1, *before[6:])
        return
    if response.status_code == 302:
        # The history import keeps every attempt (who sent which file, and why it was refused): an
        # attempt refused by its analysis is shown on its own page, invalid, and writes no award.
        attempt = HistoryImport.objects.get()
        assert (attempt.status, attempt.created_count) == (HistoryImport.Status.INVALID, 0)
        assert re.search(message, attempt.message), attempt.message
        assert _written() == (*before[:3], before[3] + 1, *before[4:])
        return
    assert response.status_code == 200
    errors = re.findall(r"invalid-feedback[^>]*>([^<]+)<|alert-danger[^>]*>([^<]+)<", response.content.decode())
    assert re.search(message, response.content.decode()), errors
    assert _written() == before
