"""The honourees of an event from one xlsx: preview (who each row is), choices, confirm all or nothing."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from exemplars import services_import
from exemplars.honouree_import import HONOUREE_COLUMNS, digest, preview
from exemplars.models import Exemplar, Honour, HonoureeImport, HonouringEvent, Kind, Stage, StageEvent
from exemplars.selectors import HONOURS_HEADERS
from exemplars.tests.factories import ExemplarFactory, field
from exemplars.tests.honouree_files import many, real_list
from thiduakt.models import ImportTemplate, Person
from thiduakt.services import DomainError
from thiduakt.spreadsheets import read_xlsx, write_xlsx
from thiduakt.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REASON = "Nhập danh sách từ tệp danh-sach.xlsx"


@pytest.fixture
def event(world):
    return HonouringEvent.objects.create(
        title="Hội nghị biểu dương, tôn vinh điển hình tiên tiến",
        date=date(2023, 6, 8),
        organiser=world.unit("HG"),
        kind=HonouringEvent.EventKind.COMMENDATION,
    )


def _client(world, role="staff"):
    client = Client()
    client.force_login(world.user(role))
    return client


def _upload(world, event, data, name="danh-sach.xlsx", **fields) -> HonoureeImport:
    return services_import.honouree_import_create(
        event=event, upload=SimpleUploadedFile(name, data), by=world.user("staff"), **fields
    )


def _apply(world, imp):
    return services_import.honouree_import_apply(honouree_import=imp, by=world.user("staff"), seen=digest(imp))


def _written():
    return (Person.objects.count(), Exemplar.objects.count(), Honour.objects.count(), StageEvent.objects.count())


def test_template_headers_are_the_exports(world, event):
    assert HONOUREE_COLUMNS.headers == HONOURS_HEADERS
    assert HONOURS_HEADERS == [
        "STT",
        "Tên điển hình",
        "Đối tượng",
        "Lĩnh vực",
        "Đơn vị",
        "Thành tích, mô hình tiêu biểu",
        "Nội dung biểu dương",
        "Năm sinh",
        "Danh xưng",
    ]
    response = _client(world).get(f"/dien-hinh/bieu-duong/{event.pk}/mau-danh-sach.xlsx")
    headers, rows = read_xlsx(response.content)
    assert (headers, rows) == (HONOUREE_COLUMNS.headers, [])


def test_real_shaped_list_is_read_matched_and_written_exactly(world, event):
    hanh = PersonFactory(full_name="Huỳnh Thị Hạnh", gender="female", birth_year=1975, unit=world.unit("HG.SNV"))
    linked = ExemplarFactory(person=hanh, unit=world.unit("HG.SNV"), field=field("hanh-chinh"))
    binh = Person.objects.get(full_name="Nguyễn Văn Bình")  # of the register (demo), no exemplar
    data = real_list(
        [
            ["Bà Huỳnh Thị Hạnh", "12.08.1975", "Chuyên viên Sở Nội vụ tỉnh Hậu Giang", "", "Tiêu biểu CCHC"],
            ["Ông Nguyễn Văn Bình", 1975, "Chủ tịch UBND huyện Châu Thành", "Hành chính", "Lãnh đạo giỏi"],
            ["Bà Trần Thị Mỹ", "03/02/1990", "Giáo viên, UBND thị trấn Ngã Sáu", "Giáo dục", "Dạy giỏi"],
            ["Ủy ban nhân dân xã Phú Hữu", "", "", "Nông nghiệp - Nông thôn", "Nông thôn mới"],
        ]
    )
    imp = _upload(world, event, data)
    assert [(line["column"], line["field"]) for line in imp.columns] == [
        ("A", "number"),
        ("B", "name"),
        ("C", "birth_year"),
        ("D", "unit"),
        ("E", "field"),
        ("F", "citation"),
    ]
    analysis = preview(imp)
    assert [(r.number, r.status, r.kind, r.name, r.birth_year, r.gender) for r in analysis.rows] == [
        (8, "link", Kind.INDIVIDUAL, "Huỳnh Thị Hạnh", 1975, "female"),
        (9, "exemplar", Kind.INDIVIDUAL, "Nguyễn Văn Bình", 1975, "male"),
        (10, "person", Kind.INDIVIDUAL, "Trần Thị Mỹ", 1990, "female"),
        (11, "exemplar", Kind.COLLECTIVE, "Ủy ban nhân dân xã Phú Hữu", None, ""),
    ]
    assert analysis.rows[0].exemplar == linked
    assert analysis.rows[1].person == binh
    assert analysis.rows[2].unit == world.unit("HG.CT.NS")
    assert analysis.rows[2].position == "Giáo viên"
    before = _written()

    applied = _apply(world, imp)

    assert applied.message == "Đã thêm 4 điển hình vào danh sách biểu dương, bỏ qua 0 dòng trùng."
    assert (applied.status, applied.created_count, applied.applied_by) == ("applied", 4, world.user("staff"))
    my = Person.objects.get(full_name="Trần Thị Mỹ")
    assert (my.gender, my.birth_year, my.unit, my.position) == ("female", 1990, world.unit("HG.CT.NS"), "Giáo viên")
    assert my.history.get().history_change_reason == REASON
    exemplars = Exemplar.objects.exclude(pk=linked.pk).order_by("pk")
    assert [(e.kind, e.name, e.field.code, e.unit.code, e.stage, e.discovered_on, e.headline) for e in exemplars] == [
        (
            Kind.INDIVIDUAL,
            "Nguyễn Văn Bình",
            "hanh-chinh",
            "HG.CT",
            Stage.DISCOVERED,
            date(2023, 6, 8),
            "Lãnh đạo giỏi",
        ),
        (Kind.INDIVIDUAL, "Trần Thị Mỹ", "giao-duc", "HG.CT.NS", Stage.DISCOVERED, date(2023, 6, 8), "Dạy giỏi"),
        (
            Kind.COLLECTIVE,
            "Ủy ban nhân dân xã Phú Hữu",
            "nong-nghiep",
            "HG.CT.PH",
            "discovered",
            date(2023, 6, 8),
            "Nông thôn mới",
        ),
    ]
    assert {e.history.get().history_change_reason for e in exemplars} == {REASON}
    assert sorted(
        Honour.objects.filter(event=event).values_list("exemplar__name", "citation", "added_by__username")
    ) == [
        ("Huỳnh Thị Hạnh", "Tiêu biểu CCHC", "staff"),
        ("Nguyễn Văn Bình", "Lãnh đạo giỏi", "staff"),
        ("Trần Thị Mỹ", "Dạy giỏi", "staff"),
        ("Ủy ban nhân dân xã Phú Hữu", "Nông thôn mới", "staff"),
    ]
    honoured = "Được biểu dương tại: Hội nghị biểu dương, tôn vinh điển hình tiên tiến (08/06/2023)"
    assert sorted(StageEvent.objects.values_list("exemplar__name", "action", "reason", "by__username")) == sorted(
        [
            ("Huỳnh Thị Hạnh", honoured, REASON, "staff"),
            *[(e.name, honoured, REASON, "staff") for e in exemplars],
            *[(e.name, "Phát hiện, đưa vào sổ theo dõi", REASON, "staff") for e in exemplars],
        ]
    )
    assert _written() == (before[0] + 1, before[1] + 3, before[2] + 4, before[3] + 7)


def test_the_same_file_twice_and_a_double_confirm_write_nothing_twice(world, event):
    data = real_list(many(3))
    first = _upload(world, event, data)
    second = _upload(world, event, data)  # another tab
    _apply(world, first)
    written = _written()
    with pytest.raises(DomainError, match="Danh sách này đã được ghi lúc"):
        _apply(world, first)
    assert [r.status for r in preview(second).rows] == ["duplicate"] * 3
    applied = _apply(world, second)
    assert applied.message == "Đã thêm 0 điển hình vào danh sách biểu dương, bỏ qua 3 dòng trùng."
    assert _written() == written


def test_a_row_repeated_in_the_file_is_written_once(world, event):
    rows = many(1) * 2
    imp = _upload(world, event, real_list(rows))
    analysis = preview(imp)
    assert [r.status for r in analysis.rows] == ["person", "duplicate"]
    assert analysis.rows[1].notes == ["Trùng với dòng 8 của tệp."]
    assert _apply(world, imp).created_count == 1
    assert Person.objects.filter(full_name="Nguyễn Văn Mẫu 0").count() == 1


def test_ambiguous_person_is_chosen_then_written(world, event):
    one = PersonFactory(full_name="Lê Văn Tâm", birth_year=1985, unit=world.unit("HG.VT"))
    two = PersonFactory(full_name="Lê Văn Tâm", birth_year=1985, unit=world.unit("HG.NB"))
    imp = _upload(world, event, real_list([["Ông Lê Văn Tâm", 1985, "Sở Y tế", "Y tế", "Bác sĩ giỏi"]]))
    row = preview(imp).rows[0]
    assert row.status == "ambiguous"
    assert [c["id"] for c in row.candidates] == [f"p{one.pk}", f"p{two.pk}", "new"]
    with pytest.raises(DomainError, match=re.escape("Cần chọn người tương ứng cho các dòng: 8.")):
        _apply(world, imp)
    with pytest.raises(DomainError, match=re.escape("Lựa chọn không hợp lệ ở dòng 8.")):
        services_import.honouree_import_choose(honouree_import=imp, choices={"8": "p999999"}, by=world.user("staff"))
    imp = services_import.honouree_import_choose(
        honouree_import=imp, choices={"8": f"p{two.pk}"}, by=world.user("staff")
    )
    assert preview(imp).rows[0].status == "exemplar"
    _apply(world, imp)
    assert Honour.objects.get(event=event).exemplar.person == two


def test_errors_block_the_confirmation_and_nothing_is_written(world, event):
    data = real_list(
        [
            *many(2),
            ["Bà Võ Thị Lan", "abc", "", "Giáo dục", ""],
            ["Ủy ban nhân dân xã Không Có", "", "", "Giáo dục", ""],
            ["Ông Phan Văn Út", 1970, "", "Thể thao điện tử", ""],
            ["Ông Phan Văn Út", 1970, "", "", ""],
        ]
    )
    imp = _upload(world, event, data)
    rows = preview(imp).rows
    assert [(r.number, r.status, r.errors) for r in rows[2:]] == [
        (10, "error", ["Năm sinh “abc” không hợp lệ."]),
        (11, "person", []),  # a name the register does not know is a person's
        (12, "error", ["Lĩnh vực “Thể thao điện tử” không có trong danh mục."]),
        (13, "error", ["Chưa có lĩnh vực: ghi cột “Lĩnh vực” hoặc chọn lĩnh vực chung khi tải tệp lên."]),
    ]
    before = _written()
    with pytest.raises(DomainError, match=r"Còn 3 dòng có lỗi \(dòng 10, 12, 13\); chưa ghi gì."):
        _apply(world, imp)
    assert _written() == before
    page = _client(world).get(f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/{imp.public_id}/").content.decode()
    assert "Năm sinh “abc” không hợp lệ." in page
    assert 'data-testid="import-apply"' not in page


def test_a_collective_the_register_does_not_know_is_an_error(world, event):
    row = ["1", "Hợp tác xã Không Có", "Tập thể", "Nông nghiệp - Nông thôn", "", "", "", "", ""]
    imp = _upload(world, event, write_xlsx(HONOUREE_COLUMNS.headers, [row]))
    assert [(r.status, r.errors) for r in preview(imp).rows] == [
        ("error", ["Không tìm thấy tập thể “Hợp tác xã Không Có” trong danh mục đơn vị."])
    ]


def test_default_field_serves_rows_without_one_and_an_unknown_unit_is_a_note(world, event):
    data = real_list([["Ông Phan Văn Út", 1970, "Trường Tiểu học Sao Mai", "", ""]])
    imp = _upload(world, event, data, default_field=field("y-te"))
    row = preview(imp).rows[0]
    assert (row.status, row.field.code, row.errors) == ("person", "y-te", [])
    assert row.notes == ["Không tìm thấy đơn vị “Trường Tiểu học Sao Mai” trong danh mục; không dùng để đối chiếu."]
    _apply(world, imp)
    exemplar = Exemplar.objects.get(person__full_name="Phan Văn Út")
    assert (exemplar.unit.code, exemplar.person.position, exemplar.headline) == (
        "HG",
        "Trường Tiểu học Sao Mai",
        "Được biểu dương tại Hội nghị biểu dương, tôn vinh điển hình tiên tiến",
    )


def test_export_then_import_of_the_same_list_writes_nothing(world, event):
    household = ExemplarFactory(
        kind=Kind.HOUSEHOLD, person=None, household_name="Hộ ông Sáu Dũng", unit=world.unit("HG.CT")
    )
    _apply(world, _upload(world, event, real_list(many(3))))
    Honour.objects.create(event=event, exemplar=household, citation="Hộ kinh doanh giỏi")
    collective = ExemplarFactory(
        kind=Kind.COLLECTIVE, person=None, collective=world.unit("HG.CT.PH"), unit=world.unit("HG.CT")
    )
    Honour.objects.create(event=event, exemplar=collective)
    exported = _client(world).get(f"/dien-hinh/bieu-duong/{event.pk}/danh-sach.xlsx").content
    written = _written()
    imp = _upload(world, event, exported, name="danh-sach-bieu-duong-2023-06-08.xlsx")
    assert all(line["field"] for line in imp.columns)
    assert [r.status for r in preview(imp).rows] == ["duplicate"] * 5
    assert _apply(world, imp).created_count == 0
    assert _written() == written


def test_a_file_changed_between_preview_and_confirm_is_refused(world, event):
    imp = _upload(world, event, real_list(many(2)))
    seen = digest(imp)
    other = real_list(many(2, start=5))
    HonoureeImport.objects.filter(pk=imp.pk).update(data=other, sha256="0" * 64)
    with pytest.raises(DomainError, match="Tệp, cách đọc cột hoặc lựa chọn đã thay đổi sau khi xem trước"):
        services_import.honouree_import_apply(honouree_import=imp, by=world.user("staff"), seen=seen)
    # the columns changed in another tab: refused too
    imp = _upload(world, event, real_list(many(2)))
    seen = digest(imp)
    lines = [line | {"field": ""} if line["field"] == "citation" else line for line in imp.columns]
    services_import.honouree_import_columns(honouree_import=imp, lines=lines, by=world.user("staff"))
    with pytest.raises(DomainError, match="đã thay đổi sau khi xem trước"):
        services_import.honouree_import_apply(honouree_import=imp, by=world.user("staff"), seen=seen)
    assert Honour.objects.count() == 0


def test_too_many_rows_are_refused_with_a_vietnamese_message(world, event, monkeypatch):
    monkeypatch.setattr("exemplars.services_import.MAX_ROWS", 2)
    monkeypatch.setattr("exemplars.honouree_import.MAX_ROWS", 2)
    with pytest.raises(
        DomainError, match=re.escape("Tệp có 3 dòng, quá giới hạn 2 dòng một lần nhập; hãy chia thành nhiều tệp.")
    ):
        _upload(world, event, real_list(many(3)))
    assert HonoureeImport.objects.count() == 0


def test_column_step_changes_the_reading_and_saves_a_template(world, event):
    data = real_list([["Ông Phan Văn Út", 1970, "", "Y tế", "Bác sĩ"]])
    imp = _upload(world, event, data)
    client = _client(world)
    url = f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/{imp.public_id}/"
    post = {f"col-{line['position']}": line["field"] for line in imp.columns}
    post.update({"col-5": "headline", "save_as": "Mẫu Hội nghị 2023", "columns": "1"})
    assert client.post(url, post).status_code == 302
    imp.refresh_from_db()
    assert [line["field"] for line in imp.columns][5] == "headline"
    assert preview(imp).rows[0].headline == "Bác sĩ"
    template = ImportTemplate.objects.get(kind="exemplars.honourees", name="Mẫu Hội nghị 2023")
    assert template.columns[imp.columns[5]["key"]] == "headline"
    # the next file is read through the saved template when it is picked
    again = client.post(
        f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/",
        {"file": SimpleUploadedFile("lan-2.xlsx", data), "template": template.pk},
    )
    assert again.status_code == 302
    assert HonoureeImport.objects.get(original_name="lan-2.xlsx").columns[5]["field"] == "headline"
    # a field chosen for two columns is refused in Vietnamese
    post.update({"col-4": "headline", "save_as": ""})
    page = client.post(url, post).content.decode()
    assert "được chọn cho cả cột E và cột F; mỗi trường chỉ đọc từ một cột." in page


def test_confirm_through_the_screen_and_back_to_the_event(world, event):
    client = _client(world)
    response = client.post(
        f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/",
        {"file": SimpleUploadedFile("danh-sach.xlsx", real_list(many(2)))},
    )
    imp = HonoureeImport.objects.get()
    url = f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/{imp.public_id}/"
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert page.count('data-testid="import-row"') == 2
    assert client.post(url, {"apply": "1", "seen": "sai"}).status_code == 302
    assert Honour.objects.count() == 0
    response = client.post(url, {"apply": "1", "seen": digest(imp)}, follow=True)
    assert "Đã thêm 2 điển hình vào danh sách biểu dương, bỏ qua 0 dòng trùng." in response.content.decode()
    assert Honour.objects.filter(event=event).count() == 2
    response = client.post(url, {"apply": "1", "seen": digest(imp)}, follow=True)  # double click
    assert "Danh sách này đã được ghi lúc" in response.content.decode()
    assert Honour.objects.count() == 2


@pytest.mark.parametrize("role", ["donvi", "hoidong"])
def test_only_staff_reach_the_import(world, event, role):
    client = _client(world, role)
    assert client.get(f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/").status_code == 404
    imp = _upload(world, event, real_list(many(1)))
    url = f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/{imp.public_id}/"
    assert client.post(url, {"apply": "1", "seen": digest(imp)}).status_code == 404
    assert Honour.objects.count() == 0


@pytest.mark.parametrize("count", [3, 30])
def test_preview_query_count_is_constant(world, event, count, django_assert_num_queries):
    imp = _upload(world, event, real_list(many(count)))
    client = _client(world)
    client.get(f"/dien-hinh/bieu-duong/{event.pk}/")  # session, user; the menu kept until a write
    # 11: the upload was a POST, which in a cache of this process's own forgets every value kept: the units'
    # names are read again (kept: one query fewer than before they were, two more otherwise).
    with django_assert_num_queries(11):
        response = client.get(f"/dien-hinh/bieu-duong/{event.pk}/nhap-danh-sach/{imp.public_id}/")
    assert response.content.decode().count('data-testid="import-row"') == count


@pytest.mark.parametrize("count", [3, 30])
def test_confirm_query_count_is_constant(world, event, count, django_assert_num_queries):
    imp = _upload(world, event, real_list(many(count)))
    seen = digest(imp)
    with django_assert_num_queries(20):  # the units' names read again since the upload's POST (as above)
        services_import.honouree_import_apply(honouree_import=imp, by=world.user("staff"), seen=seen)
    assert Honour.objects.count() == count
