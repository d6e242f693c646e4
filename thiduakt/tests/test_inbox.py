"""The home inbox: what needs each role today, with its deadline (issue 16, point 3).

Staff: dossiers to receive and appraise (working days left, overdue first), disclosure windows closing,
meetings to prepare, decisions to sign, campaigns with late units. A unit officer: what is due from the
unit and what came back, for their own unit only. A council member: the next meeting, the documents still
unread, the ballots to cast. Counts and charts stay below it; the home page costs the same number of
queries whatever the number of items.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from awards.models import Attachment, Decision, Dossier
from awards.services import agenda_add, ballot_cast, document_read, meeting_open_ballot
from awards.tests.council_factories import council, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory, NominationFactory, award
from awards.workdays import add_working_days, holidays_around, is_working_day
from campaigns import services as campaign_services
from campaigns.tests.factories import launched_campaign
from clusters.tests.factories import ClusterFactory, ClusterYearFactory, MembershipFactory
from thiduakt.navigation import INBOX_LIMIT, InboxItem, inbox_for

pytestmark = pytest.mark.django_db


def _working_days_ago(n: int):
    """The working day whose deadline is ``n`` working days past today (walked back day by day)."""
    today = timezone.localdate()
    holidays = holidays_around(today, 60)
    day, counted = today, 0
    while counted < n:
        if is_working_day(day, holidays):
            counted += 1
        day -= timedelta(days=1)
    while not is_working_day(day, holidays):
        day -= timedelta(days=1)
    return day


def _lines(items: list[InboxItem]) -> list[tuple]:
    return [(str(item.kind), str(item.title), str(item.badge), item.severity) for item in items]


def _dossier(unit, status, *, due_on=None, complete=True, title, **fields):
    today = timezone.localdate()
    return DossierFactory(
        unit=unit,
        status=status,
        due_on=due_on,
        received_on=today - timedelta(days=7) if status in Dossier.AWAITING else None,
        complete_on=today - timedelta(days=7) if complete and status in Dossier.AWAITING else None,
        title=title,
        **fields,
    )


def _staff_world(world, size: int = 1, batch: str = ""):
    """Of each kind ``size`` items; the first dossier overdue by 3 working days."""
    today = timezone.localdate()
    for n in range(size):
        _dossier(world.chau_thanh, Dossier.Status.SUBMITTED, due_on=_working_days_ago(3), title=f"Hồ sơ quá hạn {n}")
        _dossier(
            world.nga_bay,
            Dossier.Status.RESUBMITTED,
            due_on=add_working_days(today, 2),
            complete=False,
            title=f"Hồ sơ gửi lại {n}",
        )
        _dossier(world.chau_thanh, Dossier.Status.SUBMITTED, due_on=add_working_days(today, 20), title=f"Hồ sơ mới {n}")
        _dossier(world.chau_thanh, Dossier.Status.RETURNED, title=f"Hồ sơ đã trả lại {n}")  # the unit's turn
        _dossier(world.nga_bay, Dossier.Status.DRAFT, title=f"Hồ sơ đang soạn {n}")  # not sent
        NominationFactory(
            award=award("CSTDT"),
            disclosure_opens_on=today - timedelta(days=1),
            disclosure_closes_on=add_working_days(today, 1),
        )
        meeting_for(council(3)[0], day=today + timedelta(days=15))
        Decision.objects.create(award=award("BKT"), subject=f"Tặng Bằng khen đợt {n}", signer_name="Nguyễn Văn Một")
        launched_campaign(world, dues=(-1, 20), name=f"Phong trào trễ {batch}{n}")


def test_staff_inbox_lists_what_needs_her_overdue_dossier_first(world):
    _staff_world(world)
    launched_campaign(world, dues=(5,), name="Phong trào chưa đến hạn")  # nobody late: not listed
    NominationFactory(  # a window closed yesterday: nothing left to watch
        award=award("CSTDT"),
        disclosure_opens_on=timezone.localdate() - timedelta(days=20),
        disclosure_closes_on=timezone.localdate() - timedelta(days=1),
    )

    items = inbox_for(world.user("staff"))

    assert _lines(items) == [
        ("Thẩm định hồ sơ", "Hồ sơ quá hạn 0", "Quá hạn 3 ngày làm việc", "overdue"),
        ("Đơn vị trễ báo cáo", "Phong trào trễ 0", "Quá hạn 1 ngày", "overdue"),
        ("Công khai lấy ý kiến", "1 đối tượng đang công khai lấy ý kiến", "Còn 1 ngày làm việc", "soon"),
        ("Tiếp nhận hồ sơ", "Hồ sơ gửi lại 0", "Còn 2 ngày làm việc", "soon"),
        ("Chuẩn bị phiên họp Hội đồng", "Phiên họp xét khen thưởng 6 tháng đầu năm", "Còn 15 ngày", "normal"),
        ("Thẩm định hồ sơ", "Hồ sơ mới 0", "Còn 20 ngày làm việc", "normal"),
        ("Quyết định chờ ký", "Tặng Bằng khen đợt 0", "", "normal"),
    ]
    assert items[0].note == world.chau_thanh.name
    assert items[0].url == f"/khen-thuong/ho-so/{Dossier.objects.get(title='Hồ sơ quá hạn 0').pk}/"
    assert items[1].note == "2 đơn vị chưa gửi báo cáo đã quá hạn"
    assert items[4].note == "Chưa có đối tượng nào trong chương trình"


def test_late_units_count_drops_when_a_unit_sends_its_report(world):
    campaign = launched_campaign(world, dues=(-4, -1), name="Phong trào hai kỳ trễ")
    donvi = world.user("donvi")
    for due in campaign.dues.all():
        report = campaign_services.report_save(
            due=due, unit=world.chau_thanh, by=donvi, values={}, narrative="Đã thực hiện."
        )
        campaign_services.report_submit(report=report, by=donvi)

    [item] = inbox_for(world.user("staff"))

    assert (item.title, item.badge, item.note) == (
        "Phong trào hai kỳ trễ",
        "Quá hạn 4 ngày",
        "1 đơn vị chưa gửi báo cáo đã quá hạn",
    )


def test_a_dossier_sent_late_says_staff_must_decide(world):
    _dossier(
        world.chau_thanh,
        Dossier.Status.SUBMITTED,
        due_on=add_working_days(timezone.localdate(), 5),
        complete=False,
        title="Hồ sơ nộp muộn",
        submitted_late=True,
        deadline_on=timezone.localdate() - timedelta(days=30),
    )

    [item] = inbox_for(world.user("staff"))

    day = (timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")
    assert item.note == f"{world.chau_thanh.name} · gửi sau hạn {day}, cần quyết định nhận hay không"


def test_unit_officer_sees_what_is_due_from_the_unit_and_what_came_back(world):
    today = timezone.localdate()
    campaign = launched_campaign(world, dues=(-3, 10, 60), name="Phong trào chung")
    _dossier(world.chau_thanh, Dossier.Status.RETURNED, title="Hồ sơ bị trả", return_reason="Thiếu biên bản họp.")
    _dossier(world.chau_thanh, Dossier.Status.DRAFT, title="Hồ sơ nháp")
    _dossier(world.chau_thanh, Dossier.Status.SUBMITTED, due_on=today, title="Hồ sơ đã gửi")  # staff's turn
    _dossier(world.nga_bay, Dossier.Status.RETURNED, title="Hồ sơ của Ngã Bảy", return_reason="Thiếu tờ trình.")
    own = MembershipFactory(
        cluster_year=ClusterYearFactory(cluster=ClusterFactory(name="Cụm huyện")), unit=world.chau_thanh
    )
    MembershipFactory(cluster_year=own.cluster_year, unit=world.nga_bay)

    items = inbox_for(world.user("donvi"))

    assert _lines(items) == [
        ("Báo cáo tiến độ phong trào", "Kỳ -3 — Phong trào chung", "Quá hạn 3 ngày", "overdue"),
        ("Báo cáo tiến độ phong trào", "Kỳ +10 — Phong trào chung", "Còn 10 ngày", "normal"),
        # Undated, in app order: campaigns, clusters, awards.
        ("Đăng ký thi đua", "Phong trào chung", "", "normal"),
        ("Bảng tự chấm điểm cụm, khối", "Cụm huyện – 2023", "", "normal"),
        ("Hồ sơ bị trả lại, cần bổ sung", "Hồ sơ bị trả", "", "normal"),
        ("Hồ sơ đang soạn, chưa gửi", "Hồ sơ nháp", "", "normal"),
    ]
    assert items[2].note == "Đơn vị chưa đăng ký thi đua"
    assert items[2].url == f"/phong-trao/{campaign.pk}/dang-ky/"
    assert items[3].url == f"/cum-khoi/thanh-vien/{own.pk}/cham-diem/"
    assert items[4].note == "Thiếu biên bản họp."
    # Ngã Bảy's officer sees Ngã Bảy's only: its own reports, registration, returned dossier and sheet.
    other = inbox_for(world.user("donvi2"))
    assert [str(i.title) for i in other] == [
        "Kỳ -3 — Phong trào chung",
        "Kỳ +10 — Phong trào chung",
        "Phong trào chung",
        "Cụm huyện – 2023",
        "Hồ sơ của Ngã Bảy",
    ]
    assert not {i.url for i in items} & {i.url for i in other if "phong-trao" not in i.url}


def test_unit_items_leave_once_done(world):
    donvi = world.user("donvi")
    campaign = launched_campaign(world, units=[world.chau_thanh], dues=(-3,), name="Phong trào chung")
    registration = campaign_services.registration_save(
        campaign=campaign,
        unit=world.chau_thanh,
        by=donvi,
        commitments={c.pk: (Decimal("10"), "") for c in campaign.criteria.all()},
    )
    assert [i.note for i in inbox_for(donvi) if i.kind == "Đăng ký thi đua"] == ["Bản đăng ký đang soạn, chưa gửi"]
    campaign_services.registration_submit(registration=registration, by=donvi)
    report = campaign_services.report_save(
        due=campaign.dues.get(), unit=world.chau_thanh, by=donvi, values={}, narrative="Đã thực hiện."
    )
    assert [(i.title, i.note) for i in inbox_for(donvi)] == [
        ("Kỳ -3 — Phong trào chung", "Báo cáo đang soạn, chưa gửi")
    ]
    campaign_services.report_submit(report=report, by=donvi)

    assert inbox_for(donvi) == []


def _document(nomination, *, kind="achievement_report", name="bao-cao.pdf", whole_dossier=False):
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


def _council_world(world, nominees: int = 2):
    """hoidong's council meets in 3 days, ballot open, ``nominees`` on the agenda from one dossier (each with
    a report) plus the dossier's letter; another nominee of the dossier is not on the agenda."""
    staff, hoidong = world.user("staff"), world.user("hoidong")
    term, _members = council(3, users=[hoidong])
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)
    on_agenda = [ready_nomination("CSTDT", dossier=dossier) for _ in range(nominees)]
    _document(ready_nomination("CSTDT", dossier=dossier), name="nguoi-khac.pdf")
    reports = [_document(nomination) for nomination in on_agenda]
    _document(on_agenda[0], kind="request_letter", name="to-trinh.pdf", whole_dossier=True)
    meeting = meeting_for(term, by=staff, day=timezone.localdate() + timedelta(days=3))
    items = agenda_add(meeting=meeting, nominations=on_agenda, by=staff)
    meeting = meeting_open_ballot(meeting=meeting, by=staff)
    meeting_for(term, by=staff, day=timezone.localdate() + timedelta(days=40))  # the one after: not "next"
    return meeting, items, reports


