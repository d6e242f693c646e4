"""Large campaign imports are read and checked by a background job, then shown as the same preview.

The job runs here in this process (``job_run``), as the embedded runner would; the limit of an
inline analysis is lowered so that a small file counts as large.
"""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.jobs import IMPORT_ANALYSE
from campaigns.models import Campaign
from campaigns.services.imports import (
    ANALYSE_SECONDS,
    analysis_path,
    analysis_read,
    import_analyse,
    preview_dir,
    preview_store,
)
from campaigns.tests.factories import launched_campaign
from campaigns.tests.test_imports import _good_campaign_rows, _staff, _upload, _xlsx
from thiduakt.jobs import get_kind
from thiduakt.models import Job
from thiduakt.services import DomainError, job_create, job_run
from thiduakt.tests.test_spreadsheets_memory import _repeated_shared_strings, _workbook_with

pytestmark = pytest.mark.django_db

BAD_ROW = ["", "", "Vua", "Lạ", "", None, "31/02/2021", None, "KHONG.CO"]
BAD_ROW_ERROR = (
    "Dòng 4: thiếu tên phong trào; cấp phát động “Vua” không hợp lệ; loại phong trào “Lạ” không hợp lệ; "
    "Ngày bắt đầu “31/02/2021” không đúng dạng ngày/tháng/năm; không có đơn vị mã “KHONG.CO”."
)


def test_the_analysis_records_the_preview_of_a_good_file_and_keeps_it_for_confirmation(world):
    token = preview_store(_xlsx(_good_campaign_rows()))
    analysis = import_analyse(kind="campaigns", token=token)
    assert (analysis.count, analysis.errors, analysis.error_count, analysis.file_error) == (2, [], 0, "")
    assert [(n, values[0], error) for n, values, error in analysis.preview] == [
        (2, "Doanh nghiệp Việt Nam hội nhập và phát triển", ""),
        (3, "Vùng xanh", ""),
    ]
    assert analysis_read(token) == analysis  # stored as JSON next to the upload
    assert json.loads(analysis_path(token).read_text(encoding="utf-8"))["count"] == 2
    assert (preview_dir() / f"{token}.xlsx").exists()
    assert Campaign.objects.count() == 0  # analysis only


def test_the_analysis_keeps_a_file_with_row_errors_for_the_column_step_and_removes_an_unreadable_one(world):
    token = preview_store(_xlsx([*_good_campaign_rows(), BAD_ROW]))
    analysis = import_analyse(kind="campaigns", token=token)
    assert (analysis.count, analysis.errors, analysis.error_count) == (2, [BAD_ROW_ERROR], 1)
    # kept: the errors may come from a column read as the wrong field, and the file can be read again
    assert (preview_dir() / f"{token}.xlsx").exists()
    assert [line["field"] for line in analysis.columns] == [
        "name", "slogan", "launcher", "kind", "document_number", "document_date", "start_date", "end_date", "host"
    ]  # fmt: skip

    token = preview_store(b"MZ\x90\x00 not a spreadsheet")
    analysis = import_analyse(kind="campaigns", token=token)
    assert analysis.file_error == "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."
    assert not (preview_dir() / f"{token}.xlsx").exists()

    for gone in ("0" * 32, "../../etc/passwd"):
        with pytest.raises(DomainError, match=r"^Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại\.$"):
            import_analyse(kind="campaigns", token=gone)
    assert analysis_read("../x") is None


def test_the_analysis_job_has_its_time_limit_and_reads_participants_of_its_campaign(world):
    kind = get_kind(IMPORT_ANALYSE)
    assert (kind.soft_time_limit, kind.hard_time_limit > kind.soft_time_limit) == (ANALYSE_SECONDS, True)
    campaign = launched_campaign(world)
    token = preview_store(_xlsx([["Mã đơn vị"], ["KHONG.CO"]]))
    job = job_create(
        kind=IMPORT_ANALYSE,
        requested_by=world.user("staff"),
        params={"kind": "participants", "campaign_id": campaign.pk, "token": token},
    )
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.DONE
    assert analysis_read(token).errors == ["Dòng 2: không có đơn vị mã “KHONG.CO”."]

    job = job_create(
        kind=IMPORT_ANALYSE,
        requested_by=world.user("staff"),
        params={"kind": "participants", "campaign_id": 10**9, "token": token},
    )
    job = job_run(job_id=job.pk)
    assert (job.status, job.message) == (Job.Status.FAILED, "Phong trào không còn tồn tại.")


