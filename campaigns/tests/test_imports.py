"""xlsx import and export of campaigns, participants and registrations: preview, per-row errors, all or nothing."""

import io
import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, Participant, Registration
from campaigns.resources import criterion_header, parse_campaigns, parse_registrations
from campaigns.tests.factories import launched_campaign
from thiduakt.services import DomainError
from thiduakt.spreadsheets import SpreadsheetError

pytestmark = pytest.mark.django_db

CAMPAIGN_HEADERS = [
    "Tên phong trào",
    "Khẩu hiệu",
    "Cấp phát động",
    "Loại phong trào",
    "Số văn bản",
    "Ngày văn bản",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Mã cơ quan chủ trì",
]


def _xlsx(rows):
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _staff(world):
    client = Client()
    client.force_login(world.user("staff"))
    return client


def _upload(client, url, data, name="tep.xlsx"):
    return client.post(url, {"upload": SimpleUploadedFile(name, data)})


def _good_campaign_rows():
    return [
        CAMPAIGN_HEADERS,
        [
            "Doanh nghiệp Việt Nam hội nhập và phát triển",
            "",
            "Thủ tướng Chính phủ",
            "Theo chuyên đề",
            "",
            None,
            "01/01/2019",
            "31/12/2025",
            "HG.STC",
        ],
        [
            "Vùng xanh",
            "Giữ vững vùng xanh",
            "chu tich ubnd tinh",
            "dot thi dua cao diem",
            "",
            None,
            "09/08/2021",
            "23/08/2021",
            "",
        ],
    ]


def test_campaign_import_previews_then_writes_drafts(world):
    client = _staff(world)
    url = reverse("campaigns:import")
    response = _upload(client, url, _xlsx(_good_campaign_rows()))
    assert response.status_code == 200
    assert response.context["parsed"].errors == []
    token = response.context["token"]
    assert Campaign.objects.count() == 0  # preview only
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert sorted(Campaign.objects.values_list("name", "launcher", "kind", "status")) == [
        ("Doanh nghiệp Việt Nam hội nhập và phát triển", "prime_minister", "thematic", "draft"),
        ("Vùng xanh", "provincial_chair", "peak", "draft"),
    ]
    # The token is used once: a second confirm (a late second click) writes nothing more, and says so.
    second = client.post(url, {"token": token})
    assert Campaign.objects.count() == 2
    assert [str(m) for m in second.wsgi_request._messages][-1] == (
        "Tệp này đã được nhập (2 dòng); không ghi thêm lần nào."
    )


def test_campaign_import_reads_the_date_forms_real_files_hold(world):
    row = ["Vùng xanh", "", "Chủ tịch UBND tỉnh", "Đợt thi đua cao điểm", "12/KH-UBND"]
    rows = [
        CAMPAIGN_HEADERS,
        [*row, "12.08.2021", "ngày 13 tháng 8 năm 2021", 44439, ""],  # 44439: a date cell that lost its format
    ]
    parsed = parse_campaigns(_xlsx(rows))
    assert parsed.errors == []
    dates = [(r["document_date"], r["start_date"], r["end_date"]) for r in parsed.rows]
    assert [tuple(d.isoformat() for d in r) for r in dates] == [("2021-08-12", "2021-08-13", "2021-08-31")]


