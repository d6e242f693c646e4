"""Parameter forms of the report kinds: they validate input only."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from clusters.models import ClusterYear
from thiduakt.forms import BootstrapMixin
from thiduakt.models import OrgUnit
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
        """JSON-serialisable parameters (model instances by id), without the scope unit."""
        result = {}
        for name, value in self.cleaned_data.items():
            if name == "unit":
                continue
            result[name] = value.pk if hasattr(value, "pk") else value
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
        self.fields["year"].initial = timezone.localdate().year - 1
        units = OrgUnit.objects.filter(valid_to__isnull=True).order_by("name")
        if self.user is not None and not (self.user.is_department_staff or self.user.is_superuser):
            units = OrgUnit.objects.filter(pk__in=unit_descendant_ids(self.user.unit_id)).order_by("name")
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
            self.fields["unit"].initial = self.user.unit_id
        self.fields["unit"].queryset = units


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
