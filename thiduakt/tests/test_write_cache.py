"""The home page's figures and a big decision's summary kept in the cache between two writes (issue 18:
thiduakt.write_cache)."""

from unittest import mock

from django.core.cache import cache
from django.test import Client, override_settings

from awards.models import Dossier
from awards.tests.factories import DossierFactory
from thiduakt import write_cache

WAITING = "Hồ sơ chờ thẩm định"


def _waiting(client) -> int:
    response = client.get("/")
    assert response.status_code == 200
    return {card.title: card.value for card in response.context["cards"]}[WAITING]


def _entries():
    """The kept values in the (process-local) cache, by key."""
    return [
        (key.split(":", 2)[-1], cache.get(key.split(":", 2)[-1]))
        for key in list(cache._cache)
        if f":{write_cache.KEY_PREFIX}" in key and write_cache.STAMP_PREFIX not in key
    ]


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


def test_a_bulk_write_a_deletion_or_a_raw_statement_is_seen_at_once(world):
    """No signal is needed: every statement that writes a table stamps it (the SQL is watched)."""
    from django.db import connection  # noqa: PLC0415 -- beside the test that needs it

    staff = _staff(world)
    draft = DossierFactory(unit=world.chau_thanh, status=Dossier.Status.DRAFT)
    other = DossierFactory(unit=world.chau_thanh, status=Dossier.Status.DRAFT)
    assert _waiting(staff) == 0

    Dossier.objects.filter(pk=draft.pk).update(status=Dossier.Status.SUBMITTED)  # no signal
    assert _waiting(staff) == 1
    with connection.cursor() as cursor:  # as awards.services.decisions writes a decision's lines
        cursor.execute("UPDATE awards_dossier SET status = %s WHERE id = %s", [Dossier.Status.SUBMITTED, other.pk])
    assert _waiting(staff) == 2
    Dossier.objects.filter(pk=other.pk).delete()
    assert _waiting(staff) == 1


# The home page with its figures and menu taken from the cache: the session, the user and the user's unit.
KEPT_HOME = 3


def _kept_figures(client, django_assert_num_queries, queries: int) -> None:
    with django_assert_num_queries(queries):
        assert client.get("/").status_code == 200


@override_settings(WRITE_CACHE_SHARED=True)
def test_a_write_of_a_table_the_figures_were_not_read_from_keeps_them(world, django_assert_num_queries):
    from thiduakt.models import ImportTemplate  # noqa: PLC0415 -- beside the test that needs it

    staff = _staff(world)
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    staff.get("/")
    kept = next(value for key, value in _entries() if key.endswith(f":home:{world.user('staff').pk}"))
    assert "awards_dossier" in kept[0] and "thiduakt_importtemplate" not in kept[0]
    _kept_figures(staff, django_assert_num_queries, KEPT_HOME)

    ImportTemplate.objects.create(name="Mẫu của Sở", kind="honourees", columns={}, created_by=world.user("staff"))
    staff.post("/thong-bao/")  # a request that may write: in a shared cache, only what it wrote is stamped

    _kept_figures(staff, django_assert_num_queries, KEPT_HOME)
    assert _waiting(staff) == 1


@override_settings(WRITE_CACHE_SHARED=True)
def test_a_notification_or_a_jobs_progress_renews_only_their_own_cards(world):
    """What changes all day (the user's notifications, the progress of a job) is kept apart: the rest of the home
    page's figures, read over every dossier, stay kept."""
    from thiduakt import views  # noqa: PLC0415 -- the home view, watched
    from thiduakt.models import Job, Notification  # noqa: PLC0415 -- beside the test that needs it

    staff, user = _staff(world), world.user("staff")
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    job = Job.objects.create(kind="reports.build", requested_by=user)

    def home():
        response = staff.get("/")
        return {card.title: card.value for card in response.context["cards"]}

    with mock.patch.object(views, "inbox_for", wraps=views.inbox_for) as built:
        first = home()
        Notification.objects.create(recipient=user, title="Có hồ sơ mới")
        after_notification = home()
        Job.objects.filter(pk=job.pk).update(progress=40)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
        after_job = home()

    assert built.call_count == 1  # the figures were built once, at the first visit
    keys = (WAITING, "Thông báo chưa đọc", "Công việc nền đang chờ/chạy")
    assert [tuple(cards[k] for k in keys) for cards in (first, after_notification, after_job)] == [
        (1, 0, 1),
        (1, 1, 1),
        (1, 1, 0),
    ]


