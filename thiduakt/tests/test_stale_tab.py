"""A POST from a stale tab (the object's status moved since the page was drawn): told how it stands, not 404.

The unit officer who sends a dossier or a registration a second time, from a tab opened before the
first sending, is sent back to the page with the state it is in, since when and by whom; another
unit's officer still gets 404, and nothing is written twice.
"""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Dossier
from awards.tests.helpers import complete_dossier
from campaigns import services as campaign_services
from campaigns.models import Registration
from campaigns.tests.factories import launched_campaign
from thiduakt.models import Person

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _dossier(world):
    person = Person.objects.create(full_name="Nguyễn Văn Tab Cũ", gender="male", birth_year=1980, unit=world.chau_thanh)
    return complete_dossier(
        unit=world.chau_thanh,
        by=world.user("donvi"),
        nominees=[{"kind": "individual", "person": person, "award": "BKT", "summary": "Tốt"}],
    )


def test_a_dossier_sent_again_from_a_stale_tab_says_it_was_sent_when_and_by_whom(world):
    dossier = _dossier(world)
    page = reverse("awards:dossier_detail", args=[dossier.pk])
    url = reverse("awards:dossier_submit", args=[dossier.pk])
    officer = _client(world.user("donvi"))
    assert officer.post(url, HTTP_REFERER=page).status_code == 302  # the first tab
    sent = dossier.events.get(to_status=Dossier.Status.SUBMITTED)

    stale = officer.post(url, HTTP_REFERER=page)  # the second tab, drawn before the first sent it

    assert stale.status_code == 302
    assert stale["Location"] == page
    at = timezone.localtime(sent.at).strftime("%H:%M %d/%m/%Y")
    assert _said(stale)[-1] == (
        f"Hồ sơ đề nghị khen thưởng «{dossier}»: Hiện ở trạng thái «Đã gửi, chờ thẩm định» từ {at} "
        f"({world.user('donvi')})."
    )
    assert dossier.events.filter(to_status=Dossier.Status.SUBMITTED).count() == 1
    assert _client(world.user("donvi2")).post(url, HTTP_REFERER=page).status_code == 404  # another unit
    assert _client(world.user("hoidong")).post(url, HTTP_REFERER=page).status_code == 404  # never its actor


def test_a_registration_sent_again_from_a_stale_tab_says_it_was_sent(world):
    campaign = launched_campaign(world, units=[world.chau_thanh])
    registration = campaign_services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=world.user("donvi"),
        commitments={c.pk: (Decimal("10"), "") for c in campaign.criteria.all()},
    )
    page = reverse("campaigns:registration_detail", args=[campaign.pk, registration.pk])
    url = reverse("campaigns:registration_submit", args=[campaign.pk, registration.pk])
    officer = _client(world.user("donvi"))
    assert officer.post(url, HTTP_REFERER=page).status_code == 302
    sent = registration.events.get(to_status=Registration.Status.SUBMITTED)

    stale = officer.post(url, HTTP_REFERER=page)

    assert stale.status_code == 302
    assert stale["Location"] == page
    at = timezone.localtime(sent.at).strftime("%H:%M %d/%m/%Y")
    assert _said(stale)[-1] == (
        f"Đăng ký thi đua «{registration}»: Hiện ở trạng thái «Đã gửi» từ {at} ({world.user('donvi')})."
    )
    assert registration.events.filter(to_status=Registration.Status.SUBMITTED).count() == 1
    # Staff approve it; the officer's stale tab is then told it is approved, by whom.
    staff = _client(world.user("staff"))
    approve = reverse("campaigns:registration_approve", args=[campaign.pk, registration.pk])
    assert staff.post(approve, HTTP_REFERER=page).status_code == 302
    again = officer.post(url, HTTP_REFERER=page)
    assert again.status_code == 302
    assert "«Đã duyệt»" in _said(again)[-1]
    assert _said(again)[-1].endswith(f"({world.user('staff')}).")
    assert staff.post(approve, HTTP_REFERER=page).status_code == 302  # staff's own second click: told too
    assert _client(world.user("donvi2")).post(url, HTTP_REFERER=page).status_code == 404
