"""A member's score sheet in xlsx: export, import (columns, preview per row, all or nothing), refusals."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from clusters.models import Criterion, CriterionGroup, Event, Score
from clusters.tests.factories import cluster_with_members
from thiduakt.models import ImportTemplate

pytestmark = pytest.mark.django_db

GROUPS = [
    ("Công tác lãnh đạo, chỉ đạo", [("Ban hành kế hoạch thi đua", 10), ("Tổ chức phong trào thi đua", 20)]),
    ("Thực hiện nhiệm vụ chính trị", [("Hoàn thành chỉ tiêu kinh tế", 40), ("Cải cách hành chính", 30)]),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Uploads waiting for their confirmation are kept in a private storage of the test's own."""


def _year(world, groups=GROUPS, year=2026, head=None):
    cy = cluster_with_members([world.chau_thanh, world.nga_bay], year=year, head=head)
    criteria = []
    for g, (title, items) in enumerate(groups, start=1):
        group = CriterionGroup.objects.create(cluster_year=cy, position=g, title=title)
        for c, (name, top) in enumerate(items, start=1):
            criteria.append(Criterion.objects.create(group=group, position=c, title=name, max_points=Decimal(top)))
    return cy, cy.memberships.get(unit=world.chau_thanh), criteria


def _client(world, role="donvi"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _book(rows, *, title_rows=(), header_row=1, numbering=False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for number, text in enumerate(title_rows, start=1):
        sheet.cell(row=number, column=1, value=text)
    row = header_row
    for values in rows[:1]:
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    if numbering:
        row += 1
        for column in range(1, len(rows[0]) + 1):
            sheet.cell(row=row, column=column, value=f"({column})")
    for values in rows[1:]:
        row += 1
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _real_sheet(rows) -> bytes:
    """Shaped like a provincial score sheet: title rows, the header on row 4, a "(1) (2) (3)" row."""
    header = ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm đơn vị tự chấm", "Ghi chú"]
    titles = ("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2026", "Cụm thi đua các huyện, thị xã, thành phố")
    return _book([header, *rows], title_rows=titles, header_row=4, numbering=True)


REAL_ROWS = [
    ["I", "Công tác lãnh đạo, chỉ đạo", 30, None, None],
    [1, "Ban hành kế hoạch thi đua", 10, "9,5", "Kế hoạch số 12/KH-UBND"],
    [2, "Tổ chức phong trào thi đua", 20, 18, None],
    ["II", "THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ", 70, None, None],
    [1, "Hoan thanh chi tieu kinh te", 40, "37.25", "Đạt 98% kế hoạch"],
    [2, "Cải cách hành chính", 30, None, None],
    [None, "Tổng cộng", 100, 64.75, None],
]


def _upload(client, membership, data, name="bang-tu-cham.xlsx", **extra):
    url = f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/"
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=XLSX), **extra})