def test_a_large_upload_is_analysed_in_the_background_then_previewed_and_confirmed(world, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 1024  # this file (~5 KB) counts as large
    client = _staff(world)
    url = reverse("campaigns:import")
    response = _upload(client, url, _xlsx(_good_campaign_rows()))
    assert response.status_code == 302
    job = Job.objects.get(kind=IMPORT_ANALYSE)
    token = job.params["token"]
    assert response["Location"] == f"{url}?phan-tich={token}"
    assert (job.status, job.requested_by, job.params["kind"]) == (Job.Status.WAITING, world.user("staff"), "campaigns")

    # while the job waits: a progress bar that polls the page
    page = client.get(response["Location"])
    assert page.context["analysis_job"] == job
    assert 'data-testid="import-analysis"' in page.content.decode()
    assert "token" not in page.context
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert poll.content.decode().lstrip().startswith('<div id="import-analysis"')

    # another user (or another session) cannot follow this upload
    other = Client()
    other.force_login(world.user("staff"))
    refused = other.get(response["Location"])
    assert "analysis_job" not in refused.context and "token" not in refused.context
    assert [str(m) for m in refused.context["messages"]] == ["Phiên nhập tệp đã hết hạn; hãy tải tệp lên lại."]

    assert job_run(job_id=job.pk).status == Job.Status.DONE
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert (poll.status_code, poll["HX-Refresh"]) == (204, "true")
    page = client.get(response["Location"])
    assert page.context["parsed"].errors == []
    assert len(page.context["parsed"].rows) == 2
    assert page.context["token"] == token
    assert "Tệp hợp lệ: 2 dòng sẵn sàng ghi." in page.content.decode()
    assert Campaign.objects.count() == 0

    confirmed = client.post(url, {"token": token})
    assert confirmed.status_code == 302
    assert sorted(Campaign.objects.values_list("name", flat=True)) == [
        "Doanh nghiệp Việt Nam hội nhập và phát triển",
        "Vùng xanh",
    ]


def test_a_large_upload_with_errors_shows_them_and_cannot_be_confirmed(world, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 1024
    client = _staff(world)
    url = reverse("campaigns:import")
    location = _upload(client, url, _xlsx([*_good_campaign_rows(), BAD_ROW]))["Location"]
    job_run(job_id=Job.objects.get(kind=IMPORT_ANALYSE).pk)
    page = client.get(location)
    assert page.context["parsed"].errors == [BAD_ROW_ERROR]
    assert "token" not in page.context
    assert BAD_ROW_ERROR in page.content.decode()
    token = location.rsplit("=", 1)[1]
    client.post(url, {"token": token})
    assert Campaign.objects.count() == 0


def test_a_small_upload_is_still_read_in_the_request(world):
    response = _upload(_staff(world), reverse("campaigns:import"), _xlsx(_good_campaign_rows()))
    assert response.status_code == 200 and response.context["token"]
    assert not Job.objects.filter(kind=IMPORT_ANALYSE).exists()


def test_a_large_zip_bomb_is_refused_in_the_request_without_a_job(world, settings, private_media):
    settings.IMPORT_INLINE_MAX_BYTES = 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    response = _upload(_staff(world), reverse("campaigns:import"), out.getvalue())
    assert response.status_code == 200
    assert "Tệp bị nén bất thường (nghi là “bom nén”); hệ thống từ chối đọc." in response.content.decode()
    assert not Job.objects.filter(kind=IMPORT_ANALYSE).exists()
    assert list(preview_dir().glob("*.xlsx")) == []


def test_the_6_mb_file_of_197_mb_shared_strings_is_refused_by_the_campaign_import_at_once(world, private_media):
    # issue 17: sent to /phong-trao/nhap/ it took the web process from 84 to 722 MB for 110 s
    data = _workbook_with(_repeated_shared_strings(197))
    assert len(data) > 6 * 1024 * 1024
    response = _upload(_staff(world), reverse("campaigns:import"), data)
    assert response.status_code == 200
    assert "Tệp chứa một phần quá lớn khi giải nén (tối đa 30 MB); hệ thống từ chối đọc." in response.content.decode()
    assert not Job.objects.filter(kind=IMPORT_ANALYSE).exists()
    assert (Campaign.objects.count(), list(preview_dir().glob("*"))) == (0, [])
