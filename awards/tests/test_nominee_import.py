"""A dossier's nominee list from an xlsx: real-template files, matching, findings, all or nothing, twice, scope."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from awards.eligibility import evaluate
from awards.models import Dossier, DossierEvent, Nomination, NomineeImport
from awards.nominee_import import NOMINEE_COLUMNS
from awards.services import (
    dossier_create_draft,
    nominee_import_apply,
    nominee_import_create,
    nominee_import_reread,
)
from thiduakt.imports import templates_for
from thiduakt.models import Person
from thiduakt.services import DomainError

pytestmark = pytest.mark.django_db

HEADER_TOP = [
    "STT",
    "Đối tượng",
    "Tên tập thể/cá nhân/hộ gia đình",
    "Năm sinh",
    None,
    "Chức vụ, đơn vị công tác",
    "Đơn vị công tác",
    "Danh hiệu thi đua/Hình thức khen thưởng",
    "Tóm tắt thành tích",
]
HEADER_SUB = [None, None, None, "Nam", "Nữ", None, None, None, None]
SIX = [
    [
        "Cá nhân",
        "Bà Huỳnh Thị Hạnh",
        None,
        "12.08.1972",
        "Nông dân",
        "UBND xã Phú Hữu",
        "Lao động tiên tiến",
        "Hiến đất",
    ],
    [
        "Cá nhân",
        "Ông Nguyễn Văn Bình",
        "12.08.1975",
        None,
        "Chủ tịch UBND huyện",
        "",
        "Lao động tiên tiến",
        "Điều hành",
    ],
    ["Cá nhân", "Phạm Thị Diễm", None, "1990", "Giáo viên", "TT. Ngã Sáu", "CSTDCS", "Dạy giỏi"],
    ["Cá nhân", "Ông Trần Văn Mới", "12.08.1975", None, "Chuyên viên", "Phòng Nội vụ huyện Châu Thành", "LĐTT", "Mới"],
    ["Tập thể", "UBND xã Đông Phú", None, None, "", "", "Tập thể lao động tiên tiến", "Về đích nông thôn mới"],
    ["Hộ gia đình", "Hộ ông Võ Văn Đức", None, None, "", "", "Giấy khen", "Hiến 500 m² đất làm đường"],
]


def real_file(rows, title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024") -> bytes:
    """Shaped like a province's template: a title, a merged two-row header ("Năm sinh" over "Nam", "Nữ")."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells("A1:I1")
    sheet.append([])
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_SUB)
    sheet.merge_cells("D3:E3")
    for column in "ABCFGHI":
        sheet.merge_cells(f"{column}3:{column}4")
    for number, values in enumerate(rows, start=1):
        sheet.append([number, *values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plain_file(rows, headers=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers or NOMINEE_COLUMNS.headers)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def exactly(message: str) -> str:
    return f"^{re.escape(message)}$"


def line(**values) -> list:
    """A row of our template, by field."""
    return [values.get(c.key, "") for c in NOMINEE_COLUMNS.columns]


def upload(data: bytes, name="danh-sach.xlsx"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def dossier(world):
    return dossier_create_draft(
        unit=world.chau_thanh, round_kind="yearly", year=2024, by=world.user("donvi"), nominees=[]
    )


def officer(world) -> Client:
    client = Client()
    client.force_login(world.user("donvi"))
    return client


def written(dossier):
    return sorted(
        (n.nominee_kind, n.nominee_name, n.award.code, n.person.birth_year if n.person else None, n.summary)
        for n in dossier.nominations.select_related("award", "person")
    )


def test_real_template_file_is_read_matched_checked_and_written_in_one_go(world, dossier):
    by = world.user("donvi")
    people_before = Person.objects.count()
    imp = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)
    assert (imp.status, imp.message) == (NomineeImport.Status.READY, "")
    assert [(c["column"], c["field"]) for c in imp.columns] == [
        ("A", ""),
        ("B", "kind"),
        ("C", "name"),
        ("D", "birth_male"),
        ("E", "birth_female"),
        ("F", "position"),
        ("G", "unit"),
        ("H", "award"),
        ("I", "summary"),
    ]
    rows = imp.rows
    assert [r["row"] for r in rows] == [5, 6, 7, 8, 9, 10]  # the sheet's own row numbers, under the header
    assert [(r["status"], r["match"]) for r in rows] == [
        ("new", "existing"),
        ("new", "existing"),
        ("new", "existing"),
        ("new", "new"),
        ("new", "collective"),
        ("new", "household"),
    ]
    hanh = Person.objects.get(full_name="Huỳnh Thị Hạnh")
    assert (rows[0]["name"], rows[0]["gender"], rows[0]["birth_year"], rows[0]["person_id"]) == (
        "Huỳnh Thị Hạnh",
        "female",
        1972,
        hanh.pk,
    )
    assert rows[0]["match_label"] == "Đã có: Huỳnh Thị Hạnh, sinh 1972, Ủy ban nhân dân xã Phú Hữu"
    assert (rows[1]["birth_year"], rows[1]["gender"]) == (1975, "male")
    assert rows[3]["match_label"] == "Cá nhân mới, sẽ được thêm vào danh bạ"
    # The findings the dossier screen shows for a nominee added by hand.
    assert all(r["eligibility"]["label"] for r in rows)

    imp = nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    assert (imp.status, imp.created_count, imp.skipped_count) == (NomineeImport.Status.APPLIED, 6, 0)
    assert imp.message == "Đã thêm 6 đối tượng, bỏ qua 0 dòng trùng."
    assert written(dossier) == [
        ("collective", "Ủy ban nhân dân xã Đông Phú", "TTLDTT", None, "Về đích nông thôn mới"),
        ("household", "Hộ ông Võ Văn Đức", "GK", None, "Hiến 500 m² đất làm đường"),
        ("individual", "Huỳnh Thị Hạnh", "LDTT", 1972, "Hiến đất"),
        ("individual", "Nguyễn Văn Bình", "LDTT", 1975, "Điều hành"),
        ("individual", "Phạm Thị Diễm", "CSTDCS", 1990, "Dạy giỏi"),
        ("individual", "Trần Văn Mới", "LDTT", 1975, "Mới"),
    ]
    assert Person.objects.count() == people_before + 1
    # The preview's findings are those the dossier screen shows for the nominee written.
    for row, nomination in zip(rows, dossier.nominations.select_related("dossier").order_by("pk"), strict=True):
        found = evaluate(nomination)
        assert row["eligibility"]["verdict"] == found.verdict
        assert [(f["mark"], f["label"], f["evidence"]) for f in row["eligibility"]["findings"]] == [
            (f.mark, str(f.label), str(f.evidence)) for f in found.findings
        ]
    new = Person.objects.get(full_name="Trần Văn Mới")
    assert (new.gender, new.birth_year, new.position, new.unit.code) == ("male", 1975, "Chuyên viên", "HG.CT.PNV")
    reason = "Nhập danh sách đối tượng từ tệp danh-sach.xlsx"
    assert [(h.history_user, h.history_change_reason) for h in new.history.all()] == [
        (by, f"Thêm khi lập hồ sơ đề nghị khen thưởng ({reason})")
    ]
    for nomination in dossier.nominations.all():
        assert [(h.history_user, h.history_change_reason) for h in nomination.history.all()] == [(by, reason)]
    events = DossierEvent.objects.filter(dossier=dossier, nomination__isnull=False)
    assert sorted(e.action for e in events) == sorted(
        f"Thêm đối tượng: {n.nominee_name} – {n.award.name}" for n in dossier.nominations.select_related("award")
    )
    assert {(e.by, e.reason) for e in events} == {(by, reason)}


def test_same_file_twice_and_a_second_confirm_write_nothing_twice(world, dossier):
    by = world.user("donvi")
    first = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)
    tab = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)  # previewed in another tab
    nominee_import_apply(nominee_import=first, by=by, revision=first.revision)
    with pytest.raises(DomainError, match=exactly("Danh sách này đã được ghi vào hồ sơ; không ghi lại lần nữa.")):
        nominee_import_apply(nominee_import=first, by=by, revision=first.revision)
    tab = nominee_import_apply(nominee_import=tab, by=by, revision=tab.revision)
    assert (tab.created_count, tab.skipped_count) == (0, 6)
    again = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)
    assert {r["status"] for r in again.rows} == {"duplicate"}
    assert again.rows[0]["notes"] == ["Đã có trong hồ sơ này: bỏ qua."]
    nominee_import_apply(nominee_import=again, by=by, revision=again.revision)
    assert dossier.nominations.count() == 6
    assert Person.objects.filter(full_name="Trần Văn Mới").count() == 1


