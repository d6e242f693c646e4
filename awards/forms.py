"""Forms of awards: they validate input only; every write goes through ``awards.services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.decision_numbers import parse_query
from awards.models import (
    AchievementConfirmation,
    Award,
    CentralItem,
    CouncilTerm,
    Decision,
    DisciplineRecord,
    DocumentKind,
    Dossier,
    Initiative,
    Meeting,
    Nomination,
    PendingMatter,
    RecipientKind,
    TaskRating,
)
from awards.models.dossiers import ATTACHMENT_FILES
from awards.services.dossiers import BIRTH_YEAR_MIN
from awards.services.evidence import EVIDENCE_REASON_LENGTH, evidence_errors
from thiduakt.bounds import check_date, check_year, current_year
from thiduakt.forms import BootstrapMixin, DateInput
from thiduakt.imports import template_field, templates_for
from thiduakt.models import ImportTemplate, OrgUnit, Person
from thiduakt.pickers import person_picker, unit_picker
from thiduakt.selectors import unit_descendant_ids
from thiduakt.text import REASON_LENGTH, SEARCH_LENGTH, TEXT_LENGTH
from thiduakt.uploads import SPREADSHEETS, UploadField


def _year_choices():
    """The years a dossier may be for: achievements of this year or the five before, never of a year to come."""
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this, this - 6, -1)]


def default_dossier_year(today=None) -> int:
    """The year whose achievements a new dossier most likely proposes.

    Units review their year in December and send the year's dossiers until the
    first quarter of the next (the submission deadlines of awards/reference.py fall
    in January–March), so from January to March a new dossier is for last year.
    """
    today = today or timezone.localdate()
    return today.year - 1 if today.month <= 3 else today.year


class DossierCreateForm(BootstrapMixin, forms.Form):
    round_kind = forms.ChoiceField(label=_("Đợt xét"), choices=Dossier.RoundKind.choices)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=_year_choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = default_dossier_year()


class DossierEditForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Dossier
        fields = [
            "title",
            "letter_number",
            "letter_date",
            "council_meeting_date",
            "council_members_total",
            "council_members_present",
            "council_votes_for",
        ]
        widgets = {"letter_date": DateInput(), "council_meeting_date": DateInput()}

    def clean(self):
        data = super().clean()
        total, votes, present = (
            data.get("council_members_total"),
            data.get("council_votes_for"),
            data.get("council_members_present"),
        )
        if total is not None and votes is not None and votes > total:
            self.add_error("council_votes_for", _("Số phiếu đồng ý không thể lớn hơn tổng số thành viên."))
        if total is not None and present is not None and present > total:
            self.add_error("council_members_present", _("Số người dự họp không thể lớn hơn tổng số thành viên."))
        if present is not None and votes is not None and votes > present:
            self.add_error("council_votes_for", _("Số phiếu đồng ý không thể lớn hơn số thành viên dự họp."))
        check_date(self, "letter_date", not_future=True)
        check_date(
            self,
            "council_meeting_date",
            not_future=True,
            before=(data.get("letter_date"), _("ngày tờ trình của đơn vị")),
        )
        return data

    def _post_clean(self):
        # The model instance is changed by the service, not by the form.
        pass


class NominationAddForm(BootstrapMixin, forms.Form):
    """One nominee: a person of the registry or a new one, a collective, or a household."""

    kind = forms.ChoiceField(label=_("Đối tượng"), choices=RecipientKind.choices, initial=RecipientKind.INDIVIDUAL)
    person = forms.ModelChoiceField(label=_("Cá nhân có trong danh bạ"), queryset=Person.objects.none(), required=False)
    new_full_name = forms.CharField(label=_("hoặc cá nhân mới: họ và tên"), max_length=150, required=False)
    new_gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Person.Gender.choices], required=False)
    new_birth_year = forms.IntegerField(label=_("Năm sinh"), required=False)
    new_position = forms.CharField(label=_("Chức vụ, chức danh"), max_length=200, required=False)
    collective = forms.ModelChoiceField(label=_("Tập thể"), queryset=OrgUnit.objects.none(), required=False)
    household_name = forms.CharField(label=_("Hộ gia đình (ví dụ: Hộ ông Võ Văn Đức)"), max_length=200, required=False)
    award = forms.ModelChoiceField(label=_("Khen thưởng đề nghị"), queryset=Award.objects.all())
    summary = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LENGTH
    )
    quota_reason = forms.CharField(
        label=_("Lý do vượt chỉ tiêu (chỉ cán bộ Sở Nội vụ, khi đề nghị vượt chỉ tiêu)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LENGTH,
        required=False,
    )

    def __init__(self, *args, unit: OrgUnit, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["quota_reason"]
        scope = unit_descendant_ids(unit)
        self.fields["person"].queryset = Person.objects.filter(unit_id__in=scope).select_related("unit")
        self.fields["collective"].queryset = OrgUnit.objects.filter(pk__in=scope, valid_to__isnull=True)
        person_picker(self.fields["person"], within=unit, add=True)
        unit_picker(self.fields["collective"], within=unit, open_only=True)
        self.fields["award"].queryset = Award.objects.order_by("order")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == RecipientKind.INDIVIDUAL:
            if not data.get("person") and not (data.get("new_full_name") or "").strip():
                self.add_error("person", _("Chọn một cá nhân trong danh bạ hoặc ghi họ tên cá nhân mới."))
            if not data.get("person") and (data.get("new_full_name") or "").strip() and not data.get("new_gender"):
                self.add_error("new_gender", _("Cần chọn giới tính của cá nhân mới."))
        elif kind == RecipientKind.COLLECTIVE and not data.get("collective"):
            self.add_error("collective", _("Chọn tập thể được đề nghị."))
        elif kind == RecipientKind.HOUSEHOLD and not (data.get("household_name") or "").strip():
            self.add_error("household_name", _("Ghi tên hộ gia đình."))
        check_year(self, "new_birth_year", low=BIRTH_YEAR_MIN, high=current_year())
        award = data.get("award")
        if award and kind and not award.is_for(kind):
            self.add_error("award", _("%(award)s không dành cho đối tượng này.") % {"award": award.name})
        return data


class NominationEditForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LENGTH
    )
    member_count = forms.IntegerField(label=_("Số thành viên tập thể"), min_value=1, required=False)


class AttachmentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    nomination = forms.ModelChoiceField(
        label=_("Của đối tượng"),
        queryset=Nomination.objects.none(),
        required=False,
        empty_label=_("(Cả hồ sơ)"),
        error_messages={
            "invalid_choice": _("Đối tượng này không còn trong hồ sơ (đã bị bỏ ở một trang khác); hãy tải lại trang.")
        },
    )
    file = UploadField(label=_("Tệp"), allow=ATTACHMENT_FILES)

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["nomination"]
        # Offered: the nominees still in the dossier. Accepted: any of its nominees, so that one withdrawn meanwhile
        # (in another tab) reaches the service, which says so, rather than the form's "not one of the choices".
        field.queryset = dossier.nominations.select_related("award")  # its label names the award
        field.label_from_instance = lambda n: f"{n.nominee_name} – {n.award.name}"
        offered = forms.ModelChoiceField(
            queryset=field.queryset.exclude(status=Nomination.Status.WITHDRAWN), empty_label=field.empty_label
        )
        offered.label_from_instance = field.label_from_instance
        field.widget.choices = offered.choices


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AppraiseForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Đạt")), ("reject", _("Không đạt"))])
    reason = forms.CharField(
        label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Cần ghi lý do không đạt."))
        return data


class DossierFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=SEARCH_LENGTH)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả")), *Dossier.Status.choices], required=False
    )
    round_kind = forms.ChoiceField(
        label=_("Đợt xét"), choices=[("", _("Tất cả")), *Dossier.RoundKind.choices], required=False
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(), required=False)
    overdue = forms.BooleanField(
        label=_("Chỉ hồ sơ quá hạn thẩm định"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, show_unit: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if show_unit:
            # Any unit of the registry (a picker searches it); one without dossiers simply lists none.
            self.fields["unit"].queryset = OrgUnit.objects.all()
            unit_picker(self.fields["unit"])
        else:
            del self.fields["unit"]


class LookupForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Họ tên hoặc tên tập thể"), required=False, max_length=100)
    unit = forms.CharField(label=_("Đơn vị"), required=False, max_length=100)
    number = forms.CharField(
        label=_("Số quyết định"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("01/QĐ-UBND, 01/2026, QĐ 01")}),
    )
    award = forms.ChoiceField(label=_("Khen thưởng"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [("", _("Tất cả")), *Award.objects.order_by("order").values_list("code", "name")]

    def clean_number(self):
        """The decision number asked for (``NumberQuery``), or None."""
        text = self.cleaned_data["number"].strip()
        if not text:
            return None
        number = parse_query(text)
        if number is None:
            raise forms.ValidationError(_("Số quyết định không đúng dạng; ví dụ 01/QĐ-UBND, 01/2026, QĐ 01, số 1."))
        return number

    def clean(self):
        """A decision number typed in the name box ("01/QĐ-UBND", "số 1") is looked up as a number."""
        data = super().clean()
        if not data.get("number") and (number := parse_query(data.get("q") or "")):
            data["number"], data["q"] = number, ""
        return data


class PublicCommentForm(BootstrapMixin, forms.Form):
    author_name = forms.CharField(label=_("Họ tên (không bắt buộc)"), max_length=150, required=False)
    contact = forms.CharField(label=_("Địa chỉ liên hệ (không bắt buộc)"), max_length=200, required=False)
    body = forms.CharField(label=_("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class HistoryImportForm(BootstrapMixin, forms.Form):
    file = UploadField(label=_("Tệp Excel (.xlsx)"), allow=SPREADSHEETS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"] = template_field("awards.history")
        self.fields["template"].widget.attrs["class"] = "form-select"


class NomineeImportForm(BootstrapMixin, forms.Form):
    """The nominee list of a dossier, and optionally a saved way of reading its columns."""

    file = UploadField(label=_("Tệp Excel (.xlsx)"), allow=SPREADSHEETS)
    template = forms.ModelChoiceField(
        label=_("Đọc cột theo mẫu đã lưu"),
        queryset=ImportTemplate.objects.none(),
        required=False,
        empty_label=_("(Tự nhận biết theo tên cột)"),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(kind)


# ---------------------------------------------------------------------------
# Council, decisions, forwarding to central level
# ---------------------------------------------------------------------------


class MeetingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["term", "title", "date", "kind", "location"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = CouncilTerm.objects.order_by("-valid_from")
        self.fields["term"].empty_label = None


class DecisionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "subject",
            "issuer_parent",
            "issuer_name",
            "issuer",
            "issuer_code",
            "place",
            "legal_bases",
            "proposal",
            "proposal_number",
            "proposal_date",
            "executors",
            "signer_authority",
            "signer_title",
            "signer_name",
            "copy_recipients",
        ]
        widgets = {
            "proposal_date": DateInput(),
            "legal_bases": forms.Textarea(attrs={"rows": 5}),
            "executors": forms.Textarea(attrs={"rows": 3}),
            "copy_recipients": forms.Textarea(attrs={"rows": 4}),
        }


class SignForm(BootstrapMixin, forms.Form):
    """The signing as the văn thư recorded it: the date, and the number of its register when it gave one (empty:
    the app gives the next number of the series); a number reserved out of order needs the reason."""

    decision_date = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    register_number = forms.CharField(
        label=_("Số do văn thư cấp"),
        required=False,
        max_length=60,
        help_text=_("Ví dụ 12/QĐ-UBND. Để trống: hệ thống cấp số tiếp theo của sổ."),
    )
    out_of_order_reason = forms.CharField(
        label=_("Lý do số giữ trước, ký lùi ngày"),
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ khi ngày ký trước ngày của số trước trong sổ."),
    )

    def clean(self):
        data = super().clean()
        check_date(self, "decision_date", not_future=True)  # the order in its series: the service, under the lock
        return data


class AmendForm(BootstrapMixin, forms.Form):
    purpose = forms.ChoiceField(
        label=_("Loại quyết định"),
        choices=[
            (Decision.Purpose.CORRECTION, Decision.Purpose.CORRECTION.label),
            (Decision.Purpose.REVOCATION, Decision.Purpose.REVOCATION.label),
        ],
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_LENGTH)
    recipients = forms.ModelMultipleChoiceField(
        label=_("Các dòng được đính chính, hủy bỏ"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = decision.recipients.order_by("recipient_kind", "sort_key")


class CentralForwardForm(BootstrapMixin, forms.Form):
    letter_number = forms.CharField(label=_("Số tờ trình"), max_length=60)
    letter_date = forms.DateField(label=_("Ngày tờ trình"), widget=DateInput())
    addressee = forms.CharField(label=_("Kính gửi"), max_length=200, initial="Thủ tướng Chính phủ")

    def clean(self):
        data = super().clean()
        check_date(self, "letter_date", not_future=True)
        return data


class CentralResultForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[(CentralItem.Result.AWARDED, _("Được khen thưởng")), (CentralItem.Result.NOT_AWARDED, _("Không"))],
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        check_date(self, "decision_date", not_future=True)  # not before the province's letter: the service
        return data


# ---------------------------------------------------------------------------
# Evidence the eligibility check reads (staff): ratings, initiatives, discipline, matters, confirmations
# ---------------------------------------------------------------------------


class EvidenceForm(BootstrapMixin, forms.ModelForm):
    """A record of evidence: the model's fields with their Vietnamese labels, the dates checked against their
    neighbours and today (``awards.services.evidence_errors``, which the service checks again); editing asks
    for the reason kept in the history."""

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["reason"] = forms.CharField(
                label=_("Lý do sửa (ghi vào lịch sử thay đổi)"), max_length=EVIDENCE_REASON_LENGTH
            )

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) for name in self._meta.fields if name not in self.errors}
        for field, message in evidence_errors(self._meta.model, values).items():
            self.add_error(field if field in self.fields else None, message)
        return data

    def _post_clean(self):
        # The service writes the record (and runs the model's checks); the form only validates input.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _note_field():
    return forms.CharField(
        label=_("Ghi chú"), max_length=REASON_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskRatingForm(EvidenceForm):
    note = _note_field()

    class Meta:
        model = TaskRating
        fields = ["year", "rating", "basis", "note"]


class InitiativeForm(EvidenceForm):
    class Meta:
        model = Initiative
        fields = ["title", "level", "year", "decision_number"]


class DisciplineForm(EvidenceForm):
    class Meta:
        model = DisciplineRecord
        fields = ["level", "year", "decision_number", "effective_from", "served_until"]
        widgets = {"effective_from": DateInput(), "served_until": DateInput()}


class PendingMatterForm(EvidenceForm):
    note = _note_field()

    class Meta:
        model = PendingMatter
        fields = ["kind", "started_on", "basis", "note", "ended_on", "outcome"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


class PendingMatterCloseForm(BootstrapMixin, forms.Form):
    ended_on = forms.DateField(label=_("Ngày kết thúc (ngày có kết luận)"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Kết luận"),
        choices=[
            (PendingMatter.Outcome.NO_VIOLATION, PendingMatter.Outcome.NO_VIOLATION.label),
            (PendingMatter.Outcome.VIOLATION, PendingMatter.Outcome.VIOLATION.label),
        ],
    )
    reason = forms.CharField(
        label=_("Văn bản kết luận, ghi chú (ghi vào lịch sử thay đổi)"),
        max_length=EVIDENCE_REASON_LENGTH - 100,  # room for the outcome's label before it
        required=False,
    )

    def __init__(self, *args, matter: PendingMatter, **kwargs):
        super().__init__(*args, **kwargs)
        self.matter = matter

    def clean(self):
        data = super().clean()
        values = {
            "started_on": self.matter.started_on,
            "ended_on": data.get("ended_on"),
            "outcome": data.get("outcome"),
        }
        for field, message in evidence_errors(PendingMatter, values).items():
            self.add_error(field if field in self.fields else None, message)
        return data


class ConfirmationForm(EvidenceForm):
    note = _note_field()

    class Meta:
        model = AchievementConfirmation
        fields = ["fact", "basis", "note"]

    def __init__(self, *args, asked: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if asked:  # the facts the nominee's rule set asks for first, marked
            choices = [c for c in self.fields["fact"].choices if c[0]]
            first = [(v, _("%(label)s (bộ tiêu chuẩn yêu cầu)") % {"label": lbl}) for v, lbl in choices if v in asked]
            self.fields["fact"].choices = [("", "—"), *first, *[(v, lbl) for v, lbl in choices if v not in asked]]


class EvidenceCancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy (ghi vào lịch sử thay đổi)"), max_length=EVIDENCE_REASON_LENGTH)


class EvidenceSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Họ tên cá nhân hoặc tên, mã tập thể"), max_length=SEARCH_LENGTH, required=False)


class LineSearchForm(BootstrapMixin, forms.Form):
    """The search within a decision's lines (name, position or unit; with or without diacritics)."""

    q = forms.CharField(label=_("Tìm trong danh sách"), required=False, max_length=SEARCH_LENGTH)
