"""The demo of awards part 2 is complete and idempotent."""

import pytest
from django.apps import apps

from awards import demo
from awards.models import AwardRecord, Decision, Meeting, Nomination
from awards.services import member_seat
from thiduakt.models import User

pytestmark = pytest.mark.django_db


def _counts():

    return {m.__name__: m.objects.count() for m in apps.get_app_config("awards").get_models()}


def test_demo_has_closed_meeting_signed_decision_with_pdfs_and_open_meeting_for_hoidong(world, private_media):
    demo.seed()
    closed = Meeting.objects.get(status=Meeting.Status.CLOSED)
    results = {i.nomination.nominee_name: (i.agree_count, i.passed) for i in closed.items.select_related("nomination")}
    assert results == {
        "Lê Thị Thu Hà": (13, True),
        "Phan Văn Tài": (11, False),
        "Nguyễn Thị Hồng Nhung": (13, True),
        "Ủy ban nhân dân phường Lái Hiếu": (13, True),
    }
    decision = Decision.objects.get(status=Decision.Status.SIGNED)
    assert decision.number_display == "01/QĐ-UBND"
    assert decision.pdf_file.name and decision.certificates_file.name
    assert set(AwardRecord.objects.filter(is_public=True).values_list("recipient_name", flat=True)) >= {
        "Lê Thị Thu Hà",
        "Nguyễn Thị Hồng Nhung",
    }
    assert Nomination.objects.filter(status=Nomination.Status.DECIDED).count() == 2
    voting = Meeting.objects.get(status=Meeting.Status.VOTING)
    hoidong = User.objects.get(username="hoidong")
    seat = member_seat(user=hoidong, meeting=voting)
    assert seat is not None
    assert not voting.items.filter(receipts__member=seat).exists()
    assert not voting.items.filter(recusals__member=seat).exists()
    before = _counts()
    demo.seed()
    assert _counts() == before
