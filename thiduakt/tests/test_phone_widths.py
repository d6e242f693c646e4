"""Every screen a unit officer or a council member works on fits a 360 px phone, and the menu one line at 1366 px.

One browser, one page per screen: each screen is opened as its role at 360×740 and must not scroll
sideways (``document.documentElement.scrollWidth <= window.innerWidth``; a wide table scrolls inside its
``.table-responsive`` box), with no console error and no CSP violation.
"""

from datetime import date
from decimal import Decimal

import pytest

from awards.services import agenda_add, meeting_open_ballot
from awards.tests.council_factories import council, ensure_catalogue, meeting_for, ready_nomination
from awards.tests.factories import DossierFactory, NominationFactory, award
from campaigns import services as campaign_services
from campaigns.tests.factories import launched_campaign
from clusters import demo as cluster_demo
from clusters.models import Cluster
from thiduakt.models import Notification, Person
from thiduakt.testing import PageProblems, World, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"


def _wider_than_the_page(page) -> list[str]:
    """The elements sticking out on the right (outside a scrolling box), to say what overflows."""
    return page.evaluate(
        """() => {
        const w = document.documentElement.clientWidth, out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 0.5 && !el.closest('.table-responsive')) {
                const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim() : '';
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' ' + Math.round(r.right));
            }
        }
        return out.slice(0, 12);
    }"""
    )


def _officer_screens(world) -> list[str]:
    """What Châu Thành's officer (``donvi``) works on: registering, reporting, self-scoring, a dossier, a nominee."""
    donvi = world.user("donvi")
    registered = launched_campaign(world, units=[world.chau_thanh], dues=(-5, 20))
    registration = campaign_services.registration_save(
        campaign=registered,
        unit=world.chau_thanh,
        by=donvi,
        commitments={c.pk: (Decimal("10"), "") for c in registered.criteria.all()},
    )
    campaign_services.registration_submit(registration=registration, by=donvi)
    due = registered.dues.order_by("due_on").first()
    to_register = launched_campaign(
        world, units=[world.chau_thanh], dues=(10,), name="Phong trào chờ đăng ký", document_number="55/KH"
    )
    cluster_demo.seed()
    cluster = Cluster.objects.get(name=cluster_demo.DISTRICT_CLUSTER)
    membership = cluster.years.get(year=2024).memberships.get(unit=world.chau_thanh)
    assert membership.submitted_at is None  # the sheet is the form with its inputs
    dossier = DossierFactory(unit=world.chau_thanh, year=date.today().year)
    NominationFactory(dossier=dossier, person=Person.objects.get(full_name="Phạm Thị Diễm"), award=award("CSTDCS"))
    return [
        "/",
        "/phong-trao/cua-toi/",
        f"/phong-trao/{to_register.pk}/dang-ky/",
        f"/phong-trao/{registered.pk}/dang-ky/",
        f"/phong-trao/bao-cao/{due.pk}/",
        f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem/",
        f"/khen-thuong/ho-so/{dossier.pk}/",
        f"/khen-thuong/ho-so/{dossier.pk}/doi-tuong/them/",
        "/thong-bao/",
    ]


def _council_screens(world) -> list[str]:
    """What a council member (``hoidong``) works on: the meetings and the ballot of an open meeting."""
    staff = world.user("staff")
    term, _members = council(5, users=[world.user("hoidong")])
    dossier = DossierFactory(unit=world.chau_thanh, year=2024)
    nominees = [
        ready_nomination("CSTDT", dossier=dossier, person=Person.objects.get(full_name=name))
        for name in ("Phạm Thị Diễm", "Võ Văn Đức")
    ]
    meeting = meeting_for(term, by=staff)
    agenda_add(meeting=meeting, nominations=nominees, by=staff)
    meeting_open_ballot(meeting=meeting, by=staff)
    return [
        "/",
        "/khen-thuong/hoi-dong/",
        f"/khen-thuong/hoi-dong/{meeting.pk}/",
        f"/khen-thuong/hoi-dong/{meeting.pk}/phong-hop/",
    ]


def _page(browser, viewport):
    # Not is_mobile: a mobile viewport zooms out to the page's width, and a page too wide would then pass.
    context = browser.new_context(locale="vi-VN", viewport=viewport, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _assert_fits(page, base: str, url: str, problems: PageProblems) -> None:
    response = page.goto(f"{base}{url}")
    assert response.status == 200, url
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (url, page.evaluate(WIDTHS), _wider_than_the_page(page))
    assert problems.errors == [], url


def test_officer_and_council_screens_fit_a_360px_phone(live_server, browser):
    world = World()
    ensure_catalogue()
    screens = {"donvi": _officer_screens(world), "hoidong": _council_screens(world)}
    for username, urls in screens.items():
        context, page = _page(browser, PHONE)
        try:
            problems = PageProblems(page)
            browser_login(page, live_server.url, username)
            for url in urls:
                _assert_fits(page, live_server.url, url, problems)
            # The menu opened on the phone fits too.
            page.click(".navbar-toggler")
            page.wait_for_selector("#mainnav.show")
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (username, _wider_than_the_page(page))
            assert problems.errors == []
        finally:
            context.close()


def test_staff_menu_is_one_line_at_1366px(live_server, browser):
    world = World()
    staff = world.user("staff")
    Notification.objects.bulk_create([Notification(recipient=staff, title="Hồ sơ mới gửi đến") for _ in range(120)])
    context, page = _page(browser, {"width": 1366, "height": 768})
    try:
        problems = PageProblems(page)
        browser_login(page, live_server.url, "staff")
        labels = [t.strip() for t in page.locator("#mainnav .navbar-nav.me-auto .nav-link").all_inner_texts()]
        assert labels == [
            "Phong trào",
            "Cụm/Khối",
            "Hồ sơ KT",
            "Căn cứ xét KT",
            "Hội đồng",
            "Quyết định",
            "Điển hình",
            "Báo cáo",
            "Công việc nền",
        ]
        assert page.locator("[data-testid=unread-count]").inner_text() == "99+"
        tops = page.evaluate(
            "[...document.querySelectorAll('#mainnav .nav-link')].map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) == 11 and max(tops) - min(tops) <= 2, tops  # the nine entries, the bell and the user: one row
        link_height = page.evaluate("document.querySelector('#mainnav .nav-link').getBoundingClientRect().height")
        navbar_height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
        assert navbar_height < 2 * link_height, (navbar_height, link_height)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert problems.errors == []
    finally:
        context.close()
