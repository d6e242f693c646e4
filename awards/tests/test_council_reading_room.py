"""The council's reading room: a member reads, read-only, the documents of the nominees on the meeting's
agenda (only those, only until the meeting is archived), and every read is logged (who, when, which file).

Defect: a council member got 404 on the dossier of a nominee on their agenda and voted on the summary alone.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from awards.models import Attachment, CouncilMember, MeetingDocumentRead
from awards.services import agenda_add, meeting_archive, meeting_close, meeting_open_ballot
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db


def _document(nomination, *, kind="achievement_report", name="bao-cao-thanh-tich.pdf", whole_dossier=False):
    body = f"%PDF-1.7 {nomination.pk} {kind}".encode()
    stored = default_storage.save(f"awards/{nomination.dossier_id}/{kind}-{nomination.pk}.pdf", ContentFile(body))
    return Attachment.objects.create(
        dossier=nomination.dossier,
        nomination=None if whole_dossier else nomination,
        kind=kind,
        file=stored,
        original_name=name,
        content_type="application/pdf",
        extension=".pdf",
        size=len(body),
        sha256="0" * 64,
    )


@pytest.fixture
def room(world, private_media):
    """A voting meeting with one nominee of a two-nominee dossier; hoidong sits on the council."""
    staff = world.user("staff")
    term, _members = council(3, users=[world.user("hoidong")])
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)
    on_agenda = ready_nomination("CSTDT", dossier=dossier)
    not_on_agenda = ready_nomination("CSTDT", dossier=dossier)
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=[on_agenda], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    client = Client()
    client.force_login(world.user("hoidong"))
    return {
        "meeting": meeting,
        "client": client,
        "report": _document(on_agenda),
        "letter": _document(on_agenda, kind="request_letter", name="to-trinh.pdf", whole_dossier=True),
        "other": _document(not_on_agenda, name="bao-cao-nguoi-khac.pdf"),
        "staff": staff,
    }


def _url(meeting, attachment):
    return f"/khen-thuong/hoi-dong/{meeting.pk}/ho-so/{attachment.pk}/"


def test_member_reads_the_achievement_report_and_dossier_letter_of_an_agenda_nominee_and_it_is_logged(world, room):
    meeting, client = room["meeting"], room["client"]
    page = client.get(f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/").content.decode()
    assert _url(meeting, room["report"]) in page and _url(meeting, room["letter"]) in page
    assert _url(meeting, room["other"]) not in page
    response = client.get(_url(meeting, room["report"]))
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content) == f"%PDF-1.7 {room['report'].nomination_id} achievement_report".encode()
    )
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-thanh-tich.pdf"'
    assert client.get(_url(meeting, room["letter"])).status_code == 200
    reads = list(
        MeetingDocumentRead.objects.order_by("id").values_list(
            "meeting_id", "by__username", "attachment_id", "file_name"
        )
    )
    assert reads == [
        (meeting.pk, "hoidong", room["report"].pk, "bao-cao-thanh-tich.pdf"),
        (meeting.pk, "hoidong", room["letter"].pk, "to-trinh.pdf"),
    ]
    assert all(r.at is not None for r in MeetingDocumentRead.objects.all())
    staff = Client()
    staff.force_login(room["staff"])
    reads_shown = staff.get(f"/khen-thuong/hoi-dong/{meeting.pk}/").content.decode()
    assert "to-trinh.pdf" in reads_shown and "bao-cao-thanh-tich.pdf" in reads_shown


def test_a_nominee_not_on_the_agenda_is_404_even_in_the_same_dossier(room):
    assert room["client"].get(_url(room["meeting"], room["other"])).status_code == 404
    assert not MeetingDocumentRead.objects.exists()


def test_after_the_archive_the_reading_room_is_closed(room):
    meeting = room["meeting"]
    meeting_close(meeting=meeting, by=room["staff"])
    assert room["client"].get(_url(meeting, room["report"])).status_code == 200  # closed, not yet archived
    archived = Client()
    archived.force_login(room["staff"])
    archived.post(f"/khen-thuong/hoi-dong/{meeting.pk}/luu-tru/")
    meeting.refresh_from_db()
    assert meeting.archived_at is not None
    assert meeting.events.filter(action__startswith="Lưu trữ phiên họp").count() == 1
    assert room["client"].get(_url(meeting, room["report"])).status_code == 404
    assert (
        _url(meeting, room["report"])
        not in room["client"].get(f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/").content.decode()
    )
    assert MeetingDocumentRead.objects.count() == 1
    with pytest.raises(DomainError, match="Phiên họp đã được lưu trữ"):
        meeting_archive(meeting=meeting, by=room["staff"])


def test_a_meeting_is_archived_only_once_its_ballot_is_closed(room):
    with pytest.raises(DomainError, match="Chỉ lưu trữ phiên họp đã kết thúc bỏ phiếu"):
        meeting_archive(meeting=room["meeting"], by=room["staff"])
    assert room["client"].get(_url(room["meeting"], room["report"])).status_code == 200


def test_a_council_member_of_another_council_and_other_roles_get_404(world, room):
    outsider = CouncilMember.objects.exclude(term=room["meeting"].term).first()
    assert outsider is None
    _other_term, other_members = council(2)
    for user in (other_members[0].user, world.user("staff"), world.user("donvi"), world.user("admin")):
        client = Client()
        client.force_login(user)
        assert client.get(_url(room["meeting"], room["report"])).status_code == 404, user
    assert not MeetingDocumentRead.objects.exists()
