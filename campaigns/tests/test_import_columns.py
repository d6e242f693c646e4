"""Campaign imports read the files provinces keep: titles, other names for the columns, units by name.

And when the system cannot tell which column holds what, the column step: the user says it, the file is
read again, and the choice may be saved as a named template for the next file of that shape.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.models import Participant
from campaigns.resources import parse_participants
from campaigns.tests.factories import launched_campaign
from thiduakt.models import ImportTemplate

pytestmark = pytest.mark.django_db


def _file(rows, merges=()):
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    for span in merges:
        book.active.merge_cells(span)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _staff(world):
    client = Client()
    client.force_login(world.user("staff"))
    return client


def _real_participants_file():
    """A list as a district sends it: a title, a header on row 3 in its own words, units by name."""
    return _file(
        [
            ["DANH SÁCH ĐƠN VỊ ĐĂNG KÝ THAM GIA PHONG TRÀO"],
            [],
            ["STT", "Tên cơ quan, đơn vị", "Vai trò tham gia", "Ghi chú"],
            [1, "UBND huyện Châu Thành", "Tham gia", ""],
            [2, "TP. Ngã Bảy", "", "đăng ký muộn"],
        ],
        merges=["A1:D1"],
    )


def test_a_real_list_is_read_with_its_columns_proposed_and_units_found_by_name(world):
    campaign = launched_campaign(world)
    campaign.participants.all().delete()
    parsed = parse_participants(_real_participants_file(), campaign)
    assert parsed.errors == []
    assert [(row["unit"].code, row["role"]) for row in parsed.rows] == [
        ("HG.CT", Participant.Role.PARTICIPANT),
        ("HG.NB", Participant.Role.PARTICIPANT),
    ]
    assert [(c["column"], c["header"], c["field"]) for c in parsed.columns] == [
        ("A", "STT", ""),
        ("B", "Tên cơ quan, đơn vị", "unit_name"),
        ("C", "Vai trò tham gia", "role"),
        ("D", "Ghi chú", ""),
    ]


def test_the_column_step_reads_the_file_again_saves_a_template_and_the_template_is_used_next_time(world):
    campaign = launched_campaign(world)
    campaign.participants.all().delete()
    url = reverse("campaigns:campaign_import", args=[campaign.pk, "participants"])
    client = _staff(world)
    data = _file([["TT", "Đơn vị chủ quản", "Ghi chú"], [1, "UBND huyện Châu Thành", ""], [2, "TP. Ngã Bảy", ""]])
    page = client.post(url, {"upload": SimpleUploadedFile("ds.xlsx", data)})
    assert "Tệp thiếu cột: Mã đơn vị hoặc Tên đơn vị." in page.content.decode()
    remap_token = page.context["remap_token"]
    assert [line["header"] for line in page.context["columns_form"].lines] == ["TT", "Đơn vị chủ quản", "Ghi chú"]

    # the same field for two columns is refused, nothing read
    twice = client.post(
        url,
        {"remap": "1", "remap_token": remap_token, "columns-col-1": "unit_name", "columns-col-2": "unit_name"},
    )
    assert "“Tên đơn vị” được chọn cho cả cột B và cột C; mỗi trường chỉ đọc từ một cột." in twice.content.decode()
    assert "token" not in twice.context

    page = client.post(
        url,
        {
            "remap": "1",
            "remap_token": remap_token,
            "columns-col-1": "unit_name",
            "columns-save_as": "Danh sách của huyện",
        },
    )
    assert page.context["parsed"].errors == []
    assert [row["unit"].code for row in page.context["parsed"].rows] == ["HG.CT", "HG.NB"]
    template = ImportTemplate.objects.get(kind="campaigns.participants")
    assert (template.name, template.columns, template.created_by) == (
        "Danh sách của huyện",
        {"tt": "", "don vi chu quan": "unit_name", "ghi chu": ""},
        world.user("staff"),
    )
    assert template.history.get().history_user == world.user("staff")

    confirm = client.post(url, {"token": page.context["token"]})
    assert confirm.status_code == 302
    assert sorted(campaign.participants.values_list("unit__code", flat=True)) == ["HG.CT", "HG.NB"]
    again = client.post(url, {"token": page.context["token"]})  # a second click
    assert again.status_code == 302
    assert campaign.participants.count() == 2

    # next month's file of the same shape: read with the saved template, no column step needed
    campaign.participants.all().delete()
    data = _file([["TT", "Đơn vị chủ quản"], [1, "H. Châu Thành A"]])
    page = client.post(url, {"upload": SimpleUploadedFile("ds2.xlsx", data), "template": template.pk})
    assert page.context["parsed"].errors == []
    assert [row["unit"].code for row in page.context["parsed"].rows] == ["HG.CTA"]


def test_the_exported_participants_read_back_and_add_no_one(world):
    campaign = launched_campaign(world)
    client = _staff(world)
    before = sorted(campaign.participants.values_list("unit_id", "role", "group_id"))
    assert before
    exported = client.post(reverse("campaigns:campaign_export", args=[campaign.pk])).content
    url = reverse("campaigns:campaign_import", args=[campaign.pk, "participants"])
    page = client.post(url, {"upload": SimpleUploadedFile("xuat.xlsx", exported)})
    assert page.context["parsed"].errors == []
    confirm = client.post(url, {"token": page.context["token"]})
    assert confirm.status_code == 302
    assert sorted(campaign.participants.values_list("unit_id", "role", "group_id")) == before
