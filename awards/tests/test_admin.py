"""Admin pages open for the administrator; the catalogue imports through the safe xlsx reader."""

import io

import openpyxl
import pytest
from django.test import Client

from awards.models import Award, Holiday, Initiative
from awards.tests.factories import NominationFactory
from thiduakt.models import Person

PAGES = [
    "award",
    "ruleset",
    "initiative",
    "disciplinerecord",
    "holiday",
    "processingrule",
    "awardrecord",
    "dossier",
    "nomination",
    "attachment",
    "dossierevent",
    "publiccomment",
    "historyimport",
]


@pytest.mark.django_db
def test_admin_lists_and_forms_open(world):

    nomination = NominationFactory()
    client = Client()
    client.force_login(world.user("admin"))
    for model in PAGES:
        assert client.get(f"/admin/awards/{model}/").status_code == 200, model
    award = Award.objects.get(code="CSTDT")
    assert client.get(f"/admin/awards/award/{award.pk}/change/").status_code == 200
    assert client.get(f"/admin/awards/award/{award.pk}/history/").status_code == 200
    assert client.get(f"/admin/awards/ruleset/{award.rule_sets.latest('valid_from').pk}/change/").status_code == 200
    assert client.get(f"/admin/awards/dossier/{nomination.dossier.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_admin_holiday_import_refuses_formulas(world):
    book = openpyxl.Workbook()
    book.active.append(["Ngày", "Tên ngày nghỉ"])
    book.active.append(["02/01/2027", "=1+1"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "ngay-nghi.xlsx"
    client = Client()
    client.force_login(world.user("admin"))
    before = Holiday.objects.count()
    response = client.post("/admin/awards/holiday/import/", {"format": "0", "import_file": data, "resource": "0"})
    assert "Ô B2 chứa công thức" in response.content.decode()
    assert Holiday.objects.count() == before


@pytest.mark.django_db
def test_admin_imports_initiatives_all_or_nothing(world):

    person = Person.objects.get(full_name="Lê Minh Châu")
    book = openpyxl.Workbook()
    book.active.append(["Mã cá nhân", "Tên sáng kiến", "Phạm vi", "Năm công nhận", "Số quyết định"])
    book.active.append([person.pk, "Số hóa hồ sơ", "Cấp tỉnh", 2024, "12/QĐ-SKHCN"])
    book.active.append([999999, "Không có người", "Cơ sở", 2024, ""])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "sang-kien.xlsx"
    client = Client()
    client.force_login(world.user("admin"))
    response = client.post("/admin/awards/initiative/import/", {"format": "0", "import_file": data, "resource": "0"})
    assert "Không tìm thấy cá nhân có mã “999999”." in response.content.decode()
    assert Initiative.objects.count() == 0