def test_a_row_repeated_in_the_file_is_written_once(world, dossier):
    imp = nominee_import_create(dossier=dossier, upload=upload(real_file([SIX[3], SIX[3]])), by=world.user("donvi"))
    assert [r["status"] for r in imp.rows] == ["new", "duplicate"]
    assert imp.rows[1]["notes"] == ["Trùng với dòng 5: bỏ qua."]
    nominee_import_apply(nominee_import=imp, by=world.user("donvi"), revision=imp.revision)
    assert dossier.nominations.count() == 1


def test_an_ambiguous_person_is_chosen_before_anything_is_written(world, dossier):
    by = world.user("donvi")
    first = Person.objects.create(full_name="Lê Văn Tâm", gender="male", birth_year=1980, unit=world.unit("HG.CT.NS"))
    Person.objects.create(full_name="Lê Văn Tâm", gender="male", birth_year=1980, unit=world.unit("HG.CT.MD"))
    Person.objects.create(full_name="Lê Văn Tâm", gender="male", birth_year=1980, unit=world.nga_bay)  # not ours
    data = plain_file([line(kind="Cá nhân", name="Lê Văn Tâm", honorific="Nam", birth_year=1980, award="LDTT")])
    imp = nominee_import_create(dossier=dossier, upload=upload(data), by=by)
    row = imp.rows[0]
    assert (row["status"], row["match"]) == ("ambiguous", "ambiguous")
    assert [c["label"] for c in row["candidates"]] == [
        "Lê Văn Tâm, sinh 1980, Ủy ban nhân dân thị trấn Ngã Sáu",
        "Lê Văn Tâm, sinh 1980, Ủy ban nhân dân thị trấn Mái Dầm",
    ]
    with pytest.raises(DomainError, match=exactly("Cần chọn người tương ứng cho các dòng: 2.")):
        nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    assert dossier.nominations.count() == 0
    with pytest.raises(DomainError, match=exactly("Lựa chọn không hợp lệ ở dòng 2.")):
        nominee_import_reread(nominee_import=imp, by=by, choices={"2": "999999"})
    imp = nominee_import_reread(nominee_import=imp, by=by, choices={"2": str(first.pk)})
    assert (imp.rows[0]["person_id"], imp.rows[0]["match"], imp.revision) == (first.pk, "existing", 2)
    nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    assert list(dossier.nominations.values_list("person_id", flat=True)) == [first.pk]


