"""The dossier list's and the intake queue's rows, written in Python (``thiduakt.rows``): the same markup the
templates wrote, every value escaped, dates as dd/mm/yyyy in local time."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from awards.models import Dossier
from awards.tests.factories import DossierFactory, NominationFactory
from awards.workdays import holidays_around, working_days_between
from thiduakt.links import pk_url

pytestmark = pytest.mark.django_db


def _page(world, role, url):
    client = Client()
    client.force_login(world.user(role))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_queue_rows_say_the_clock_and_escape_what_units_wrote(world):
    today = timezone.localdate()
    late = DossierFactory(
        unit=world.chau_thanh,
        title="<b>Hồ sơ</b> & “trễ”",
        status=Dossier.Status.SUBMITTED,
        received_on=today - timedelta(days=30),
        due_on=today - timedelta(days=10),
    )
    NominationFactory(dossier=late)
    NominationFactory(dossier=late, status="withdrawn")
    on_time = DossierFactory(
        unit=world.nga_bay,
        status=Dossier.Status.RESUBMITTED,
        received_on=today,
        complete_on=today,
        due_on=today + timedelta(days=20),
    )
    holidays = holidays_around(today, 400)
    overdue = -working_days_between(today, late.due_on, holidays)
    left = working_days_between(today, on_time.due_on, holidays)
    url = pk_url("awards:dossier_appraise")

    page = _page(world, "staff", "/khen-thuong/tiep-nhan/")

    d = "%d/%m/%Y"
    assert (
        f'<tr class="table-danger"><td><a href="{url(late.pk)}">&lt;b&gt;Hồ sơ&lt;/b&gt; &amp; “trễ”</a> '
        '<span class="badge text-bg-primary" data-testid="dossier-status">Đã gửi, chờ thẩm định</span></td>'
        f"<td>{world.chau_thanh.short_name or world.chau_thanh.name}</td><td>1/1</td>"  # the withdrawn not counted
        f'<td class="text-nowrap">{late.received_on:{d}}</td><td class="small">Kiểm tra thành phần</td>'
        f'<td class="text-nowrap">{late.due_on:{d}}</td><td class="text-nowrap" data-testid="days-left">'
        f'<span class="badge text-bg-danger">Quá hạn {overdue} ngày làm việc</span></td></tr>'
    ) in page
    assert (
        f'<tr><td><a href="{url(on_time.pk)}">{on_time.title}</a> '
        '<span class="badge text-bg-primary" data-testid="dossier-status">Đã bổ sung, chờ thẩm định</span></td>'
        f"<td>{world.nga_bay.short_name or world.nga_bay.name}</td><td>0/0</td>"
        f'<td class="text-nowrap">{today:{d}}</td><td class="small">Thẩm định</td>'
        f'<td class="text-nowrap">{on_time.due_on:{d}}</td>'
        f'<td class="text-nowrap" data-testid="days-left">{left} ngày làm việc</td></tr>'
    ) in page
    assert page.index(f'href="{url(late.pk)}"') < page.index(f'href="{url(on_time.pk)}"')  # overdue first


@pytest.mark.parametrize("role", ["staff", "donvi"])
def test_dossier_list_rows_say_what_is_asked_and_show_the_unit_to_staff_only(world, role):
    returned = DossierFactory(
        unit=world.chau_thanh, title="Hồ sơ <i>trả lại</i>", status=Dossier.Status.RETURNED, letter_number="12/TTr-UBND"
    )
    NominationFactory(dossier=returned)
    draft = DossierFactory(unit=world.chau_thanh, title="Hồ sơ nháp", round_kind=Dossier.RoundKind.YEARLY)
    url = pk_url("awards:dossier_detail")
    unit = f"<td>{world.chau_thanh.short_name or world.chau_thanh.name}</td>" if role == "staff" else ""

    page = _page(world, role, "/khen-thuong/")

    changed = timezone.localtime(returned.updated_at).strftime("%d/%m/%Y")
    assert (
        f'<tr><td><a href="{url(returned.pk)}">Hồ sơ &lt;i&gt;trả lại&lt;/i&gt;</a><div class="small '
        f'text-body-secondary">{returned.get_round_kind_display()} · Tờ trình 12/TTr-UBND</div></td>{unit}'
        '<td>2024</td><td>1</td><td><span class="badge text-bg-warning" data-testid="dossier-status">Trả lại để '
        'bổ sung</span></td><td class="small"><span class="text-warning-emphasis"><i class="bi '
        'bi-exclamation-triangle"></i> Bổ sung theo yêu cầu và gửi lại</span></td>'
        f'<td class="text-nowrap small">{changed}</td></tr>'
    ) in page
    assert (
        f'<tr><td><a href="{url(draft.pk)}">Hồ sơ nháp</a><div class="small text-body-secondary">'
        f"{draft.get_round_kind_display()}</div></td>{unit}<td>2024</td><td>0</td>"
    ) in page
    assert '<td class="small">Hoàn thiện và gửi hồ sơ</td>' in page
