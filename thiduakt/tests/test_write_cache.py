"""The home page's figures and a big decision's summary kept in the cache between two writes (issue 18:
thiduakt.write_cache)."""

from unittest import mock

from django.test import Client

from awards.models import Dossier
from awards.tests.factories import DossierFactory
from thiduakt import write_cache
from thiduakt.models import Job
from thiduakt.services import job_run

WAITING = "Hồ sơ chờ thẩm định"


def _waiting(client) -> int:
    response = client.get("/")
    assert response.status_code == 200
    return {card.title: card.value for card in response.context["cards"]}[WAITING]


def _staff(world) -> Client:
    client = Client()
    client.force_login(world.user("staff"))
    return client


def test_a_row_saved_anywhere_makes_every_users_figures_fresh(world):
    staff = _staff(world)
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    assert _waiting(staff) == 1

    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)  # saved outside any request

    assert _waiting(staff) == 2


def test_a_bulk_write_is_seen_after_the_next_request_that_may_write(world):
    staff = _staff(world)
    draft = DossierFactory(unit=world.chau_thanh, status=Dossier.Status.DRAFT)
    assert _waiting(staff) == 0

    Dossier.objects.filter(pk=draft.pk).update(status=Dossier.Status.SUBMITTED)  # no signal
    assert _waiting(staff) == 0  # kept until a write is known, or 60 s

    officer = Client()
    officer.force_login(world.user("donvi"))
    officer.post("/thong-bao/")  # any unsafe request by anybody, whatever its answer
    assert _waiting(staff) == 1


def test_a_background_job_that_ends_makes_the_figures_fresh(world):
    staff = _staff(world)
    job = Job.objects.create(kind="no.such.kind", requested_by=world.user("staff"))
    draft = DossierFactory(unit=world.chau_thanh, status=Dossier.Status.DRAFT)
    assert _waiting(staff) == 0
    Dossier.objects.filter(pk=draft.pk).update(status=Dossier.Status.SUBMITTED)  # as a job's bulk write

    job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "Loại công việc không còn được hỗ trợ.")
    assert _waiting(staff) == 1


def test_sessions_saved_are_not_writes_of_the_figures(world):
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415 -- beside the test that needs it

    before = write_cache.WRITES.current()
    session = SessionStore()
    session["seen"] = 1
    session.save()
    assert write_cache.WRITES.current() == before


def test_each_user_has_their_own_figures(world):
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.RETURNED)
    staff, officer = _staff(world), Client()
    officer.force_login(world.user("donvi"))
    assert _waiting(staff) == 0

    cards = {card.title: card.value for card in officer.get("/").context["cards"]}

    assert cards["Hồ sơ bị trả lại, cần bổ sung"] == 1
    assert WAITING not in cards


def test_with_the_cache_server_down_the_figures_come_from_the_database(world):
    staff = _staff(world)
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    down = ConnectionError("cache down")
    with (
        mock.patch.object(write_cache.cache, "get", side_effect=down),
        mock.patch.object(write_cache.cache, "incr", side_effect=down),
    ):
        assert _waiting(staff) == 1
        DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
        staff.post("/thong-bao/")  # the bump fails quietly (logged)
        assert _waiting(staff) == 2


def test_counts_gives_each_querysets_count_in_one_query(world, django_assert_num_queries):
    from thiduakt.models import OrgUnit, Person  # noqa: PLC0415 -- beside the test that needs it
    from thiduakt.selectors import counts  # noqa: PLC0415 -- beside the test that needs it

    expected = {
        "units": OrgUnit.objects.filter(valid_to__isnull=True).count(),
        "chau_thanh": Person.objects.filter(unit=world.chau_thanh, full_name__startswith="Nguyễn").count(),
        "none": Person.objects.filter(pk=-1).count(),
    }
    with django_assert_num_queries(1):
        assert (
            counts(
                units=OrgUnit.objects.filter(valid_to__isnull=True),
                chau_thanh=Person.objects.filter(unit=world.chau_thanh, full_name__startswith="Nguyễn"),
                none=Person.objects.filter(pk=-1),
            )
            == expected
        )
    assert expected["units"] > 0 and expected["none"] == 0
    assert counts() == {}


def test_the_menu_kept_between_pages_still_logs_out_with_this_pages_csrf_field(world):
    import re  # noqa: PLC0415 -- beside the test that needs it

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("staff"))
    client.get("/khen-thuong/")  # the menu rendered and kept
    page = client.get("/khen-thuong/").content.decode()  # … and taken from the cache, a new CSRF field put in
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert 'class="nav-link active" href="/khen-thuong/"' in nav  # the active entry is this page's
    [token] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav)

    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_menus_badge_counts_a_notification_as_soon_as_it_is_written(world):
    from thiduakt.models import Notification  # noqa: PLC0415 -- beside the test that needs it

    staff = _staff(world)
    assert 'data-testid="unread-count"' not in staff.get("/thong-bao/").content.decode()

    Notification.objects.create(recipient=world.user("staff"), title="Hồ sơ mới cần thẩm định")

    page = staff.get("/khen-thuong/").content.decode()
    assert '<span class="badge rounded-pill text-bg-warning" data-testid="unread-count">1</span>' in page


def test_a_request_reads_the_generation_once_and_again_after_its_own_write():
    from django.core.cache import cache  # noqa: PLC0415 -- only here
    from django.http import HttpResponse  # noqa: PLC0415 -- only here
    from django.test import RequestFactory  # noqa: PLC0415 -- only here

    seen = []

    def view(request):
        seen.append(write_cache.WRITES.current())
        seen.append(write_cache.WRITES.current())
        write_cache.changed()
        seen.append(write_cache.WRITES.current())
        return HttpResponse("ok")

    write_cache.WRITES.current()  # in the cache already, as after the first request
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == write_cache.GENERATION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    with mock.patch.object(cache, "get", counting_get):
        write_cache.WritesMiddleware(view)(RequestFactory().get("/"))
        assert len(reads) == 2  # once, then once more after the bump
        assert seen[0] == seen[1] and seen[2] == seen[0] + 1
        write_cache.WRITES.current()  # outside a request: read each time
        write_cache.WRITES.current()
        assert len(reads) == 4


def test_many_values_are_read_at_once_and_only_the_missing_ones_built():
    built = []

    def build(ids):
        built.append(list(ids))
        return {pk: f"carte {pk}" for pk in ids}

    write_cache.changed()
    assert write_cache.until_write_many("test:cards", [3, 1], build) == {3: "carte 3", 1: "carte 1"}
    assert write_cache.until_write_many("test:cards", [1, 2, 3], build) == {1: "carte 1", 2: "carte 2", 3: "carte 3"}
    assert built == [[3, 1], [2]]
    assert write_cache.until_write_many("test:cards", [], build) == {}
    assert built == [[3, 1], [2]]

    write_cache.changed()  # a write: every value is built again at its next use
    assert write_cache.until_write_many("test:cards", [2], build) == {2: "carte 2"}
    assert built == [[3, 1], [2], [2]]


def test_many_values_with_the_cache_server_down_are_built_from_the_database():
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    with (
        mock.patch.object(write_cache.cache, "get_many", side_effect=down),
        mock.patch.object(write_cache.cache, "set_many", side_effect=down),
    ):
        assert write_cache.until_write_many("test:down", [5, 6], lambda ids: {pk: -pk for pk in ids}) == {5: -5, 6: -6}