def test_error_rows_name_row_and_column_and_block_the_whole_file(world, dossier):
    by = world.user("donvi")
    Person.objects.create(
        full_name="Ngoài Đơn Vị", gender="male", birth_year=1980, unit=world.nga_bay, id_number="0123"
    )
    data = plain_file(
        [
            line(kind="Cá nhân", name="Phạm Thị Diễm", honorific="Bà", birth_year=1990, award="LDTT"),
            line(kind="Cá nhân", name="Bà Lê Thị Sai", birth_year="12.13.1975", award="LDTT"),
            line(kind="Cá nhân", name="Ông Lê Văn Khác", birth_year=1980, award="Huân chương Sao Vàng"),
            line(kind="Tập thể", name="UBND TP. Ngã Bảy", award="TTLDTT"),
            line(kind="Cá nhân", name="Ngoài Đơn Vị", honorific="Ông", birth_year=1980, id_number="0123", award="LDTT"),
            line(kind="Hộ gia đình", name="Hộ bà Năm", award="LDTT"),
            line(kind="Cá nhân", name="Nguyễn Văn Không Rõ", birth_year=1980, award="LDTT"),
        ]
    )
    imp = nominee_import_create(dossier=dossier, upload=upload(data), by=by)
    assert imp.status == NomineeImport.Status.INVALID
    assert imp.message == "6 dòng có lỗi; sửa tệp rồi tải lên lại. Chưa có gì được ghi."
    assert [(r["row"], r["status"], r["errors"]) for r in imp.rows] == [
        (2, "new", []),
        (
            3,
            "error",
            ["Cột D (Năm sinh): năm sinh “12.13.1975” không hợp lệ (ghi năm, hoặc ngày/tháng/năm, từ 1900 đến 2026)."],
        ),
        (
            4,
            "error",
            ["Cột J (Danh hiệu, hình thức đề nghị): “Huân chương Sao Vàng” không có trong danh mục khen thưởng."],
        ),
        (
            5,
            "error",
            ["Cột B (Họ tên, tên tập thể): “UBND TP. Ngã Bảy” không thuộc Ủy ban nhân dân huyện Châu Thành."],
        ),
        (6, "error", ["Cột I (Số định danh): số định danh này đã được ghi cho một cá nhân không thuộc đơn vị."]),
        (7, "error", ["Cột J (Danh hiệu, hình thức đề nghị): Lao động tiên tiến không dành cho hộ gia đình."]),
        (
            8,
            "error",
            ["Cột C (Danh xưng, giới tính): cần ghi giới tính của cá nhân mới (Ông/Bà hoặc Nam/Nữ)."],
        ),
    ]
    imp = nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    assert imp.status == NomineeImport.Status.INVALID
    assert dossier.nominations.count() == 0
    assert not Person.objects.filter(full_name="Nguyễn Văn Không Rõ").exists()