def _preview(client, membership):
    return client.get(f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/?xem-truoc=1")


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def _confirm(client, membership, html):
    url = f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/"
    # a page without the button (errors, nothing to write) is posted anyway, with the upload's token
    token = _hidden(html, "token") or client.session[f"clusters-score-import-{membership.pk}"].get("token", "")
    data = {"action": "confirm", "token": token, "digest": _hidden(html, "digest")}
    return client.post(url, data, follow=True)


def _statuses(html: str) -> dict[int, str]:
    return {int(n): s for n, s in re.findall(r'data-testid="row-(\d+)" data-status="(\w+)"', html)}


def _errors(html: str) -> list[str]:
    found = re.search(r'data-testid="import-rows".*?</table>', html, re.S)
    return [" ".join(e.split()) for e in re.findall(r"<li>([^<]+)</li>", found.group(0) if found else "")]


def _missing(html: str) -> list[str]:
    found = re.search(r'data-testid="import-missing".*?</ul>', html, re.S)
    return re.findall(r"<li>([^<]+)</li>", found.group(0)) if found else []


def _scores(membership):
    return {
        s.criterion.title: (s.self_points, s.self_note)
        for s in Score.objects.filter(membership=membership).select_related("criterion")
    }


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_real_shaped_sheet_writes_exact_scores_with_history_and_event(world):
    _cy, membership, criteria = _year(world)
    Score.objects.create(membership=membership, criterion=criteria[1], self_points=Decimal("15"), self_note="cũ")
    client = _client(world)
    response = _upload(client, membership, _real_sheet(REAL_ROWS))
    assert response.status_code == 302
    html = _preview(client, membership).content.decode()
    # Title rows, the header on row 4 and the numbering row on row 5 are passed over; headings and the total read.
    assert _statuses(html) == {
        6: "heading",
        7: "new",
        8: "change",
        9: "heading",
        10: "new",
        11: "empty",
        12: "total",
    }
    assert _errors(html) == []
    assert _missing(html) == []  # every criterion is in the file (2.2 with no points: left as it is)
    response = _confirm(client, membership, html)
    assert _messages(response) == ["Đã nhập điểm tự chấm của 3 tiêu chí từ tệp “bang-tu-cham.xlsx”."]
    assert _scores(membership) == {
        "Ban hành kế hoạch thi đua": (Decimal("9.50"), "Kế hoạch số 12/KH-UBND"),
        "Tổ chức phong trào thi đua": (Decimal("18.00"), ""),
        "Hoàn thành chỉ tiêu kinh tế": (Decimal("37.25"), "Đạt 98% kế hoạch"),
    }
    history = Score.history.filter(membership=membership, history_change_reason__startswith="Nhập điểm")
    assert sorted((h.criterion.title, h.history_type, h.history_user.username) for h in history) == [
        ("Ban hành kế hoạch thi đua", "+", "donvi"),
        ("Hoàn thành chỉ tiêu kinh tế", "+", "donvi"),
        ("Tổ chức phong trào thi đua", "~", "donvi"),
    ]
    assert {h.history_change_reason for h in history} == {"Nhập điểm từ tệp bang-tu-cham.xlsx"}
    event = Event.objects.get(cluster_year=membership.cluster_year)
    assert (event.action, event.by.username) == (
        "Ủy ban nhân dân huyện Châu Thành nhập điểm tự chấm từ tệp bang-tu-cham.xlsx: 3 tiêu chí",
        "donvi",
    )
    # The scoring screen shows them.
    sheet = client.get(f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem/").content.decode()
    assert re.findall(rf'name="points_{criteria[0].pk}"[^>]*value="([^"]+)"', sheet) == ["9,5"]


def test_total_row_differing_from_the_files_points_is_a_warning_not_an_error(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    rows = [*REAL_ROWS[:-1], [None, "Tổng cộng", 100, "70", None]]
    _upload(client, membership, _real_sheet(rows))
    html = _preview(client, membership).content.decode()
    assert _statuses(html)[12] == "total"
    assert "Dòng tổng ghi 70, tổng điểm các tiêu chí trong tệp là 64,75; hệ thống tự tính tổng." in html
    assert 'data-testid="import-confirm"' in html


def _our_sheet(rows):
    return _book([["Mã tiêu chí", "Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Giải trình"], *rows])


def test_points_over_the_maximum_negative_text_or_too_precise_are_errors_that_block_the_confirmation(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    rows = [
        ["1.1", "", "Ban hành kế hoạch thi đua", 10, "-1", ""],
        ["1.2", "", "Tổ chức phong trào thi đua", 20, 25, ""],
        ["2.1", "", "Hoàn thành chỉ tiêu kinh tế", 40, "chín", ""],
        ["2.2", "", "Cải cách hành chính", 30, "9,333", ""],
    ]
    _upload(client, membership, _our_sheet(rows))
    html = _preview(client, membership).content.decode()
    assert _statuses(html) == {2: "error", 3: "error", 4: "error", 5: "error"}
    assert _errors(html) == [
        "Điểm tự chấm: Điểm không được âm.",
        "Điểm tự chấm: Tối đa 20 điểm.",
        "Điểm tự chấm: “chín” không phải là số; hãy ghi ví dụ 72,5 hoặc 1.234,5.",
        "Điểm tự chấm: Điểm ghi tối đa hai chữ số thập phân, vd. 9,25.",
    ]
    assert 'data-testid="import-confirm"' not in html
    response = _confirm(client, membership, html)  # posted anyway
    assert _messages(response) == ["Tệp có 4 dòng lỗi; sửa tệp rồi tải lên lại. Chưa có gì được ghi."]
    assert Score.objects.count() == 0
    assert Event.objects.count() == 0


def test_unknown_criterion_and_code_naming_another_criterion_are_errors(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    rows = [
        ["", "", "Công tác phòng chống thiên tai", 10, 5, ""],
        ["1.1", "", "Cải cách hành chính", 10, 5, ""],
        ["1.2", "", "", 20, 10, ""],
    ]
    _upload(client, membership, _our_sheet(rows))
    html = _preview(client, membership).content.decode()
    assert _statuses(html) == {2: "error", 3: "error", 4: "new"}
    assert _errors(html) == [
        "Tiêu chí: Không tìm thấy tiêu chí “Công tác phòng chống thiên tai” trong bảng chấm điểm của năm.",
        "Mã tiêu chí (số thứ tự): Mã “1.1” là tiêu chí “Ban hành kế hoạch thi đua”, còn tên trong tệp là tiêu chí "
        "“Cải cách hành chính”.",
    ]


def test_a_criterion_twice_in_the_file_is_an_error(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    rows = [["1.1", "", "Ban hành kế hoạch thi đua", 10, 5, ""], ["", "", "ban hanh ke hoach thi dua", 10, 6, ""]]
    _upload(client, membership, _our_sheet(rows))
    html = _preview(client, membership).content.decode()
    assert _statuses(html) == {2: "new", 3: "error"}
    assert _errors(html) == ["Tiêu chí: Tiêu chí đã có ở dòng 2 của tệp."]
    assert _missing(html) == [
        "1.2. Tổ chức phong trào thi đua",
        "2.1. Hoàn thành chỉ tiêu kinh tế",
        "2.2. Cải cách hành chính",
    ]
    _confirm(client, membership, html)
    assert Score.objects.count() == 0


def test_export_then_import_of_the_same_file_writes_nothing(world):
    _cy, membership, criteria = _year(world)
    for criterion, points in zip(criteria, ["9.5", "18", "37.25"], strict=False):
        Score.objects.create(membership=membership, criterion=criterion, self_points=Decimal(points), self_note="x")
    client = _client(world)
    response = client.get(f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Mã tiêu chí", "Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Giải trình"],
        ["1.1", "Công tác lãnh đạo, chỉ đạo", "Ban hành kế hoạch thi đua", 10, 9.5, "x"],
        ["1.2", "Công tác lãnh đạo, chỉ đạo", "Tổ chức phong trào thi đua", 20, 18, "x"],
        ["2.1", "Thực hiện nhiệm vụ chính trị", "Hoàn thành chỉ tiêu kinh tế", 40, 37.25, "x"],
        ["2.2", "Thực hiện nhiệm vụ chính trị", "Cải cách hành chính", 30, None, None],
    ]
    history_before = Score.history.count()
    _upload(client, membership, data)
    html = _preview(client, membership).content.decode()
    assert _statuses(html) == {2: "unchanged", 3: "unchanged", 4: "unchanged", 5: "empty"}
    assert 'data-testid="import-nothing"' in html
    response = _confirm(client, membership, html)
    assert _messages(response) == ["Tệp không thay đổi điểm nào so với bảng điểm hiện tại; không ghi gì."]
    assert Score.history.count() == history_before
    assert Event.objects.count() == 0


def test_double_confirm_and_the_same_file_twice_write_once(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    data = _real_sheet(REAL_ROWS)
    _upload(client, membership, data)
    html = _preview(client, membership).content.decode()
    _confirm(client, membership, html)
    response = _confirm(client, membership, html)  # the second click
    assert _messages(response) == ["Tệp “bang-tu-cham.xlsx” đã được nhập (3 tiêu chí); không ghi thêm lần nào."]
    _upload(client, membership, data)  # the same file again
    html = _preview(client, membership).content.decode()
    assert set(_statuses(html).values()) == {"heading", "unchanged", "empty", "total"}
    _confirm(client, membership, html)
    assert Score.objects.count() == 3
    assert Score.history.count() == 3
    assert Event.objects.count() == 1


def test_a_file_or_scores_changed_between_preview_and_confirm_are_refused(world):
    _cy, membership, criteria = _year(world)
    client = _client(world)
    _upload(client, membership, _real_sheet(REAL_ROWS))
    first = _preview(client, membership).content.decode()
    other = [["1.1", "", "Ban hành kế hoạch thi đua", 10, 3, ""]]
    _upload(client, membership, _our_sheet(other), name="khac.xlsx")  # another tab, another file
    response = _confirm(client, membership, first)
    assert _messages(response) == [
        "Đã có tệp khác được tải lên sau bản xem trước này; hãy xem lại bản xem trước của tệp mới rồi xác nhận."
    ]
    assert Score.objects.count() == 0
    second = _preview(client, membership).content.decode()
    Score.objects.create(membership=membership, criterion=criteria[0], self_points=Decimal("7"))  # the form, meanwhile
    response = _confirm(client, membership, second)
    assert _messages(response) == [
        "Tệp, cách đọc cột hoặc bảng điểm đã thay đổi từ lúc xem trước; hãy xem lại bản xem trước rồi xác nhận."
    ]
    assert _scores(membership) == {"Ban hành kế hoạch thi đua": (Decimal("7.00"), "")}


def test_scoring_closed_for_the_member_is_refused_and_writes_nothing(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    _upload(client, membership, _real_sheet(REAL_ROWS))
    html = _preview(client, membership).content.decode()
    membership.submitted_at = "2026-11-30T09:00:00+07:00"
    membership.save()
    response = _confirm(client, membership, html)
    assert "Đơn vị đã nộp bảng tự chấm; không thể sửa. Không nhập được điểm từ tệp." in " ".join(
        response.content.decode().split()
    )
    response = _upload(client, membership, _real_sheet(REAL_ROWS))
    assert 'data-testid="import-closed"' in response.content.decode()
    assert Score.objects.count() == 0
    assert Event.objects.count() == 0


def test_another_units_membership_is_404(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world, "donvi2")  # Ngã Bảy, a member of the same cluster, not its head
    assert client.get(f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/").status_code == 404
    assert client.get(f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem.xlsx").status_code == 404
    assert _upload(client, membership, _real_sheet(REAL_ROWS)).status_code == 404
    assert Score.objects.count() == 0
    # Staff read (and export) every sheet, but only the member's officer scores it.
    staff = _client(world, "staff")
    assert staff.get(f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem.xlsx").status_code == 200
    assert staff.get(f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/").status_code == 404


def test_columns_are_chosen_by_the_user_saved_as_a_template_and_picked_again(world):
    _cy, membership, _criteria = _year(world)
    client = _client(world)
    data = _book([["Mã tiêu chí", "Tiêu chí", "Điểm ĐV"], ["1.1", "Ban hành kế hoạch thi đua", "8"]])
    _upload(client, membership, data)
    html = _preview(client, membership).content.decode()
    assert "Thiếu cột “Điểm tự chấm”." in html
    assert 'data-testid="import-confirm"' not in html
    url = f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/"
    response = client.post(
        url, {"action": "columns", "col-0": "code", "col-1": "title", "col-2": "points", "save_as": "Mẫu của huyện"}
    )
    assert response.status_code == 302
    html = _preview(client, membership).content.decode()
    assert _statuses(html) == {2: "new"}
    template = ImportTemplate.objects.get(kind="clusters.scores")
    assert (template.name, template.columns["diem dv"]) == ("Mẫu của huyện", "points")
    # The next file of that shape, read through the saved template.
    _upload(client, membership, data, template=str(template.pk))
    assert _statuses(_preview(client, membership).content.decode()) == {2: "new"}


def _many(count: int):
    return [("Nhóm tiêu chí một", [(f"Tiêu chí số {n}", 5) for n in range(1, count + 1)])]


@pytest.mark.parametrize("count", [3, 12])
def test_preview_and_confirm_take_the_same_number_of_queries_whatever_the_sheets_size(
    world, count, django_assert_num_queries
):
    _cy, membership, _criteria = _year(world, groups=_many(count))
    Score.objects.create(membership=membership, criterion=_criteria[0], self_points=Decimal("1"))
    client = _client(world)
    rows = [[f"1.{n}", "", f"Tiêu chí số {n}", 5, "4,5", "Có minh chứng"] for n in range(1, count + 1)]
    _upload(client, membership, _our_sheet(rows))
    with django_assert_num_queries(8):
        html = _preview(client, membership).content.decode()
    assert list(_statuses(html).values()) == ["change"] + ["new"] * (count - 1)
    url = f"/cum-khoi/thanh-vien/{membership.pk}/nhap-diem/"
    data = {"action": "confirm", "token": _hidden(html, "token"), "digest": _hidden(html, "digest")}
    with django_assert_num_queries(17):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Score.objects.filter(membership=membership, self_points=Decimal("4.5")).count() == count


def test_the_scoring_form_applies_the_same_rule_as_the_import(world):
    _cy, membership, criteria = _year(world)
    response = _client(world).post(
        f"/cum-khoi/thanh-vien/{membership.pk}/cham-diem/",
        {f"points_{criteria[0].pk}": "9,333", f"points_{criteria[1].pk}": "-1", f"points_{criteria[2].pk}": "41"},
    )
    html = response.content.decode()
    for message in ("Điểm ghi tối đa hai chữ số thập phân, vd. 9,25.", "Điểm không được âm.", "Tối đa 40 điểm."):
        assert message in html
    assert Score.objects.count() == 0