def test_where_each_process_has_its_own_cache_any_request_that_may_write_forgets_everything(world):
    staff = _staff(world)
    draft = DossierFactory(unit=world.chau_thanh, status=Dossier.Status.DRAFT)
    assert _waiting(staff) == 0
    stale = _entries()
    # Another process's write: its stamp went to its own cache, unseen here (what a worker's job writes).
    with mock.patch.object(write_cache, "_stamp"):
        Dossier.objects.filter(pk=draft.pk).update(status=Dossier.Status.SUBMITTED)
    assert stale and _waiting(staff) == 0  # kept: nothing here knows of the write

    officer = Client()
    officer.force_login(world.user("donvi"))
    officer.post("/thong-bao/")  # any unsafe request by anybody, whatever its answer

    assert _waiting(staff) == 1


def test_a_value_built_alone_does_not_take_what_the_request_read_before_for_its_own(world):
    from thiduakt.models import Notification  # noqa: PLC0415 -- beside the test that needs it

    user, built = world.user("staff"), []

    def unread():
        built.append(Notification.objects.filter(recipient=user, read_at__isnull=True).count())
        return built[-1]

    def visit(alone):
        scope = write_cache.Scope()
        token = write_cache._scope.set(scope)  # a request's, as WritesMiddleware opens it
        try:
            Dossier.objects.count()  # what the page read before
            value = write_cache.until_write(f"test:unread:{alone}", unread, alone=alone)
            return value, set(scope.reads)
        finally:
            write_cache._scope.reset(token)

    for alone in (True, False):
        built.clear()
        first, request_reads = visit(alone)
        DossierFactory(unit=world.chau_thanh)  # a write of what the page read, not of the notifications
        visit(alone)
        Notification.objects.create(recipient=user, title="Thông báo")
        assert visit(alone)[0] == first + 1
        assert {"awards_dossier", "thiduakt_notification"} <= request_reads  # the request knows both
        assert len(built) == (2 if alone else 3), alone  # alone: built again only after the notification


def test_a_value_kept_apart_inside_one_kept_for_the_page_leaves_the_pages_value_fresh(world):
    """The page's value read a table never written since the cache began, then built (inside it) a value kept
    apart from the same table: the table's first stamp is from before the request, so both are found kept at
    the next visit (dated from the value apart, the page's own read, earlier, looked stale forever)."""
    DossierFactory(unit=world.chau_thanh)
    cache.clear()  # no stamp of the dossiers' table: as if never written since the cache began
    built = []

    def apart():
        built.append("apart")
        return Dossier.objects.count()

    def page():
        built.append("page")
        Dossier.objects.exists()  # the page reads the table first, as of the request's start
        return write_cache.until_write("test:apart", apart, alone=True)

    def visit():
        scope = write_cache.Scope()
        token = write_cache._scope.set(scope)  # a request's, as WritesMiddleware opens it
        try:
            return write_cache.until_write("test:page", page)
        finally:
            write_cache._scope.reset(token)

    assert visit() == 1
    assert visit() == 1
    assert built == ["page", "apart"]  # the second visit found the page kept
    DossierFactory(unit=world.chau_thanh)
    assert visit() == 2
    assert built == ["page", "apart", "page", "apart"]


def test_a_value_built_while_another_transaction_commits_a_write_to_what_it_read_is_not_kept(world):
    """The rows were read before the other request's commit stamped their table: the value built from them is
    kept with the moment they were read at, and the later stamp makes it stale."""
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    built = []

    def build():
        built.append(Dossier.objects.count())
        write_cache._stamp(["awards_dossier"])  # another request commits a dossier meanwhile
        return built[-1]

    assert write_cache.until_write("test:dossiers", build) == 1
    assert write_cache.until_write("test:dossiers", build) == 1
    assert len(built) == 2  # not fresh: built again (and, the table stamped again, again)
    assert write_cache.until_write("test:dossiers", lambda: built.append(-1) or -1) == -1