def test_a_nominee_proposed_by_another_dossier_or_over_its_quota_is_refused(world, dossier):
    by = world.user("donvi")
    other = dossier_create_draft(unit=world.chau_thanh, round_kind="yearly", year=2024, by=by, nominees=[])
    imp = nominee_import_create(dossier=other, upload=upload(real_file(SIX[:1])), by=by)
    nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    flags = [
        line(kind="Tập thể", name="UBND xã Đông Phú", award="CTDT"),
        line(kind="Tập thể", name="UBND xã Phú Hữu", award="CTDT"),
    ]
    imp = nominee_import_create(dossier=dossier, upload=upload(plain_file(flags)), by=by)
    assert imp.rows[0]["errors"] == []
    assert imp.rows[1]["errors"][0].startswith("Vượt chỉ tiêu khen thưởng: Mỗi đơn vị tối đa 1 Cờ thi đua")
    assert "đã đề nghị 2/1 ✗" in imp.rows[1]["errors"][0]
    imp = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX[:1])), by=by)
    assert imp.rows[0]["errors"] == [
        "Huỳnh Thị Hạnh đã được đề nghị Lao động tiên tiến năm 2024 (hồ sơ của Ủy ban nhân dân huyện Châu Thành)."
    ]


def test_a_dossier_no_longer_editable_refuses_and_writes_nothing(world, dossier):
    by = world.user("donvi")
    imp = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.SUBMITTED)
    with pytest.raises(DomainError, match=exactly("Hồ sơ đang ở trạng thái “Đã gửi, chờ thẩm định”, không thể sửa.")):
        nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    with pytest.raises(DomainError, match="không thể sửa"):
        nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)
    assert (Nomination.objects.filter(dossier=dossier).count(), NomineeImport.objects.count()) == (0, 1)
    response = officer(world).post(
        reverse("awards:nominee_import_detail", args=[dossier.pk, imp.public_id]),
        {"apply": "1", "revision": str(imp.revision)},
    )
    assert response.status_code == 302
    assert dossier.nominations.count() == 0


def test_a_file_changed_in_storage_or_an_older_preview_is_refused(world, dossier):
    by = world.user("donvi")
    imp = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=by)
    with pytest.raises(
        DomainError, match=exactly("Bản xem trước đã thay đổi (có thể ở một thẻ khác); hãy xem lại rồi xác nhận.")
    ):
        nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision - 1)
    with open(imp.file.path, "wb") as stored:
        stored.write(real_file([*SIX, ["Cá nhân", "Ông Người Chen Vào", "1970", None, "", "", "LDTT", ""]]))
    with pytest.raises(DomainError, match=exactly("Tệp đã lưu không còn giống tệp đã tải lên; hãy tải tệp lên lại.")):
        nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    assert dossier.nominations.count() == 0


def test_more_rows_than_a_dossier_holds_are_refused(world, dossier):
    rows = [line(kind="Cá nhân", name=f"Ông Nguyễn Văn {i}", birth_year=1980, award="LDTT") for i in range(501)]
    imp = nominee_import_create(dossier=dossier, upload=upload(plain_file(rows)), by=world.user("donvi"))
    assert (imp.status, imp.rows) == (NomineeImport.Status.INVALID, [])
    assert imp.message == "Tệp có 501 dòng; mỗi lần nhập tối đa 500 đối tượng. Hãy chia thành nhiều tệp."