def test_council_member_sees_the_next_meeting_what_to_read_and_the_ballot(world, private_media):
    meeting, items, reports = _council_world(world)
    hoidong = world.user("hoidong")
    document_read(meeting=meeting, attachment=reports[0], user=hoidong)
    ballot_cast(meeting=meeting, user=hoidong, choices={items[0].pk: "agree"})

    result = inbox_for(hoidong)

    assert _lines(result) == [
        ("Phiên họp sắp tới", "Phiên họp xét khen thưởng 6 tháng đầu năm", "Còn 3 ngày", "soon"),
        ("Tài liệu cần đọc", "Còn 2/3 tài liệu chưa đọc", "Còn 3 ngày", "soon"),
        ("Phiếu bầu đang mở", "1 đối tượng chờ bạn bỏ phiếu", "Còn 3 ngày", "soon"),
    ]
    assert {i.url for i in result} == {f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/"}
    assert inbox_for(world.user("donvi2")) == []  # not a member: nothing of the council


def test_a_ballot_left_open_after_the_meeting_is_due_now_not_overdue_by_the_meeting_day(world):
    staff, hoidong = world.user("staff"), world.user("hoidong")
    term, _members = council(3, users=[hoidong])
    met_on = timezone.localdate() - timedelta(days=10)
    meeting = meeting_for(term, by=staff, day=met_on)
    agenda_add(meeting=meeting, nominations=[ready_nomination("CSTDT")], by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)

    [item] = inbox_for(hoidong)  # nothing to read; no meeting ahead

    assert (item.kind, item.title, item.badge, item.severity, item.due_on) == (
        "Phiếu bầu đang mở",
        "1 đối tượng chờ bạn bỏ phiếu",
        "",
        "soon",
        None,
    )
    assert item.note == f"Phiên họp xét khen thưởng 6 tháng đầu năm, họp ngày {met_on:%d/%m/%Y}, đang bỏ phiếu"


def test_empty_inbox_says_so_calmly(world):
    client = Client()
    client.force_login(world.user("donvi2"))

    page = client.get("/").content.decode()

    assert 'data-testid="inbox-empty"' in page
    assert "Không có việc nào cần làm hôm nay." in page
    assert 'data-testid="inbox-item"' not in page


def test_home_shows_the_inbox_above_the_cards_with_badges_and_dates(world):
    _staff_world(world)
    client = Client()
    client.force_login(world.user("staff"))

    page = client.get("/").content.decode()

    assert page.count('data-testid="inbox-item"') == 7
    assert page.index('data-testid="inbox"') < page.index("card-figure") < page.index('data-testid="shortcuts"')
    first = page.index('data-testid="inbox-item"')
    assert page.index("Hồ sơ quá hạn 0", first) < page.index("Phong trào trễ 0", first)
    assert "Quá hạn 3 ngày làm việc" in page
    assert f"Hạn {_working_days_ago(3).strftime('%d/%m/%Y')}" in page
    assert 'data-severity="overdue"' in page


def test_a_long_list_stops_at_the_limit_with_a_line_to_the_full_list(world):
    today = timezone.localdate()
    for n in range(INBOX_LIMIT + 2):
        _dossier(world.chau_thanh, Dossier.Status.SUBMITTED, due_on=add_working_days(today, 5), title=f"Hồ sơ {n:02d}")

    items = inbox_for(world.user("staff"))

    assert [str(i.title) for i in items] == [f"Hồ sơ {n:02d}" for n in range(INBOX_LIMIT)] + [
        "Xem toàn bộ hồ sơ chờ tiếp nhận, thẩm định"
    ]
    assert items[-1].url == "/khen-thuong/tiep-nhan/"


def _home_data(world, size: int):
    """``size`` of everything every role's inbox lists."""
    _staff_world(world, size=size, batch=f"{size}.")
    for n in range(size):
        campaign = launched_campaign(world, dues=(-3, 10), name=f"Phong trào {size}.{n}")
        _dossier(world.chau_thanh, Dossier.Status.RETURNED, title="Hồ sơ bị trả", return_reason="Thiếu biên bản.")
        _dossier(world.chau_thanh, Dossier.Status.DRAFT, title="Hồ sơ nháp", campaign=campaign)
        MembershipFactory(unit=world.chau_thanh)
    _council_world(world, nominees=size)


# A later visit: the session, the user and what the page reads of the user (its council seats and
# permissions for the shortcuts); the inbox, cards and charts, and the menu with its badge, come from the cache.
WARM_HOME_QUERIES = {"staff": 3, "donvi": 5, "hoidong": 5}


def _without_csrf(page: str) -> str:
    """The page with its CSRF tokens blanked (masked anew in every answer)."""
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", page)


@pytest.mark.parametrize(
    ("role", "queries", "first", "second"),
    [
        # the charts and the cards read their figures once (reports.dashboard); the user's jobs and notifications
        # (thiduakt.dashboard.live_cards) and the menu's badge are kept apart, and stay kept: nothing here writes them
        ("staff", 22, 9, 30),
        ("donvi", 15, 11, 34),
        ("hoidong", 11, 3, 5),
    ],
)
def test_home_costs_the_same_queries_with_one_or_four_of_everything(
    world, private_media, django_assert_num_queries, role, queries, first, second
):
    client = Client()
    client.force_login(world.user(role))
    client.get("/")  # the session (stamped once: thiduakt.sessions) and the permission caches warm

    for size, items in ((1, first), (3, second)):
        _home_data(world, size)
        with django_assert_num_queries(queries):
            page = client.get("/").content.decode()
        assert page.count('data-testid="inbox-item"') == items
        with django_assert_num_queries(WARM_HOME_QUERIES[role]):  # the figures from the cache until a write
            assert _without_csrf(client.get("/").content.decode()) == _without_csrf(page)
