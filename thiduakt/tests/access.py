"""Access-matrix rows of the foundation's URLs."""

from thiduakt.models import Job
from thiduakt.testing import row


def rows(world):
    staff_job = Job.objects.create(kind="thiduakt.units_export", requested_by=world.user("staff"))
    done_job = Job.objects.create(
        kind="thiduakt.units_export", requested_by=world.user("donvi"), status=Job.Status.FAILED
    )
    return [
        row("home", "/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=200),
        row("healthz", "/healthz", anon=200, admin=200, staff=200, donvi=200, donvi2=200, hoidong=200),
        row("login", "/accounts/login/", anon=200, admin=302, staff=302, donvi=302, donvi2=302, hoidong=302),
        row(
            "logout",
            "/accounts/logout/",
            method="post",
            anon=302,
            admin=302,
            staff=302,
            donvi=302,
            donvi2=302,
            hoidong=302,
        ),
        row(
            "password_change", "/accounts/password/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=200
        ),
        row(
            "password_change_done",
            "/accounts/password/done/",
            anon=302,
            admin=200,
            staff=200,
            donvi=200,
            donvi2=200,
            hoidong=200,
        ),
        row("job_list", "/cong-viec/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=200),
        # A job is seen by whoever asked for it, by staff and by the administrator; anyone else gets 404.
        row(
            "job_detail",
            f"/cong-viec/{staff_job.public_id}/",
            anon=302,
            admin=200,
            staff=200,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "job_download",
            f"/cong-viec/{staff_job.public_id}/tai-ve/",
            anon=302,
            admin=404,
            staff=404,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "job_retry",
            f"/cong-viec/{done_job.public_id}/chay-lai/",
            method="post",
            anon=302,
            admin=302,
            staff=302,
            donvi=302,
            donvi2=404,
            hoidong=404,
        ),
        row(
            "units_export",
            "/don-vi/xuat-xlsx/",
            method="post",
            anon=302,
            admin=302,
            staff=302,
            donvi=404,
            donvi2=404,
            hoidong=404,
        ),
        row("notification_list", "/thong-bao/", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=200),
        row(
            "notification_mark_read",
            "/thong-bao/da-doc/",
            method="post",
            anon=302,
            admin=302,
            staff=302,
            donvi=302,
            donvi2=302,
            hoidong=302,
        ),
        # Pickers: the unit registry for every signed-in user; people for staff and unit officers (each their
        # own unit's: test_pickers); adding a person, the same.
        row("picker_units", "/chon/don-vi/?q=a", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=200),
        row("picker_people", "/chon/ca-nhan/?q=a", anon=302, admin=200, staff=200, donvi=200, donvi2=200, hoidong=404),
        row(
            "picker_person_add",
            "/chon/ca-nhan/them/",
            anon=302,
            admin=200,
            staff=200,
            donvi=200,
            donvi2=200,
            hoidong=404,
        ),
        row("admin:index", "/admin/", anon=302, admin=200, staff=302, donvi=302, donvi2=302, hoidong=302),
    ]