def test_columns_chosen_by_the_user_are_read_saved_as_a_template_and_picked_again(world, dossier):
    client = officer(world)
    headers = ["Loại", "Người được đề nghị", "Khen", "Giới tính"]
    data = plain_file([["Cá nhân", "Phạm Thị Diễm", "LDTT", "Nữ"]], headers=headers)
    response = client.post(reverse("awards:nominee_import", args=[dossier.pk]), {"file": upload(data)})
    imp = NomineeImport.objects.get()
    assert response.url == reverse("awards:nominee_import_detail", args=[dossier.pk, imp.public_id])
    assert imp.message == "Thiếu cột “Họ tên / Tên tập thể”. Thiếu cột “Danh hiệu/hình thức đề nghị”."
    page = client.get(response.url).content.decode()
    assert "Không đọc: hệ thống không nhận ra tên cột này." in page
    url = response.url
    chosen = {"col-0": "kind", "col-1": "name", "col-2": "award", "col-3": "honorific", "save_as": "Mẫu của xã"}
    client.post(url, {"columns": "1", **chosen})
    imp.refresh_from_db()
    assert (imp.status, imp.rows[0]["person_id"]) == (
        NomineeImport.Status.READY,
        Person.objects.get(full_name="Phạm Thị Diễm").pk,
    )
    template = templates_for("awards.nominees").get()
    assert (template.name, template.columns) == (
        "Mẫu của xã",
        {"loai": "kind", "nguoi duoc de nghi": "name", "khen": "award", "gioi tinh": "honorific"},
    )
    response = client.post(
        reverse("awards:nominee_import", args=[dossier.pk]), {"file": upload(data), "template": template.pk}
    )
    assert NomineeImport.objects.order_by("-pk").first().status == NomineeImport.Status.READY


def test_the_downloaded_template_is_the_file_the_import_reads(world, dossier):
    client = officer(world)
    response = client.get(reverse("awards:nominee_template", args=[dossier.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == NOMINEE_COLUMNS.headers
    assert sheet.max_row == 1  # no example row to forget
    sheet.append(
        line(
            kind="Cá nhân", name="Bà Huỳnh Thị Hạnh", birth_year="12.08.1972", award="Lao động tiên tiến", summary="Tốt"
        )
    )
    out = io.BytesIO()
    book.save(out)
    response = client.post(reverse("awards:nominee_import", args=[dossier.pk]), {"file": upload(out.getvalue())})
    imp = NomineeImport.objects.get()
    assert [(c["header"], c["field"]) for c in imp.columns] == [(c.header, c.key) for c in NOMINEE_COLUMNS.columns]
    client.post(response.url, {"apply": "1", "revision": str(imp.revision)})
    assert written(dossier) == [("individual", "Huỳnh Thị Hạnh", "LDTT", 1972, "Tốt")]


def test_another_units_officer_gets_404_everywhere(world, dossier):
    imp = nominee_import_create(dossier=dossier, upload=upload(real_file(SIX)), by=world.user("donvi"))
    client = Client()
    client.force_login(world.user("donvi2"))
    for url in (
        reverse("awards:nominee_import", args=[dossier.pk]),
        reverse("awards:nominee_template", args=[dossier.pk]),
        reverse("awards:nominee_import_detail", args=[dossier.pk, imp.public_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"apply": "1", "revision": "1", "file": upload(real_file(SIX))}).status_code == 404
    assert dossier.nominations.count() == 0
    # The import of one dossier is not reached through another dossier's address.
    mine = dossier_create_draft(
        unit=world.chau_thanh, round_kind="yearly", year=2024, by=world.user("donvi"), nominees=[]
    )
    url = reverse("awards:nominee_import_detail", args=[mine.pk, imp.public_id])
    assert officer(world).get(url).status_code == 404


def test_the_dossier_page_links_the_import_only_for_who_may_edit_the_nominees(world, dossier):
    link = reverse("awards:nominee_import", args=[dossier.pk])
    assert link in officer(world).get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    staff = Client()
    staff.force_login(world.user("staff"))
    assert link not in staff.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()


def _rows(n: int):
    return [
        line(kind="Cá nhân", name=f"Ông Trần Văn Số {i}", birth_year=1980 + i, award="LDTT", summary="Tốt")
        for i in range(n)
    ]


@pytest.mark.parametrize("size", [2, 12])
def test_preview_and_confirm_take_the_same_queries_whatever_the_rows(world, dossier, size, django_assert_num_queries):
    by = world.user("donvi")
    Person.objects.create(full_name="Trần Văn Số 0", gender="male", birth_year=1980, unit=world.chau_thanh)
    data = plain_file(_rows(size))
    with django_assert_num_queries(18):  # the units' names (kept until a unit is written), the units
        imp = nominee_import_create(dossier=dossier, upload=upload(data), by=by)
    assert imp.status == NomineeImport.Status.READY
    with django_assert_num_queries(25):  # the units' names and the law kept since the preview: the units alone
        imp = nominee_import_apply(nominee_import=imp, by=by, revision=imp.revision)
    assert imp.created_count == size
