"""Forms of campaigns: input validation only; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awards.models import Award
from campaigns.models import AwardQuota, Campaign, Criterion, Participant, ParticipantGroup, Review, ReviewProposal
from campaigns.selectors import subtree_ids
from campaigns.services.lifecycle import review_date_bounds
from campaigns.services.plan import (
    QUOTA_COUNT_LOW,
    QUOTA_PERCENT_HIGH,
    QUOTA_PERCENT_LOW,
    check_dues_inside,
    due_date_bounds,
)
from campaigns.services.reviews import RESULT_BOUNDS
from clusters.models import Cluster
from thiduakt.bounds import check_date, check_number
from thiduakt.forms import BootstrapMixin, DateInput, table_input
from thiduakt.imports import template_field, templates_for
from thiduakt.models import OrgUnit, Person
from thiduakt.pickers import person_picker, unit_picker
from thiduakt.services import DomainError
from thiduakt.text import LONG_TEXT_LENGTH, REASON_LENGTH, TEXT_LENGTH
from thiduakt.uploads import DOCUMENTS, UploadField


class TimeInput(forms.TimeInput):
    """A time typed as HH:MM on the 24-hour clock (a native picker shows AM/PM on English-language computers)."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "hh:mm", "inputmode": "numeric", "autocomplete": "off", "pattern": r"\d{1,2}:\d{2}"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%H:%M")


def active_units():
    return OrgUnit.objects.filter(valid_to__isnull=True).order_by("name")