def test_with_a_margin_for_other_machines_clocks_a_value_read_just_after_a_write_is_built_again(world):
    DossierFactory(unit=world.chau_thanh, status=Dossier.Status.SUBMITTED)
    built = []

    def build():
        built.append(Dossier.objects.count())
        return built[-1]

    Dossier.objects.filter(status=Dossier.Status.SUBMITTED).update(title="Hồ sơ")  # written just now
    with override_settings(WRITE_CACHE_MARGIN_SECONDS=3600):
        write_cache.until_write("test:margin", build)
        write_cache.until_write("test:margin", build)
    assert len(built) == 2  # within the margin of the write: not taken for fresh
    write_cache.until_write("test:margin", build)
    assert len(built) == 2  # with no margin, what was built after the write is kept


def test_sessions_saved_are_not_writes_of_the_figures(world):
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415 -- beside the test that needs it

    session = SessionStore()
    session["seen"] = 1
    session.save()
    assert cache.get(f"{write_cache.STAMP_PREFIX}django_session") is None
    assert cache.get(f"{write_cache.STAMP_PREFIX}thiduakt_person") is None  # nothing else either


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
        mock.patch.object(write_cache.cache, "set_many", side_effect=down),
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


def test_a_request_reads_each_tables_stamp_once_and_sees_its_own_writes(world):
    from django.http import HttpResponse  # noqa: PLC0415 -- only here
    from django.test import RequestFactory  # noqa: PLC0415 -- only here

    from thiduakt.models import OrgUnit  # noqa: PLC0415 -- beside the test that needs it

    built = []

    def value():
        return write_cache.until_write("test:units", lambda: built.append(1) or OrgUnit.objects.count())

    def view(request):
        first = value()
        assert value() == first and len(built) == 1  # kept within the request
        OrgUnit.objects.filter(pk=world.chau_thanh.pk).update(short_name="CT")  # this request writes
        value()
        assert len(built) == 2  # …and sees its own write
        return HttpResponse("ok")

    stamp_reads = []
    real_get_many = cache.get_many

    def counting(keys, *args, **kwargs):
        stamp_reads.extend(key for key in keys if key.startswith(write_cache.STAMP_PREFIX))
        return real_get_many(keys, *args, **kwargs)

    with mock.patch.object(cache, "get_many", counting):
        write_cache.WritesMiddleware(view)(RequestFactory().get("/"))
    assert sorted(stamp_reads) == [f"{write_cache.STAMP_PREFIX}*", f"{write_cache.STAMP_PREFIX}thiduakt_orgunit"]


def test_a_kept_value_known_to_the_process_is_read_with_the_stamps_of_its_tables_in_one_round_trip(world):
    from django.http import HttpResponse  # noqa: PLC0415 -- only here
    from django.test import RequestFactory  # noqa: PLC0415 -- only here

    from thiduakt.models import OrgUnit  # noqa: PLC0415 -- beside the test that needs it

    built, reads = [], []
    real_get, real_get_many = cache.get, cache.get_many

    def view(request):
        value = write_cache.until_write("test:count", lambda: built.append(1) or OrgUnit.objects.count())
        return HttpResponse(str(value))

    inside = []  # the local memory cache's get_many calls its own get: one read of the cache, counted once

    def counting_get(key, *args, **kwargs):
        if not inside:
            reads.append([key])
        return real_get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        inside.append(1)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    units = str(OrgUnit.objects.count()).encode()
    write_cache.WritesMiddleware(view)(RequestFactory().get("/"))  # built and kept
    with mock.patch.object(cache, "get", counting_get), mock.patch.object(cache, "get_many", counting_get_many):
        assert write_cache.WritesMiddleware(view)(RequestFactory().get("/")).content == units
    assert len(built) == 1, reads
    assert len(reads) == 1, reads  # served, from one read of the cache: the value and its stamps
    [[value_key, *stamps]] = reads
    assert value_key.endswith(":test:count")
    assert sorted(stamps) == [f"{write_cache.STAMP_PREFIX}*", f"{write_cache.STAMP_PREFIX}thiduakt_orgunit"]

    OrgUnit.objects.filter(pk=world.chau_thanh.pk).update(short_name="CT")  # the stamps read with it say so
    write_cache.WritesMiddleware(view)(RequestFactory().get("/"))
    assert len(built) == 2


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

    write_cache.changed()  # everything may have changed: every value is built again at its next use
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
