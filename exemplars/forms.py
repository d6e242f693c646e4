"""Input forms of the exemplars app: they validate input only; services write."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Dossier
from campaigns.models import Campaign
from exemplars.honouree_import import HONOUREE_COLUMNS
from exemplars.models import Exemplar, ExemplarFile, Field, HonouringEvent, Kind, Stage
from exemplars.rules import officer_scope
from exemplars.services import EMPTY_SUMMARY, fostering_bounds, has_words, replication_bounds, review_bounds
from thiduakt.bounds import check_date
from thiduakt.forms import BootstrapMixin, DateInput, localize_numbers
from thiduakt.imports import templates_for
from thiduakt.models import ImportTemplate, OrgUnit, Person
from thiduakt.pickers import person_picker, unit_picker
from thiduakt.text import LONG_TEXT_LENGTH, REASON_LENGTH, SEARCH_LENGTH, TEXT_LENGTH
from thiduakt.uploads import DOCUMENTS, IMAGES, SPREADSHEETS, UploadError, UploadField, check_upload


def _campaign_queryset():
    return Campaign.objects.order_by("-start_date", "name")


def units_for(user):
    units = OrgUnit.objects.filter(valid_to__isnull=True)
    if user.is_department_staff or user.is_superuser:
        return units
    return units.filter(pk__in=officer_scope(user))


class ExemplarCreateForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đề xuất, theo dõi"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=Kind.choices)
    person = forms.ModelChoiceField(
        label=_("Cá nhân"), queryset=Person.objects.none(), required=False, help_text=_("Với điển hình cá nhân.")
    )
    collective = forms.ModelChoiceField(
        label=_("Tập thể"), queryset=OrgUnit.objects.none(), required=False, help_text=_("Với điển hình tập thể.")
    )
    household_name = forms.CharField(
        label=_("Tên hộ gia đình"), max_length=200, required=False, help_text=_("Với điển hình hộ gia đình.")
    )
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True))
    campaign = forms.ModelChoiceField(label=_("Phong trào thi đua"), queryset=None, required=False)
    headline = forms.CharField(label=_("Thành tích, mô hình tiêu biểu"), max_length=300)
    story = forms.CharField(
        label=_("Câu chuyện điển hình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Có thể dùng thẻ HTML đơn giản (đoạn, đậm, nghiêng, danh sách, liên kết); mọi mã khác bị loại bỏ."),
        max_length=LONG_TEXT_LENGTH,
    )
    discovered_by = forms.CharField(label=_("Người, đơn vị phát hiện"), max_length=200)
    discovered_on = forms.DateField(label=_("Ngày phát hiện"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user)
        self.fields["unit"].queryset = units
        province_wide = user.is_department_staff or user.is_superuser
        self.fields["collective"].queryset = OrgUnit.objects.all() if province_wide else units
        people = Person.objects.select_related("unit")
        if not province_wide:
            people = people.filter(unit_id__in=officer_scope(user))
        self.fields["person"].queryset = people
        within = None if province_wide else user.unit_id
        unit_picker(self.fields["unit"], within=within, open_only=True)
        unit_picker(self.fields["collective"], within=within, open_only=not province_wide)
        person_picker(self.fields["person"], within=within, add=True)
        self.fields["campaign"].queryset = _campaign_queryset()
        if user.unit_id and not self.is_bound:
            self.initial.setdefault("unit", user.unit_id)
        self.initial.setdefault("discovered_on", timezone.localdate())

    def start_from(self, proposal) -> None:
        """Fill the form from an exemplar proposed at a campaign review (``campaigns.ReviewProposal``)."""
        review = proposal.review
        self.initial.update(
            {
                "unit": proposal.unit_id,
                "kind": proposal.kind,
                "person": proposal.person_id,
                "collective": proposal.nominee_unit_id,
                "campaign": review.campaign_id,
                "headline": (proposal.summary or proposal.nominee_name)[:300],
                "discovered_by": _("%(review)s phong trào “%(c)s”")
                % {"review": review.get_kind_display(), "c": review.campaign.name},
                "discovered_on": review.held_on,
            }
        )
        self.initial["discovered_by"] = self.initial["discovered_by"][:200]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.INDIVIDUAL and not data.get("person"):
            self.add_error("person", _("Chọn cá nhân."))
        if kind == Kind.COLLECTIVE and not data.get("collective"):
            self.add_error("collective", _("Chọn tập thể."))
        if kind == Kind.HOUSEHOLD and not (data.get("household_name") or "").strip():
            self.add_error("household_name", _("Ghi tên hộ gia đình."))
        # Only the nominee of the chosen kind is kept.
        if kind != Kind.INDIVIDUAL:
            data["person"] = None
        if kind != Kind.COLLECTIVE:
            data["collective"] = None
        if kind != Kind.HOUSEHOLD:
            data["household_name"] = ""
        if data.get("discovered_on") and data["discovered_on"] > timezone.localdate():
            self.add_error("discovered_on", _("Ngày phát hiện không được sau hôm nay."))
        return data


class ExemplarUpdateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Exemplar
        fields = ["field", "campaign", "headline", "story", "discovered_by", "discovered_on"]
        widgets = {"discovered_on": DateInput(), "story": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.filter(is_active=True)
        self.fields["campaign"].queryset = _campaign_queryset()


class MoveForm(BootstrapMixin, forms.Form):
    to = forms.ChoiceField(choices=[(s, s.label) for s in (Stage.FOSTERED, Stage.REVIEWED, Stage.REPLICATED)])
    reason = forms.CharField(
        label=_("Lý do, căn cứ"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH
    )
    review_text = forms.CharField(
        label=_("Tổng kết mô hình, kinh nghiệm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_LENGTH,
    )
    reviewed_on = forms.DateField(label=_("Ngày tổng kết"), required=False, widget=DateInput())

    def __init__(self, *args, exemplar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exemplar = exemplar

    def clean(self):
        data = super().clean()
        if self.exemplar is not None and data.get("to") == Stage.REVIEWED:
            check_date(self, "reviewed_on", **review_bounds(self.exemplar))
        return data


class DropForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do dừng theo dõi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH
    )


class PublishForm(BootstrapMixin, forms.Form):
    public_summary = forms.CharField(
        label=_("Nội dung được duyệt công bố"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Trang công khai chỉ hiện tên, lĩnh vực, đơn vị, thành tích tiêu biểu, nội dung này và ảnh được chọn."
        ),
        max_length=TEXT_LENGTH,
    )
    photos = forms.ModelMultipleChoiceField(
        label=_("Ảnh được công bố"),
        queryset=ExemplarFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, exemplar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].queryset = exemplar.files.filter(kind=ExemplarFile.FileKind.PHOTO)
        self.initial.setdefault("public_summary", exemplar.public_summary or exemplar.headline)

    def clean_public_summary(self):
        text = self.cleaned_data["public_summary"]
        if not has_words(text):
            raise forms.ValidationError(EMPTY_SUMMARY)
        return text


class CancelForm(BootstrapMixin, forms.Form):
    """Why a record made by mistake is removed (kept in the exemplar's history)."""

    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH)


class UnpublishForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do thôi công bố"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH
    )


class FosteringForm(BootstrapMixin, forms.Form):
    """Dated from the exemplar's discovery on, not after today."""

    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    responsible_unit = forms.ModelChoiceField(
        label=_("Đơn vị phụ trách"), queryset=OrgUnit.objects.filter(valid_to__isnull=True)
    )
    description = forms.CharField(
        label=_("Nội dung bồi dưỡng"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_LENGTH
    )

    def __init__(self, *args, exemplar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exemplar = exemplar
        unit_picker(self.fields["responsible_unit"], open_only=True)

    def clean(self):
        data = super().clean()
        if self.exemplar is not None:
            check_date(self, "date", **fostering_bounds(self.exemplar))
        return data


class ReplicationForm(BootstrapMixin, forms.Form):
    adopting_unit = forms.ModelChoiceField(
        label=_("Đơn vị áp dụng"), queryset=OrgUnit.objects.filter(valid_to__isnull=True)
    )
    adopted_on = forms.DateField(label=_("Áp dụng từ ngày"), widget=DateInput())
    results = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_LENGTH)

    def __init__(self, *args, exemplar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exemplar = exemplar
        unit_picker(self.fields["adopting_unit"], open_only=True)

    def clean(self):
        data = super().clean()
        if self.exemplar is not None:
            check_date(self, "adopted_on", **replication_bounds(self.exemplar))
        return data


class FileForm(BootstrapMixin, forms.Form):
    """A photo (checked against ``IMAGES``) or a document (``DOCUMENTS``), as the chosen kind says."""

    kind = forms.ChoiceField(label=_("Loại"), choices=ExemplarFile.FileKind.choices)
    file = forms.FileField(
        label=_("Tệp"),
        widget=forms.ClearableFileInput(attrs={"accept": f"{IMAGES.accept},{DOCUMENTS.accept}"}),
        help_text=lazy(
            lambda: (
                _("Ảnh: %(images)s. Tài liệu: %(documents)s. Tối đa %(mb)s MB.")
                % {"images": IMAGES.labels(), "documents": DOCUMENTS.labels(), "mb": settings.UPLOAD_MAX_BYTES >> 20}
            ),
            str,
        )(),
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload and kind:
            allow = IMAGES if kind == ExemplarFile.FileKind.PHOTO else DOCUMENTS
            try:
                check_upload(upload, allow=allow)
            except UploadError as exc:
                self.add_error("file", str(exc))
        return data


class EventForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = HonouringEvent
        fields = ["title", "kind", "date", "organiser", "place", "occasion", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = OrgUnit.objects.filter(valid_to__isnull=True)
        unit_picker(self.fields["organiser"], open_only=True)


class HonourForm(BootstrapMixin, forms.Form):
    exemplar = forms.ModelChoiceField(label=_("Điển hình"), queryset=Exemplar.objects.none())
    citation = forms.CharField(label=_("Nội dung biểu dương"), max_length=500, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["exemplar"]
        # Offered: the exemplars followed and not yet on the list. Accepted: any exemplar, so that one sent
        # twice (two tabs, a double click) or dropped meanwhile reaches the service, which says why it is
        # refused ("đã có trong danh sách"), rather than the form's "not one of the choices".
        field.queryset = Exemplar.objects.order_by("name")
        offered = forms.ModelChoiceField(
            queryset=field.queryset.exclude(stage=Stage.DROPPED).exclude(honours__event=event)
        )
        field.widget.choices = offered.choices


class EventDocumentForm(BootstrapMixin, forms.Form):
    file = UploadField(label=_("Tệp"), allow=DOCUMENTS)
    caption = forms.CharField(label=_("Chú thích"), max_length=300, required=False)


class HonoureeUploadForm(BootstrapMixin, forms.Form):
    """The list of an event's honourees (xlsx), with the field of the exemplars it creates when it names none."""

    file = UploadField(label=_("Tệp Excel (.xlsx) danh sách điển hình được biểu dương"), allow=SPREADSHEETS)
    default_field = forms.ModelChoiceField(
        label=_("Lĩnh vực cho điển hình mới"),
        queryset=Field.objects.filter(is_active=True),
        required=False,
        help_text=_("Dùng cho các dòng không ghi lĩnh vực mà chưa có điển hình trong sổ theo dõi."),
    )
    template = forms.ModelChoiceField(
        label=_("Đọc cột theo mẫu đã lưu"), queryset=ImportTemplate.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(HONOUREE_COLUMNS.kind)


class FilterForm(forms.Form):
    """The register's filters; invalid values are ignored rather than failing the page."""

    q = forms.CharField(required=False, label=_("Tìm"), max_length=SEARCH_LENGTH)
    stage = forms.ChoiceField(required=False, choices=[("", _("Mọi giai đoạn")), *Stage.choices])
    field = forms.ModelChoiceField(required=False, queryset=Field.objects.all(), empty_label=_("Mọi lĩnh vực"))
    unit = forms.ModelChoiceField(required=False, queryset=OrgUnit.objects.none(), empty_label=_("Mọi đơn vị"))
    campaign = forms.ModelChoiceField(required=False, queryset=None, empty_label=_("Mọi phong trào"))
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        self.fields["campaign"].queryset = _campaign_queryset()
        localize_numbers(self.fields)  # the year box: a text box with a numeric keyboard, shown 2024
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css
        province_wide = user.is_department_staff or user.is_superuser
        unit_picker(self.fields["unit"], within=None if province_wide else user.unit_id, open_only=True)

    def values(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v not in (None, "")}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AwardProposalForm(BootstrapMixin, forms.Form):
    award = forms.ModelChoiceField(label=_("Danh hiệu, hình thức khen thưởng"), queryset=None)
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    round_kind = forms.ChoiceField(label=_("Đợt xét"), choices=[])
    summary = forms.CharField(
        label=_("Tóm tắt thành tích"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LENGTH
    )

    def __init__(self, *args, exemplar, **kwargs):
        super().__init__(*args, **kwargs)
        flag = {Kind.INDIVIDUAL: "for_individual", Kind.COLLECTIVE: "for_collective", Kind.HOUSEHOLD: "for_household"}
        today = timezone.localdate()
        self.fields["award"].queryset = (
            Award.objects.filter(**{flag[exemplar.kind]: True})
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("order", "name")
        )
        self.fields["round_kind"].choices = [
            (Dossier.RoundKind.YEARLY, Dossier.RoundKind.YEARLY.label),
            (Dossier.RoundKind.SUDDEN, Dossier.RoundKind.SUDDEN.label),
        ]
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("summary", exemplar.headline)
