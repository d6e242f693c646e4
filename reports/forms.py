"""Parameter forms of the report kinds: they validate input only."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from clusters.models import ClusterYear
from reports.statistics.builder import period_error
from thiduakt.forms import BootstrapMixin, DateInput
from thiduakt.models import OrgUnit
from thiduakt.pickers import unit_picker
from thiduakt.selectors import unit_descendant_ids

FIRST_YEAR = 2000


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class ReportForm(BootstrapMixin, forms.Form):
    """Base of every parameter form: knows the user, turns its data into JSON parameters."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def params(self) -> dict:
        """JSON-serialisable parameters (model instances by id, dates in ISO), without the scope unit.

        A field left empty is left out: the builder applies its default.
        """
        result = {}
        for name, value in self.cleaned_data.items():
            if name == "unit" or value in (None, ""):
                continue
            if hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, date):
                value = value.isoformat()
            result[name] = value
        return result

    def scope_unit(self) -> OrgUnit | None:
        return self.cleaned_data.get("unit")


class ScopedYearForm(ReportForm):
    """A year, and the whole province (staff) or one unit's subtree (a unit officer: theirs or below)."""

    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=_year_choices)
    unit = forms.ModelChoiceField(
        label=_("Phạm vi"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Toàn tỉnh"),
        help_text=_("Một đơn vị: tính cả các đơn vị trực thuộc."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The current year by default [decision]: the year being worked on, whose records are coming in
        # (last year's figures are one click away). The statistics forms keep their period rule below.
        self.fields["year"].initial = timezone.localdate().year
        units = OrgUnit.objects.filter(valid_to__isnull=True).order_by("name")
        within = None
        if self.user is not None and not (self.user.is_department_staff or self.user.is_superuser):
            within = self.user.unit_id
            units = OrgUnit.objects.filter(pk__in=unit_descendant_ids(self.user.unit_id)).order_by("name")
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
            self.fields["unit"].initial = self.user.unit_id
        self.fields["unit"].queryset = units
        unit_picker(self.fields["unit"], within=within, open_only=within is None)


def _default_statistics_year() -> int:
    """The year of the last period that has ended (periods run 01/12 – 30/11): this year from December."""
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


class StatisticsForm(ScopedYearForm):
    """The five statistics forms: the period, and what the header and signature block print."""

    date_from = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống cả hai ngày: từ 01/12 năm trước đến 30/11 năm báo cáo."),
    )
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    reporting_unit = forms.CharField(
        label=_("Đơn vị báo cáo"),
        required=False,
        max_length=200,
        help_text=_("Để trống: tên đơn vị trong phạm vi báo cáo (toàn tỉnh: tên Ủy ban nhân dân tỉnh)."),
    )
    receiving_unit = forms.CharField(
        label=_("Đơn vị nhận báo cáo"),
        required=False,
        max_length=200,
        help_text=_("Để trống: Bộ Nội vụ (toàn tỉnh) hoặc Sở Nội vụ (một đơn vị)."),
    )
    preparer_name = forms.CharField(label=_("Người lập biểu"), required=False, max_length=150)
    head_title = forms.CharField(
        label=_("Chức danh thủ trưởng đơn vị"),
        required=False,
        max_length=150,
        help_text=_("Để trống: “Thủ trưởng đơn vị”."),
    )
    head_name = forms.CharField(label=_("Họ tên thủ trưởng đơn vị"), required=False, max_length=150)

    field_order = [
        "year",
        "date_from",
        "date_to",
        "unit",
        "reporting_unit",
        "receiving_unit",
        "preparer_name",
        "head_title",
        "head_name",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = _("Năm báo cáo")
        self.fields["year"].initial = _default_statistics_year()
        if self.user is not None:
            self.fields["preparer_name"].initial = self.user.full_name

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if bool(date_from) != bool(date_to) and not self.has_error("date_from") and not self.has_error("date_to"):
            self.add_error("date_to" if date_from else "date_from", _("Nhập cả ngày đầu và ngày cuối kỳ báo cáo."))
        elif date_from and date_to and (error := period_error(date_from, date_to)):
            self.add_error("date_to", error)
        return cleaned


class YearForm(ReportForm):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=_year_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class CampaignForm(ReportForm):
    campaign = forms.ModelChoiceField(label=_("Phong trào thi đua"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by(
            "-start_date", "name"
        )


class ClusterYearForm(ReportForm):
    cluster_year = forms.ModelChoiceField(label=_("Cụm, khối thi đua và năm"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster_year"].queryset = ClusterYear.objects.select_related("cluster").order_by(
            "-year", "cluster__name"
        )
