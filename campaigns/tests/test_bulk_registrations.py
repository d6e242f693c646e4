"""Staff approve or return many registrations at once (imported ones too), with one reason, all or none."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignEvent, Registration
from campaigns.resources import criterion_header
from campaigns.tests.factories import launched_campaign
from thiduakt.models import Notification
from thiduakt.services import DomainError
from thiduakt.testing import PageProblems, World, browser_login, settle
from thiduakt.tests.factories import OfficerFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.user(role))
    return client


def _submitted(campaign, unit):
    registration = services.registration_save(
        campaign=campaign, unit=unit, by=None, commitments={c.pk: (Decimal(5), "") for c in campaign.criteria.all()}
    )
    return services.registration_submit(registration=registration, by=None)


def _imported(world, campaign, unit_code):
    """A registration entered by staff from a spreadsheet (submitted, like the import leaves it)."""
    book = openpyxl.Workbook()
    book.active.append(["Mã đơn vị", *(criterion_header(c) for c in campaign.criteria.all())])
    book.active.append([unit_code, *(7 for _c in campaign.criteria.all())])
    out = io.BytesIO()
    book.save(out)
    services.registrations_import(campaign=campaign, data=out.getvalue(), by=world.user("staff"))
    return Registration.objects.get(campaign=campaign, unit__code=unit_code)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _states(campaign):
    return sorted(Registration.objects.filter(campaign=campaign).values_list("unit__code", "status"))


def test_bulk_approve_moves_every_ticked_registration_and_tells_each_unit_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    typed = _submitted(campaign, world.chau_thanh)
    imported = _imported(world, campaign, "HG.NB")
    staff = world.user("staff")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = services.registrations_approve(campaign=campaign, registrations=[typed, imported.pk], by=staff)
    assert sorted(r.unit.code for r in done) == ["HG.CT", "HG.NB"]
    assert _states(campaign) == [("HG.CT", "approved"), ("HG.NB", "approved")]
    assert set(Registration.objects.values_list("reviewed_by__username", flat=True)) == {"staff"}
    events = CampaignEvent.objects.filter(registration__isnull=False, to_status="approved")
    assert sorted((e.registration.unit.code, e.by.username, e.action, e.from_status) for e in events) == [
        ("HG.CT", "staff", "Duyệt đăng ký thi đua", "submitted"),
        ("HG.NB", "staff", "Duyệt đăng ký thi đua", "submitted"),
    ]
    last = typed.history.order_by("-history_id").first()
    assert (last.status, last.history_user, last.history_change_reason) == ("approved", staff, "Duyệt đăng ký thi đua")
    notices = Notification.objects.filter(title__startswith="Đăng ký thi đua đã được duyệt")
    assert sorted((n.recipient.username, n.link) for n in notices) == [
        ("donvi", f"/phong-trao/{campaign.pk}/dang-ky/{typed.pk}/"),
        ("donvi2", f"/phong-trao/{campaign.pk}/dang-ky/{imported.pk}/"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["donvi2@thiduakt.local", "donvi@thiduakt.local"]
    assert {m.subject for m in mailoutbox} == {f"Đăng ký thi đua đã được duyệt: {campaign.name}"}


def test_bulk_return_needs_one_reason_and_records_it_on_each(world, django_capture_on_commit_callbacks):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    ids = [_submitted(campaign, world.chau_thanh).pk, _imported(world, campaign, "HG.NB").pk]
    staff = world.user("staff")
    with pytest.raises(DomainError, match=r"Cần ghi lý do trả lại\."):
        services.registrations_return(campaign=campaign, registrations=ids, by=staff, reason="  ")
    assert _states(campaign) == [("HG.CT", "submitted"), ("HG.NB", "submitted")]
    with django_capture_on_commit_callbacks(execute=True):
        services.registrations_return(campaign=campaign, registrations=ids, by=staff, reason=" Thiếu chỉ tiêu số hộ ")
    assert sorted(Registration.objects.values_list("unit__code", "status", "return_reason")) == [
        ("HG.CT", "returned", "Thiếu chỉ tiêu số hộ"),
        ("HG.NB", "returned", "Thiếu chỉ tiêu số hộ"),
    ]
    events = CampaignEvent.objects.filter(to_status="returned")
    assert sorted((e.registration.unit.code, e.reason, e.by.username) for e in events) == [
        ("HG.CT", "Thiếu chỉ tiêu số hộ", "staff"),
        ("HG.NB", "Thiếu chỉ tiêu số hộ", "staff"),
    ]
    notices = Notification.objects.filter(title=f"Đăng ký thi đua bị trả lại: {campaign.name}")
    assert sorted((n.recipient.username, n.body) for n in notices) == [
        ("donvi", "Thiếu chỉ tiêu số hộ"),
        ("donvi2", "Thiếu chỉ tiêu số hộ"),
    ]
    # Returned registrations can be sent again by their unit.
    assert Registration.objects.get(unit=world.chau_thanh).history.first().history_change_reason == (
        "Thiếu chỉ tiêu số hộ"
    )


def test_bulk_approve_is_all_or_nothing(world, django_capture_on_commit_callbacks):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    first = _submitted(campaign, world.chau_thanh)
    second = _submitted(campaign, world.nga_bay)
    staff = world.user("staff")
    services.registration_approve(registration=second, by=staff)
    events_before = CampaignEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as refused:
        services.registrations_approve(campaign=campaign, registrations=[first.pk, second.pk], by=staff)
    assert str(refused.value) == (
        "Chỉ duyệt hoặc trả lại được bản đăng ký đã gửi; không bản nào được xử lý. "
        "Ủy ban nhân dân thành phố Ngã Bảy: Đã duyệt"
    )
    assert _states(campaign) == [("HG.CT", "submitted"), ("HG.NB", "approved")]
    assert CampaignEvent.objects.count() == events_before
    assert Notification.objects.filter(recipient=world.user("donvi"), title__startswith="Đăng ký thi đua").count() == 0
    # Another campaign's registration ticked in (a forged form): refused too.
    other = launched_campaign(world, units=[world.chau_thanh], name="Phong trào khác", document_number="77/KH")
    foreign = _submitted(other, world.chau_thanh)
    with pytest.raises(DomainError, match="không thuộc phong trào này"):
        services.registrations_approve(campaign=campaign, registrations=[first.pk, foreign.pk], by=staff)
    with pytest.raises(DomainError, match=r"Chưa chọn bản đăng ký nào\."):
        services.registrations_approve(campaign=campaign, registrations=[], by=staff)
    assert _states(campaign) == [("HG.CT", "submitted"), ("HG.NB", "approved")]


@pytest.mark.parametrize("count", [1, 12])
def test_bulk_approve_runs_constant_queries(
    world, django_assert_num_queries, django_capture_on_commit_callbacks, count
):
    units = [OrgUnitFactory(parent=world.chau_thanh) for _ in range(count)]
    for unit in units:
        OfficerFactory(unit=unit, email=f"{unit.code}@thiduakt.local")
    campaign = launched_campaign(world, units=units)
    ids = [_submitted(campaign, unit).pk for unit in units]
    client = _client(world, "staff")
    url = reverse("campaigns:registrations_decide", args=[campaign.pk])
    with django_assert_num_queries(15), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve", "registrations": ids})
    assert response.status_code == 302
    assert _messages(response) == [f"Đã duyệt {count} bản đăng ký."]
    assert Registration.objects.filter(campaign=campaign, status="approved").count() == count
    assert Notification.objects.filter(title__startswith="Đăng ký thi đua đã được duyệt").count() == count


def test_staff_bulk_approve_from_the_page_then_a_second_submit_changes_nothing(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    ids = [_submitted(campaign, world.chau_thanh).pk, _imported(world, campaign, "HG.NB").pk]
    client = _client(world, "staff")
    page = client.get(reverse("campaigns:participants", args=[campaign.pk])).content.decode()
    assert page.count('type="checkbox" name="registrations"') == 2
    assert 'data-pick="all" data-pick-name="registrations"' in page
    url = reverse("campaigns:registrations_decide", args=[campaign.pk])
    response = client.post(url, {"action": "approve", "registrations": ids})
    assert response.url == reverse("campaigns:participants", args=[campaign.pk])
    assert _messages(response) == ["Đã duyệt 2 bản đăng ký."]
    client.get(response.url)  # the message is read
    events = CampaignEvent.objects.count()
    # The same form sent again (a stale tab, a double submit): told how each stands, nothing changes.
    again = client.post(url, {"action": "return", "registrations": ids, "reason": "Sai"})
    [message] = _messages(again)
    assert message.startswith("Đăng ký thi đua «")
    assert "Hiện ở trạng thái «Đã duyệt» từ " in message
    assert message.endswith("Không bản đăng ký nào được xử lý; hãy chọn lại.")
    assert _states(campaign) == [("HG.CT", "approved"), ("HG.NB", "approved")]
    assert CampaignEvent.objects.count() == events


def test_bulk_return_without_a_reason_from_the_page_changes_nothing(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    ids = [_submitted(campaign, world.chau_thanh).pk, _submitted(campaign, world.nga_bay).pk]
    response = _client(world, "staff").post(
        reverse("campaigns:registrations_decide", args=[campaign.pk]), {"action": "return", "registrations": ids}
    )
    assert _messages(response) == ["Cần ghi lý do trả lại."]
    assert _states(campaign) == [("HG.CT", "submitted"), ("HG.NB", "submitted")]


@pytest.mark.parametrize("role", ["donvi", "donvi2", "hoidong"])
def test_others_cannot_bulk_approve(world, role):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    ids = [_submitted(campaign, world.chau_thanh).pk, _submitted(campaign, world.nga_bay).pk]
    response = _client(world, role).post(
        reverse("campaigns:registrations_decide", args=[campaign.pk]), {"action": "approve", "registrations": ids}
    )
    assert response.status_code == 404
    assert _states(campaign) == [("HG.CT", "submitted"), ("HG.NB", "submitted")]
    # Nor do they see the boxes to tick on the page.
    page = _client(world, role).get(reverse("campaigns:participants", args=[campaign.pk]))
    assert 'type="checkbox" name="registrations"' not in page.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_ticks_all_and_approves_in_a_browser(live_server, page):
    world = World()
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    _submitted(campaign, world.chau_thanh)
    _imported(world, campaign, "HG.NB")
    problems = PageProblems(page)
    browser_login(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/phong-trao/{campaign.pk}/don-vi/")
    page.click("[data-testid=pick-all]")
    assert page.locator("input[name=registrations]:checked").count() == 2
    settle(page, lambda: page.click("[data-testid=bulk-approve]"))
    assert page.locator(".alert-success").inner_text().strip() == "Đã duyệt 2 bản đăng ký."
    assert _states(campaign) == [("HG.CT", "approved"), ("HG.NB", "approved")]
    assert page.locator("[data-testid=bulk-approve]").count() == 0  # nothing left to decide
    assert problems.errors == []
