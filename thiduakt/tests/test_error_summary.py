"""The error summary at the top of a posted form: "Có N lỗi cần sửa", the form's own errors first, then each
field's error as a link to its box."""

from datetime import timedelta

import lxml.html
import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.tests.factories import launched_campaign
from thiduakt.forms import BootstrapMixin

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.force_login(world.user(role))
    return client


def _summary(html: str):
    if not html.strip():
        return None
    found = lxml.html.fromstring(html).xpath("//*[@data-testid='error-summary']")
    return found[0] if found else None


def _links(summary) -> list[tuple[str, str]]:
    return [(a.get("href"), a.text_content()) for a in summary.xpath(".//a")]


def test_a_form_of_the_shared_template_posted_with_errors_lists_them_linked_to_their_boxes(world):
    today = timezone.localdate()
    response = _client(world, "staff").post(
        reverse("campaigns:create"),
        {
            "name": "",
            "launcher": "unit",  # a campaign launched by a unit needs the unit
            "kind": "thematic",
            "start_date": f"{today:%d/%m/%Y}",
            "end_date": f"{today - timedelta(days=3):%d/%m/%Y}",
        },
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()
    summary = _summary(response.content.decode())
    assert summary.get("role") == "alert"
    assert summary.xpath("h2")[0].text_content() == "Có 3 lỗi cần sửa"
    assert _links(summary) == [
        ("#id_name", "Tên phong trào: Trường này là bắt buộc."),
        ("#id_launcher_unit", "Đơn vị phát động: Cần chọn đơn vị phát động."),
        ("#id_end_date", "Kết thúc ngày: Ngày kết thúc phải sau ngày bắt đầu."),
    ]
    page = lxml.html.fromstring(response.content.decode())
    # Each link has its box, marked for Bootstrap and screen readers.
    for href, _text in _links(summary):
        [box] = page.xpath(f"//*[@id='{href[1:]}']")
        assert "is-invalid" in box.get("class").split()
        assert box.get("aria-invalid") == "true"
    assert page.xpath("//*[@id='id_slogan']/@aria-invalid") == []


def test_a_table_form_posted_with_a_wrong_number_lists_it_linked_to_its_cell(world):
    campaign = launched_campaign(world, units=[world.chau_thanh])
    km, households = campaign.criteria.order_by("position")
    response = _client(world, "donvi").post(
        reverse("campaigns:register", args=[campaign.pk]),
        {f"target_{km.pk}": "nhiều", f"target_{households.pk}": "5", "save": "1"},
    )
    assert response.status_code == 200
    summary = _summary(response.content.decode())
    assert summary.xpath("h2")[0].text_content() == "Có 1 lỗi cần sửa"
    assert _links(summary) == [
        (f"#id_target_{km.pk}", "Số km đường giao thông nông thôn (km): Nhập một số, ví dụ 72,5 hoặc 1.234,5.")
    ]
    assert not campaign.registrations.exists()


def test_a_valid_form_and_a_form_not_yet_posted_show_no_summary(world):
    client = _client(world, "staff")
    today = timezone.localdate()
    assert _summary(client.get(reverse("campaigns:create")).content.decode()) is None
    response = client.post(
        reverse("campaigns:create"),
        {
            "name": "Thi đua cải cách hành chính",
            "launcher": "provincial_chair",
            "kind": "thematic",
            "start_date": f"{today:%d/%m/%Y}",
            "end_date": f"{today + timedelta(days=30):%d/%m/%Y}",
        },
        follow=True,
    )
    assert Campaign.objects.get().name == "Thi đua cải cách hành chính"
    assert _summary(response.content.decode()) is None


class _Sample(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Họ tên")
    code = forms.CharField(label="Mã", widget=forms.HiddenInput)
    count = forms.IntegerField(label="Số lượng")

    def clean(self):
        raise forms.ValidationError("Cả biểu mẫu sai.")


class _Row(BootstrapMixin, forms.Form):
    value = forms.IntegerField(label="Giá trị")


class _BaseRows(forms.BaseFormSet):
    def clean(self):
        raise forms.ValidationError("Bảng thiếu dòng.")


Rows = forms.formset_factory(_Row, formset=_BaseRows, extra=0)


def _render(*objects) -> str:
    names = [f"f{i}" for i in range(len(objects))]
    template = Template("{% load form_tags %}{% error_summary " + " ".join(names) + " %}")
    return template.render(Context(dict(zip(names, objects, strict=True))))


def test_errors_of_the_whole_form_come_first_and_formsets_are_listed_row_by_row():
    form = _Sample({"name": "", "code": "", "count": "ba"})
    rows = Rows(
        {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-value": "1", "form-1-value": "x"},
    )
    summary = _summary(_render(form, rows))
    items = [" ".join(li.text_content().split()) for li in summary.xpath(".//li")]
    assert items == [
        "Cả biểu mẫu sai.",
        "Bảng thiếu dòng.",
        "Họ tên: Trường này là bắt buộc.",
        "Mã: Trường này là bắt buộc.",  # a hidden field: said, not linked (there is no box to go to)
        "Số lượng: Nhập một số nguyên, ví dụ 12 hoặc 1.234.",
        "Giá trị: Nhập một số nguyên, ví dụ 12 hoặc 1.234.",
    ]
    assert _links(summary) == [
        ("#id_name", "Họ tên: Trường này là bắt buộc."),
        ("#id_count", "Số lượng: Nhập một số nguyên, ví dụ 12 hoặc 1.234."),
        ("#id_form-1-value", "Giá trị: Nhập một số nguyên, ví dụ 12 hoặc 1.234."),
    ]
    assert summary.xpath("h2")[0].text_content() == "Có 6 lỗi cần sửa"


def test_no_summary_for_unbound_or_clean_forms():
    assert _summary(_render(_Sample(), Rows())) is None
    assert _summary(_render(_Row({"value": "3"}))) is None
