"""The award history exported (admin, xlsx) reads back through the history import unchanged: nothing is written twice.

The export carries what the import matches a person by (birth year, ID number) and writes dates as real
date cells; the import reads its own export's headers ("Họ tên / Tên tập thể", "Mã khen thưởng", "Năm"…).
"""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award, AwardRecord, HistoryImport
from awards.resources import AwardRecordResource
from awards.services import history_import_apply, history_import_create
from thiduakt.models import Person
from thiduakt.spreadsheets import SafeXLSX

pytestmark = pytest.mark.django_db


def _records(world):
    unit = world.chau_thanh
    hanh = Person.objects.create(full_name="Huỳnh Thị Hạnh", gender="female", birth_year=1975, unit=unit)
    # two people of one name in one unit: told apart by their birth years
    an_1970 = Person.objects.create(full_name="Lê Văn An", birth_year=1970, unit=unit)
    an_1988 = Person.objects.create(full_name="Lê Văn An", birth_year=1988, unit=unit, id_number="089188000123")
    ldtt, bk = Award.objects.get(code="LDTT"), Award.objects.get(code="BKT")
    made = [
        AwardRecord(recipient_kind="individual", person=hanh, award=ldtt, year=2023, decision_number="45/QĐ-UBND"),
        AwardRecord(recipient_kind="individual", person=an_1970, award=ldtt, year=2023, decision_number="45/QĐ-UBND"),
        AwardRecord(recipient_kind="individual", person=an_1988, award=ldtt, year=2023, decision_number="45/QĐ-UBND"),
        AwardRecord(recipient_kind="collective", unit=unit, award=bk, year=2022, decision_number="12/QĐ-UBND"),
        AwardRecord(recipient_kind="household", household_name="Hộ ông Trần Văn Ba", award=bk, year=2022),
    ]
    for record in made:
        record.decision_date = date(record.year, 12, 15)
        record.issuer = "Chủ tịch UBND tỉnh"
        record.source = AwardRecord.Source.IMPORTED
        record.recipient_name = record.person.full_name if record.person else record.household_name or unit.name
        record.recipient_unit_name = unit.name if record.person else ""
        record.derive()
        record.save()
    return made


def test_the_exported_history_reads_back_as_duplicates_and_writes_nothing(world):
    _records(world)
    data = SafeXLSX().export_data(AwardRecordResource().export(AwardRecord.objects.order_by("pk")))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:5] == ["id", "Đối tượng", "Họ tên / Tên tập thể", "Năm sinh", "Số định danh"]
    decided = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("Ngày quyết định") + 1)
    assert (decided.value.date(), decided.number_format) == (date(2023, 12, 15), "dd/mm/yyyy")  # a real date cell

    before = (AwardRecord.objects.count(), Person.objects.count())
    upload = SimpleUploadedFile("lich-su-xuat.xlsx", data)
    history_import = history_import_create(upload=upload, by=world.user("staff"))
    assert history_import.status == HistoryImport.Status.READY, history_import.message
    assert [(r["row"], r["status"]) for r in history_import.rows] == [(n, "duplicate") for n in range(2, 7)]
    history_import = history_import_apply(history_import=history_import, by=world.user("staff"))
    assert (history_import.created_count, history_import.skipped_count) == (0, 5)
    assert (AwardRecord.objects.count(), Person.objects.count()) == before
