"""The history import's column step on its screen, its preview rows in their own table, its progress bar.

A file whose columns the system reads wrongly is corrected on the preview (each column's field chosen,
the file read again) and the choice saved as a named template, used for the next file of that shape.
"""

import re

import pytest
from django.test import Client

from awards.models import AwardRecord, HistoryImport, HistoryImportRow
from awards.services import history_import_create
from awards.tests.test_uploads_and_import import line, upload, xlsx
from thiduakt.models import ImportTemplate, Job
from thiduakt.services import job_run

pytestmark = pytest.mark.django_db

# "Danh hiệu" is a known name of the award column; this office's files put the award's code under
# "Mã" and a free-text remark under "Danh hiệu" (what they were praised as): the system cannot know.
OFFICE_HEADERS = ["Họ tên", "Năm sinh", "Đơn vị", "Danh hiệu", "Năm", "Mã"]


def _office_file():
    return xlsx(
        [
            ["Nguyễn Văn Cột", 1980, "HG.CT", "Gương mặt tiêu biểu", 2023, "CSTDCS"],
            ["Trần Thị Cột", 1985, "HG.CT", "Nữ công giỏi", 2023, "LDTT"],
        ],
        headers=OFFICE_HEADERS,
    )


def _chosen(page: str) -> dict[str, str]:
    """Column letter -> the field its select shows chosen ("" for not read)."""
    found = {}
    for letter, select in re.findall(
        r"<tr><td>([A-Z]+)</td><td>[^<]*</td>\s*<td>.*?<select[^>]*>(.*?)</select>", page, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', select)
        found[letter] = chosen.group(1) if chosen else ""
    return found


def test_the_user_corrects_the_columns_saves_a_template_and_the_next_file_is_read_with_it(world):
    staff = world.user("staff")
    client = Client()
    client.force_login(staff)
    history_import = history_import_create(upload=upload(_office_file(), "phong-a.xlsx"), by=staff)
    assert history_import.status == HistoryImport.Status.INVALID  # "Gương mặt tiêu biểu" is no award
    url = f"/khen-thuong/lich-su/nhap/{history_import.public_id}/"
    assert _chosen(client.get(url).content.decode()) == {
        "A": "name",
        "B": "birth_year",
        "C": "unit",
        "D": "award",
        "E": "year",
        "F": "",
    }

    # the same field for two columns: refused, nothing read again
    response = client.post(url, {"remap": "1", "columns-col-3": "award", "columns-col-5": "award"})
    assert "“Danh hiệu, hình thức khen thưởng” được chọn cho cả cột D và cột F" in response.content.decode()
    assert HistoryImport.objects.get(pk=history_import.pk).status == HistoryImport.Status.INVALID

    fields = {"columns-col-0": "name", "columns-col-1": "birth_year", "columns-col-2": "unit", "columns-col-4": "year"}
    response = client.post(
        url, {"remap": "1", **fields, "columns-col-3": "", "columns-col-5": "award", "columns-save_as": "Phòng A"}
    )
    assert response.status_code == 302
    history_import.refresh_from_db()
    assert (history_import.status, history_import.columns_confirmed) == (HistoryImport.Status.READY, True)
    assert [(r.number, r.status, r.data["award_name"]) for r in HistoryImportRow.objects.order_by("number")] == [
        (2, "new", "Chiến sĩ thi đua cơ sở"),
        (3, "new", "Lao động tiên tiến"),
    ]
    assert (history_import.new_rows, history_import.error_rows, history_import.total_rows) == (2, 0, 2)
    template = ImportTemplate.objects.get(kind="awards.history")
    assert (template.name, template.columns) == (
        "Phòng A",
        {"ho ten": "name", "nam sinh": "birth_year", "don vi": "unit", "danh hieu": "", "nam": "year", "ma": "award"},
    )
    assert client.post(url, {"apply": "1"}).status_code == 302
    assert AwardRecord.objects.filter(recipient_name__endswith="Cột").count() == 2

    # the next file of that office, uploaded with its template: read right at once
    response = client.post(
        "/khen-thuong/lich-su/nhap/",
        {
            "file": upload(xlsx([["Lê Văn Cột", 1990, "HG.CT", "x", 2024, "LDTT"]], OFFICE_HEADERS)),
            "template": template.pk,
        },
    )
    second = HistoryImport.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert (second.status, [r["award_name"] for r in second.rows]) == (
        HistoryImport.Status.READY,
        ["Lao động tiên tiến"],
    )


def test_a_big_file_shows_its_progress_bar_while_the_job_runs(world, settings):
    settings.AWARDS_INLINE_IMPORT_BYTES = 1024
    staff = world.user("staff")
    history_import = history_import_create(upload=upload(xlsx([line(number=f"{i}/QĐ") for i in range(30)])), by=staff)
    job = Job.objects.get(kind="awards.history_analyse")
    Job.objects.filter(pk=job.pk).update(progress=40, message="Đã đọc và đối chiếu 1,000 dòng")
    client = Client()
    client.force_login(staff)
    page = client.get(f"/khen-thuong/lich-su/nhap/{history_import.public_id}/").content.decode()
    assert '<progress class="job-progress" max="100" value="40"' in page
    assert "40% · Đã đọc và đối chiếu 1,000 dòng" in page
    job_run(job_id=job.pk)
    history_import.refresh_from_db()
    assert (history_import.status, history_import.new_rows) == (HistoryImport.Status.READY, 30)
    assert HistoryImportRow.objects.filter(history_import=history_import).count() == 30