def test_campaign_import_lists_row_errors_in_vietnamese_and_writes_nothing(world):
    rows = [*_good_campaign_rows(), ["", "", "Vua", "Lạ", "", None, "31/02/2021", None, "KHONG.CO"]]
    response = _upload(_staff(world), reverse("campaigns:import"), _xlsx(rows))
    errors = response.context["parsed"].errors
    assert errors == [
        "Dòng 4: thiếu tên phong trào; cấp phát động “Vua” không hợp lệ; loại phong trào “Lạ” không hợp lệ; "
        "Ngày bắt đầu “31/02/2021” không đúng dạng ngày/tháng/năm; không có đơn vị mã “KHONG.CO”."
    ]
    assert "token" not in response.context
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize(
    "data,message",
    [
        (_xlsx([["Tên", "Loại"], ["Vùng xanh", "x"]]), "Tệp thiếu cột: Tên phong trào, Cấp phát động"),
        (
            _xlsx([CAMPAIGN_HEADERS, ["=1+1", "", "Thủ tướng Chính phủ", "Thường xuyên", "", None, "01/01/2021"]]),
            "Ô A2 chứa công thức",
        ),
        (b"MZ\x90\x00 not a spreadsheet", "không phải là bảng tính Excel"),
    ],
    ids=["wrong-columns", "formula", "not-xlsx"],
)
def test_hostile_campaign_files_are_refused(world, data, message):
    response = _upload(_staff(world), reverse("campaigns:import"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Campaign.objects.count() == 0


def test_100_mb_file_is_refused_before_reading(world):
    data = b"PK" + b"\0" * (100 * 1024 * 1024)
    response = _upload(_staff(world), reverse("campaigns:import"), data)
    assert "Tệp quá lớn (tối đa 10 MB)." in response.content.decode()
    assert Campaign.objects.count() == 0


def test_zip_bomb_is_refused(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    response = _upload(_staff(world), reverse("campaigns:import"), out.getvalue())
    assert "bom nén" in response.content.decode()
    assert Campaign.objects.count() == 0


def test_participants_import_refuses_unknown_unit_and_writes_nothing(world):
    campaign = launched_campaign(world, units=[world.chau_thanh])
    client = _staff(world)
    url = reverse("campaigns:campaign_import", args=[campaign.pk, "participants"])
    rows = [["Mã đơn vị", "Vai trò"], ["HG.NB", "Đơn vị tham gia"], ["HG.XX", ""], ["HG.SYT", "co quan phoi hop"]]
    response = _upload(client, url, _xlsx(rows))
    assert response.context["parsed"].errors == ["Dòng 3: không có đơn vị mã “HG.XX”."]
    assert campaign.participants.count() == 1
    rows.pop(2)
    response = _upload(client, url, _xlsx(rows))
    client.post(url, {"token": response.context["token"]})
    assert sorted(campaign.participants.values_list("unit__code", "role", "source")) == [
        ("HG.CT", "participant", "individual"),
        ("HG.NB", "participant", "import"),
        ("HG.SYT", "cooperating", "import"),
    ]


def test_registrations_round_trip_through_export_and_import(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    client = _staff(world)
    exported = client.post(reverse("campaigns:campaign_export", args=[campaign.pk]))
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    rows = [list(r) for r in book.active.values]
    criteria = list(campaign.criteria.all())
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", "Vai trò", "Nhóm đối tượng", "Đăng ký"] + [
        criterion_header(c) for c in criteria
    ]
    for r in rows[1:]:
        r[5], r[6] = 40, 12
    url = reverse("campaigns:campaign_import", args=[campaign.pk, "registrations"])
    response = _upload(client, url, _xlsx(rows))
    assert response.context["parsed"].errors == []
    client.post(url, {"token": response.context["token"]})
    registrations = Registration.objects.filter(campaign=campaign)
    assert sorted(registrations.values_list("unit__code", "status")) == [
        ("HG.CT", "submitted"),
        ("HG.NB", "submitted"),
    ]
    assert sorted(set(registrations.values_list("commitments__target", flat=True))) == [12, 40]


def test_registration_import_reads_vietnamese_decimals(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    criteria = list(campaign.criteria.all())
    headers = ["Mã đơn vị"] + [criterion_header(c) for c in criteria]
    parsed = parse_registrations(_xlsx([headers, ["HG.CT", "1.234,5", "72,5"], ["HG.NB", "72.5", 40]]), campaign)
    assert parsed.errors == []
    targets = [[str(r["commitments"][c.pk][0]) for c in criteria] for r in parsed.rows]
    assert targets == [["1234.5", "72.5"], ["72.5", "40"]]


def test_registration_import_with_a_bad_row_writes_nothing(world):
    campaign = launched_campaign(world, units=[world.chau_thanh, world.nga_bay])
    headers = ["Mã đơn vị"] + [criterion_header(c) for c in campaign.criteria.all()]
    rows = [headers, ["HG.CT", 40, 12], ["HG.NB", "nhiều", None], ["HG.SYT", 1, 1]]
    response = _upload(
        _staff(world), reverse("campaigns:campaign_import", args=[campaign.pk, "registrations"]), _xlsx(rows)
    )
    assert response.context["parsed"].errors == [
        "Dòng 3: TC1: “nhiều” không phải là số; TC2: thiếu chỉ tiêu đăng ký.",
        "Dòng 4: đơn vị “Sở Y tế tỉnh Hậu Giang” không tham gia phong trào.",
    ]
    assert Registration.objects.count() == 0


def test_registration_import_refuses_missing_criterion_column(world):
    campaign = launched_campaign(world)
    with pytest.raises(SpreadsheetError, match="Tệp thiếu cột: TC2"):
        parse_registrations(_xlsx([["Mã đơn vị", "TC1: km"], ["HG.CT", 1]]), campaign)


def test_import_service_refuses_a_file_with_errors_even_without_preview(world):

    rows = [["Mã đơn vị"], ["HG.KHONGCO"]]
    campaign = launched_campaign(world)
    with pytest.raises(DomainError, match="Tệp có 1 lỗi, chưa ghi dữ liệu nào"):
        services.participants_import(campaign=campaign, data=_xlsx(rows), by=world.user("staff"))
    assert Participant.objects.filter(campaign=campaign).count() == 2


def test_campaigns_export_escapes_formulas(world):
    launched_campaign(world, name='=HYPERLINK("http://x")')
    response = _staff(world).get(reverse("campaigns:export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.active["A2"].value == '\'=HYPERLINK("http://x")'


def test_previews_never_confirmed_are_removed_after_a_day(world, private_media):

    client = _staff(world)
    url = reverse("campaigns:import")
    folder = Path(private_media) / "tmp" / "campaign-imports"
    folder.mkdir(parents=True)
    stale, recent = folder / f"{'a' * 32}.xlsx", folder / f"{'b' * 32}.xlsx"
    stale_done = folder / f"{'c' * 32}.done"  # the mark of a confirmed import, kept a day for a late second click
    for path, age in ((stale, 25 * 3600), (recent, 3600), (stale_done, 25 * 3600)):
        path.write_bytes(b"x")
        os.utime(path, (time.time() - age, time.time() - age))
    token = _upload(client, url, _xlsx(_good_campaign_rows())).context["token"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([recent.name, f"{token}.xlsx"])
    client.post(url, {"token": token})
    assert sorted(p.name for p in folder.iterdir()) == sorted([recent.name, f"{token}.done"])


def test_campaign_import_refuses_a_name_longer_than_its_field_at_preview(world):
    rows = _good_campaign_rows()
    rows[1][0] = "Đ" * 301
    rows[2][1] = "K" * 300  # a slogan exactly at its limit is fine
    parsed = parse_campaigns(_xlsx(rows))
    assert parsed.errors == ["Dòng 2: Tên phong trào dài 301 ký tự, quá giới hạn 300 ký tự."]
    assert [row["slogan"] for row in parsed.rows] == ["K" * 300]