class CampaignForm(BootstrapMixin, forms.ModelForm):
    document_upload = UploadField(label=_("Tệp văn bản phát động"), required=False, allow=DOCUMENTS)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "slogan",
            "purpose",
            "launcher",
            "launcher_unit",
            "document_number",
            "document_date",
            "parent",
            "kind",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "host_unit",
            "cooperating_units",
            "allows_nominee_registration",
            "report_frequency",
            "report_day",
            "remind_days_before",
            "dossier_deadline",
            "interim_review_on",
            "final_review_on",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "document_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "dossier_deadline": DateInput(),
            "interim_review_on": DateInput(),
            "final_review_on": DateInput(),
        }
        help_texts = {
            "start_time": _("Chỉ ghi với đợt cao điểm tính theo giờ (ví dụ 00:00)."),
            "end_time": _("Chỉ ghi với đợt cao điểm tính theo giờ."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("launcher_unit", "host_unit", "cooperating_units"):
            self.fields[name].queryset = active_units()
            unit_picker(self.fields[name], open_only=True)
        self.fields["parent"].queryset = Campaign.objects.filter(
            launcher__in=[Campaign.Launcher.PRIME_MINISTER, Campaign.Launcher.MINISTRY]
        ).order_by("name")
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        if data.get("launcher") == Campaign.Launcher.UNIT and not data.get("launcher_unit"):
            self.add_error("launcher_unit", _("Cần chọn đơn vị phát động."))
        if self.instance.pk and start and not self.errors:
            try:
                check_dues_inside(self.instance, start, end)
            except DomainError as exc:
                self.add_error("end_date", str(exc))
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("document_upload", None)
        data.pop("cooperating_units", None)
        return data


SCHEDULE_FIELDS = [
    "report_frequency",
    "report_day",
    "remind_days_before",
    "dossier_deadline",
    "interim_review_on",
    "final_review_on",
]


class CampaignGeneralForm(CampaignForm):
    """The set-up's first step: the plan without its schedule (the schedule has its own step)."""

    class Meta(CampaignForm.Meta):
        fields = [f for f in CampaignForm.Meta.fields if f not in SCHEDULE_FIELDS]


class CampaignScheduleForm(BootstrapMixin, forms.ModelForm):
    """The set-up's schedule step: report frequency and day, reminders, dossier deadline, planned reviews."""

    class Meta:
        model = Campaign
        fields = SCHEDULE_FIELDS
        widgets = {
            "dossier_deadline": DateInput(),
            "interim_review_on": DateInput(),
            "final_review_on": DateInput(),
        }

    def clean(self):
        data = super().clean()
        campaign = self.instance
        start = (campaign.start_date, _("ngày bắt đầu phong trào"))
        end = (campaign.end_date, _("ngày kết thúc phong trào"))
        check_number(self, "report_day", low=(1, _("ngày đầu tháng")), high=(28, _("ngày 28 (có trong mọi tháng)")))
        check_date(self, "dossier_deadline", after=start)
        check_date(self, "interim_review_on", after=start, before=end)
        check_date(self, "final_review_on", after=start)
        return data

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class GroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Tên nhóm đối tượng"), max_length=200)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_LENGTH
    )


class PhaseForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Tên giai đoạn"), max_length=200)
    start_date = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end_date = forms.DateField(label=_("Đến ngày"), widget=DateInput())


class CriterionForm(BootstrapMixin, forms.Form):
    indicator = forms.CharField(label=_("Chỉ tiêu"), max_length=300)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=60, required=False)
    target = forms.DecimalField(label=_("Chỉ tiêu kế hoạch"), max_digits=14, decimal_places=2, required=False)
    weight = forms.DecimalField(
        label=_("Trọng số (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100, initial=0
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm đối tượng"), queryset=ParticipantGroup.objects.none(), required=False, empty_label=_("Mọi đơn vị")
    )
    is_qualitative = forms.BooleanField(
        label=_("Tiêu chí định tính (không khuyến khích: không đo lường được)"), required=False
    )
    aggregation = forms.ChoiceField(
        label=_("Cách tổng hợp kết quả các đơn vị"),
        choices=[("", _("Theo đơn vị tính (% → trung bình, khác → tổng)")), *Criterion.Aggregation.choices],
        required=False,
    )
    target_scope = forms.ChoiceField(
        label=_("Chỉ tiêu kế hoạch áp dụng cho"),
        choices=Criterion.Scope.choices,
        initial=Criterion.Scope.PER_UNIT,
        required=False,
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = campaign.groups.all()

    def clean(self):
        data = super().clean()
        data["target_scope"] = data.get("target_scope") or Criterion.Scope.PER_UNIT
        if not data.get("is_qualitative"):
            if data.get("target") is None:
                self.add_error("target", _("Tiêu chí đo lường được cần chỉ tiêu (con số)."))
            if not (data.get("unit_of_measure") or "").strip():
                self.add_error("unit_of_measure", _("Cần đơn vị tính (ví dụ: km, hộ, %)."))
        return data


class QuotaForm(BootstrapMixin, forms.Form):
    award = forms.ChoiceField(label=_("Hình thức khen thưởng"))
    recipient = forms.ChoiceField(label=_("Đối tượng"), choices=AwardQuota.For.choices)
    max_per_unit = forms.IntegerField(label=_("Tối đa mỗi đơn vị"), required=False)
    max_percent = forms.DecimalField(label=_("Tối đa (% số tham gia)"), max_digits=7, decimal_places=2, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [(a.code, a.name) for a in Award.objects.order_by("name")]

    def clean(self):
        data = super().clean()
        check_number(self, "max_per_unit", low=QUOTA_COUNT_LOW)
        check_number(self, "max_percent", low=QUOTA_PERCENT_LOW, high=QUOTA_PERCENT_HIGH)
        if data.get("max_per_unit") is None and data.get("max_percent") is None and not self.errors:
            raise forms.ValidationError(_("Cần ghi số lượng tối đa mỗi đơn vị hoặc tỷ lệ tối đa."))
        return data


class ParticipantsForm(BootstrapMixin, forms.Form):
    HOW = [
        (Participant.Source.INDIVIDUAL, _("Chọn từng đơn vị")),
        (Participant.Source.KIND, _("Theo loại đơn vị")),
        (Participant.Source.CLUSTER, _("Theo cụm, khối thi đua")),
    ]
    how = forms.ChoiceField(label=_("Cách chọn"), choices=HOW, initial=Participant.Source.INDIVIDUAL)
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị"),
        queryset=OrgUnit.objects.none(),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=[("", "—"), *OrgUnit.Kind.choices], required=False)
    cluster = forms.ModelChoiceField(label=_("Cụm, khối"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Participant.Role.choices, initial=Participant.Role.PARTICIPANT)
    group = forms.ModelChoiceField(label=_("Nhóm đối tượng"), queryset=ParticipantGroup.objects.none(), required=False)

    def __init__(self, *args, campaign, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = active_units()
        unit_picker(self.fields["units"], open_only=True)
        self.fields["cluster"].queryset = Cluster.objects.filter(is_active=True)
        self.fields["group"].queryset = campaign.groups.all()

    def clean(self):
        data = super().clean()
        how = data.get("how")
        if how == Participant.Source.INDIVIDUAL and not data.get("units"):
            self.add_error("units", _("Chọn ít nhất một đơn vị."))
        if how == Participant.Source.KIND and not data.get("kind"):
            self.add_error("kind", _("Chọn loại đơn vị."))
        if how == Participant.Source.CLUSTER and not data.get("cluster"):
            self.add_error("cluster", _("Chọn cụm, khối thi đua."))
        return data


class DueForm(BootstrapMixin, forms.Form):
    due_on = forms.DateField(label=_("Hạn báo cáo"), widget=DateInput())
    label = forms.CharField(label=_("Kỳ báo cáo"), max_length=100, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean(self):
        data = super().clean()
        check_date(self, "due_on", **due_date_bounds(self.campaign))
        return data


class DueChangeForm(DueForm):
    """A fixed due date moved or renamed, with the reason kept in the campaign's history."""

    reason = forms.CharField(label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH)


class ReasonForm(BootstrapMixin, forms.Form):
    """The confirmation of a destructive action: its reason is required and kept in the history."""

    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH)


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH
    )


class ReviewForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Review.Kind.choices)
    held_on = forms.DateField(label=_("Ngày tổ chức"), widget=DateInput())
    summary = forms.CharField(
        label=_("Tóm tắt kết quả"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LENGTH
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or getattr(self, "review_kind", None)
        if kind:
            check_date(self, "held_on", **review_date_bounds(self.campaign, kind))
        return data


class ReviewChangeForm(ReviewForm):
    """A review's date or summary corrected, with the reason kept in its history."""

    reason = forms.CharField(label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, campaign=review.campaign, **kwargs)
        self.review_kind = review.kind
        del self.fields["kind"]


class AdjustForm(BootstrapMixin, forms.Form):
    percent = forms.DecimalField(label=_("Mức hoàn thành (%)"), max_digits=7, decimal_places=2)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=REASON_LENGTH)

    def clean(self):
        data = super().clean()
        check_number(self, "percent", **RESULT_BOUNDS)
        return data


class ProposalForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị trình"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=ReviewProposal.Kind.choices)
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=Person.objects.none(), required=False)
    nominee_unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=OrgUnit.objects.none(), required=False)
    award = forms.ChoiceField(label=_("Hình thức khen thưởng"))
    is_exemplar = forms.BooleanField(label=_("Điển hình tiên tiến"), required=False)
    summary = forms.CharField(
        label=_("Thành tích tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_LENGTH
    )
    quota_override_reason = forms.CharField(
        label=_("Lý do vượt số lượng (chỉ khi vượt số lượng kế hoạch cho phép)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LENGTH,
    )

    def __init__(self, *args, campaign, **kwargs):

        super().__init__(*args, **kwargs)

        unit_ids = list(campaign.participants.values_list("unit_id", flat=True))
        covered = subtree_ids(unit_ids)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=unit_ids).order_by("name")
        self.fields["nominee_unit"].queryset = active_units().filter(pk__in=covered)
        self.fields["person"].queryset = Person.objects.filter(unit_id__in=covered).order_by("sort_key")
        unit_picker(self.fields["unit"], participant_of=campaign.pk)
        unit_picker(self.fields["nominee_unit"], open_only=True, covered_by=campaign.pk)
        person_picker(self.fields["person"], covered_by=campaign.pk, add=True)
        quotas = campaign.quotas.select_related("award")
        awards = {q.award.code: q.award.name for q in quotas} or {
            a.code: a.name for a in Award.objects.order_by("name")
        }
        self.fields["award"].choices = sorted(awards.items(), key=lambda kv: kv[1])


class ImportForm(BootstrapMixin, forms.Form):
    upload = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind and templates_for(kind).exists():
            self.fields["template"] = template_field(kind)
            self.fields["template"].widget.attrs["class"] = "form-select"

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > settings.SPREADSHEET_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.SPREADSHEET_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class AttachmentForm(BootstrapMixin, forms.Form):
    upload = UploadField(label=_("Tệp đính kèm"), allow=DOCUMENTS, required=False)  # a report may have none


def decimal_field(label, required):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, required=required, min_value=0)


class CommitmentsForm(BootstrapMixin, forms.Form):
    """One target (and a note) per criterion that applies to the unit."""

    note = forms.CharField(
        label=_("Nội dung đăng ký"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_LENGTH
    )

    def __init__(self, *args, criteria, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_values = initial_values or {}
        for c in criteria:
            target, text = initial_values.get(c.pk, (c.target, ""))
            label = f"{c.indicator}" + (f" ({c.unit_of_measure})" if c.unit_of_measure else "")
            self.fields[f"target_{c.pk}"] = table_input(decimal_field(label, not c.is_qualitative), number=True)
            self.fields[f"target_{c.pk}"].initial = target
            self.fields[f"text_{c.pk}"] = table_input(
                forms.CharField(label=_("Ghi chú"), required=c.is_qualitative, max_length=500, initial=text)
            )
            if c.is_qualitative:
                self.fields[f"target_{c.pk}"].widget = forms.HiddenInput()
                self.fields[f"text_{c.pk}"].label = _("Cam kết: %(c)s") % {"c": c.indicator}

    def rows(self):
        return [(c, self[f"target_{c.pk}"], self[f"text_{c.pk}"]) for c in self.criteria]

    def commitments(self) -> dict:
        return {
            c.pk: (self.cleaned_data.get(f"target_{c.pk}"), self.cleaned_data.get(f"text_{c.pk}") or "")
            for c in self.criteria
        }


class RegistrationForm(CommitmentsForm):
    """Commitments, and the unit's individuals and collectives when the plan lets units register them."""

    def __init__(self, *args, criteria, unit_ids=None, unit=None, initial_people=(), initial_units=(), **kwargs):
        super().__init__(*args, criteria=criteria, **kwargs)
        self.with_nominees = unit_ids is not None
        if self.with_nominees:
            self.fields["people"] = forms.ModelMultipleChoiceField(
                label=_("Cá nhân đăng ký"),
                queryset=Person.objects.filter(unit_id__in=unit_ids).order_by("sort_key"),
                required=False,
                initial=list(initial_people),
            )
            self.fields["collectives"] = forms.ModelMultipleChoiceField(
                label=_("Tập thể đăng ký"),
                queryset=OrgUnit.objects.filter(pk__in=unit_ids).order_by("name"),
                required=False,
                initial=list(initial_units),
            )
            person_picker(self.fields["people"], within=unit, add=True)
            unit_picker(self.fields["collectives"], within=unit)

    def nominees(self) -> list[dict] | None:
        if not self.with_nominees:
            return None
        return [{"kind": "individual", "person": p, "unit": None} for p in self.cleaned_data["people"]] + [
            {"kind": "collective", "person": None, "unit": u} for u in self.cleaned_data["collectives"]
        ]


class ReportForm(CommitmentsForm):
    """Values per indicator (cumulative to date) and a narrative."""

    note = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 5}), max_length=LONG_TEXT_LENGTH
    )

    def __init__(self, *args, criteria, initial_values=None, **kwargs):
        super().__init__(*args, criteria=criteria, initial_values=initial_values or {}, **kwargs)
        for c in criteria:
            if not (initial_values or {}).get(c.pk):
                self.fields[f"target_{c.pk}"].initial = None
            self.fields[f"target_{c.pk}"].required = False
            self.fields[f"text_{c.pk}"].required = False
