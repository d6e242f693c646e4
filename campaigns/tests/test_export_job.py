"""A campaign's participants export (issue 18): a small campaign's file is the answer of the click itself, a
bigger one's is made by a background job (one job for repeated clicks) whose page gives the same file."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from campaigns import jobs
from campaigns.resources import participants_xlsx
from campaigns.tests.factories import launched_campaign
from thiduakt.jobs import get_kind
from thiduakt.models import Job
from thiduakt.services import job_create, job_run

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(world, role="staff") -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def _url(campaign) -> str:
    return f"/phong-trao/{campaign.pk}/xuat/"


def _rows(data: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def _export_jobs():
    return Job.objects.filter(kind=jobs.EXPORT_JOB)


def test_a_small_campaign_answers_its_export_in_the_request_to_a_post(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    client = _client(world)
    response = client.post(_url(campaign))
    assert (response.status_code, response["Content-Type"]) == (200, XLSX)
    assert response["Content-Disposition"] == f'attachment; filename="phong-trao-{campaign.pk}-don-vi.xlsx"'
    assert [r[:5] for r in _rows(response.content)] == [
        ["Mã đơn vị", "Tên đơn vị", "Vai trò", "Nhóm đối tượng", "Đăng ký"],
        ["HG.CT", "Ủy ban nhân dân huyện Châu Thành", "Đơn vị tham gia", None, None],
        ["HG.NB", "Ủy ban nhân dân thành phố Ngã Bảy", "Đơn vị tham gia", None, None],
    ]
    assert client.get(_url(campaign)).status_code == 405  # asking for the file may start a job: never by a GET
    assert _export_jobs().count() == 0


def test_the_detail_page_asks_for_the_export_by_a_post_form(world):
    campaign = launched_campaign(world)
    page = _client(world).get(f"/phong-trao/{campaign.pk}/").content.decode()
    assert f'<form method="post" action="{_url(campaign)}">' in page
    assert f'href="{_url(campaign)}"' not in page


def test_a_big_campaign_starts_one_job_however_often_it_is_asked(world, monkeypatch):
    monkeypatch.setattr(jobs, "IN_REQUEST_MAX_PARTICIPANTS", 1)
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    client = _client(world)
    first = client.post(_url(campaign), follow=True)
    job = _export_jobs().get()
    assert first.redirect_chain == [(f"/cong-viec/{job.public_id}/", 302)]
    page = first.content.decode()
    assert "Phong trào có 2 đơn vị tham gia: tệp đang được lập trong nền" in page
    assert "Xuất đơn vị và đăng ký của phong trào (Excel)" in page
    second = client.post(_url(campaign), follow=True)
    assert second.redirect_chain == [(f"/cong-viec/{job.public_id}/", 302)]
    assert "Tệp này đang được lập; mời theo dõi tiến độ." in second.content.decode()
    assert (_export_jobs().count(), job.params, job.status, job.requested_by) == (
        1,
        {"campaign_id": campaign.pk},
        Job.Status.WAITING,
        world.user("staff"),
    )


def test_the_job_gives_the_same_file_as_the_request(world, monkeypatch, private_media):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    client = _client(world)
    in_request = client.post(_url(campaign))
    monkeypatch.setattr(jobs, "IN_REQUEST_MAX_PARTICIPANTS", 1)
    job = Job.objects.get(public_id=client.post(_url(campaign))["Location"].split("/")[2])
    assert job_run(job_id=job.pk).status == Job.Status.DONE
    assert f'href="/cong-viec/{job.public_id}/tai-ve/"' in client.get(f"/cong-viec/{job.public_id}/").content.decode()
    response = client.get(f"/cong-viec/{job.public_id}/tai-ve/")
    made = b"".join(response.streaming_content)
    assert response["Content-Type"] == in_request["Content-Type"]
    assert response["Content-Disposition"] == in_request["Content-Disposition"]
    assert _rows(made) == _rows(in_request.content)


def test_an_officer_gets_404_and_starts_nothing(world, monkeypatch):
    monkeypatch.setattr(jobs, "IN_REQUEST_MAX_PARTICIPANTS", 1)
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    assert _client(world, "donvi").post(_url(campaign)).status_code == 404
    assert _export_jobs().count() == 0


def test_a_job_whose_requester_may_not_manage_the_campaign_fails_with_the_reason(world, private_media):
    campaign = launched_campaign(world)
    job = job_create(kind=jobs.EXPORT_JOB, requested_by=world.user("donvi"), params={"campaign_id": campaign.pk})
    job = job_run(job_id=job.pk)
    assert (job.status, job.message, job.result_file.name) == (
        Job.Status.FAILED,
        "Phong trào không còn tồn tại hoặc bạn không còn quyền quản lý.",
        "",
    )


def test_the_export_job_has_its_own_time_limit():
    assert get_kind(jobs.EXPORT_JOB).soft_time_limit == jobs.EXPORT_SECONDS == 60


@pytest.mark.parametrize("units", [1, 3])
def test_the_export_reads_four_queries_whatever_the_number_of_units(world, units, django_assert_num_queries):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay, world.unit("HG.SYT")][:units])
    with django_assert_num_queries(4):  # criteria, registrations, commitments, participants
        rows = _rows(participants_xlsx(campaign))
    assert len(rows) == 1 + units
