from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Agreement, Cluster, ClusterDocument, Criterion, CriterionGroup, Membership, TieBreak
from clusters.services.common import agreement_window, meeting_window
from clusters.services.scoring import SCORE_NOTE_LENGTH, points_problem
from thiduakt.bounds import check_date, check_number, check_year, current_year
from thiduakt.forms import BootstrapMixin, DateInput, YearField, table_input
from thiduakt.imports import templates_for
from thiduakt.models import ImportTemplate, OrgUnit
from thiduakt.pickers import unit_picker
from thiduakt.selectors import unit_label, units_as_of
from thiduakt.text import REASON_LENGTH, TEXT_LENGTH
from thiduakt.uploads import DOCUMENTS, SPREADSHEETS, UploadField


def units_in_year(year: int):
    """The units in force at some time in ``year`` (a unit closed before it, or opened after it, is not)."""
    return units_as_of(date(year, 1, 1), until=date(year, 12, 31)).order_by("name")


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker that marks a closed unit: "… (đã sáp nhập vào …)"."""

    def label_from_instance(self, obj):
        return unit_label(obj)


def _file_field(label, required=False):
    return UploadField(label=label, required=required, allow=DOCUMENTS)


class ClusterForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "kind", "description", "rotation_rule"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class YearCreateForm(BootstrapMixin, forms.Form):
    """Open a year: the units offered are those in force in that year (``year``: the one posted, or proposed)."""

    year = YearField(label=_("Năm"), min_value=2000, max_value=2100)
    units = forms.ModelMultipleChoiceField(
        label=_("Thêm đơn vị thành viên"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_(
            "Thành viên năm trước được chuyển sang. Đơn vị đã ngừng hoạt động (sáp nhập, sắp xếp) không chuyển "
            "tự động: bước sau đề xuất đơn vị kế thừa để cán bộ xác nhận."
        ),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered_year = year
        self.fields["units"].queryset = units_in_year(year)
        unit_picker(self.fields["units"], year=year)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year and year != self.offered_year:
            outside = [u.name for u in data.get("units", []) if not units_in_year(year).filter(pk=u.pk).exists()]
            if outside:
                self.add_error(
                    "units",
                    _("Không hoạt động trong năm %(year)s: %(units)s.") % {"year": year, "units": ", ".join(outside)},
                )
        return data


class SuccessorForm(BootstrapMixin, forms.Form):
    """The second step of opening a year after a merger: for each member of the year before that closed,
    its successors under the unit registry, checked; staff keep, uncheck or add others (the year form's
    units). ``shown`` holds the closed units the page listed: if they changed meanwhile, nothing is written."""

    shown = forms.CharField(widget=forms.HiddenInput, max_length=REASON_LENGTH)

    def __init__(self, *args, closed: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.closed = closed
        self.ids = ",".join(str(item.membership.unit_id) for item in closed)
        self.fields["shown"].initial = self.ids
        self.rows = []
        for item in closed:  # the proposed successors are in force on 1 January of the year, in proposed order
            name = f"keep_{item.membership.unit_id}"
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=_("Đơn vị kế thừa của %(unit)s") % {"unit": item.membership.unit.name},
                choices=[(u.pk, u.name) for u in item.proposed],
                coerce=int,
                initial=[u.pk for u in item.proposed],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.rows.append((item, self[name]))

    def clean_shown(self):
        if self.cleaned_data["shown"] != self.ids:
            raise forms.ValidationError(
                _("Danh sách đơn vị đã ngừng hoạt động đã thay đổi; hãy xem lại đề xuất đơn vị kế thừa.")
            )
        return self.cleaned_data["shown"]

    def successors(self) -> dict[int, list[OrgUnit]]:
        """Each closed unit's id → the successors kept, in the proposed order (the one it merged into first)."""
        result = {}
        for item, _bound in self.rows:
            kept = set(self.cleaned_data.get(f"keep_{item.membership.unit_id}", []))
            result[item.membership.unit_id] = [u for u in item.proposed if u.pk in kept]
        return result


class YearConfigureForm(BootstrapMixin, forms.Form):
    """``table_min``: the sum of the criteria already in the table, below which the declared maximum cannot go."""

    table_max = forms.DecimalField(
        label=_("Tổng điểm tối đa của bảng chấm điểm"),
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_("Theo quy chế chấm điểm của cụm (thường 100 điểm); để trống thì giữ nguyên."),
    )
    flag_count = forms.IntegerField(label=_("Số đơn vị đề nghị Cờ thi đua của UBND tỉnh"), min_value=0, max_value=10)
    commendation_count = forms.IntegerField(
        label=_("Số đơn vị đề nghị Bằng khen của Chủ tịch UBND tỉnh"), min_value=0, max_value=20
    )
    tie_break_1 = forms.ChoiceField(
        label=_("Quy tắc phân định 1"), choices=[("", "—"), *TieBreak.choices], required=False
    )
    tie_break_2 = forms.ChoiceField(
        label=_("Quy tắc phân định 2"), choices=[("", "—"), *TieBreak.choices], required=False
    )
    tie_break_3 = forms.ChoiceField(
        label=_("Quy tắc phân định 3"), choices=[("", "—"), *TieBreak.choices], required=False
    )

    def __init__(self, *args, table_min=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.table_min = table_min

    def clean(self):
        data = super().clean()
        check_number(self, "table_max", low=(Decimal("0.01"), _("mức tối thiểu")))
        check_number(self, "table_max", low=(self.table_min, _("tổng điểm tối đa các tiêu chí đã có")))
        rules = [data.get(f"tie_break_{i}") for i in (1, 2, 3) if data.get(f"tie_break_{i}")]
        if len(rules) != len(set(rules)):
            raise forms.ValidationError(_("Mỗi quy tắc chỉ chọn một lần."))
        data["tie_break"] = rules
        return data


class MemberAddForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_year(year)
        self.fields["unit"].widget.attrs["aria-label"] = _("Đơn vị")
        unit_picker(self.fields["unit"], year=year)


class MemberRoleForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.all())
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class DocumentForm(BootstrapMixin, forms.ModelForm):
    upload = _file_field(_("Tệp"), required=True)

    class Meta:
        model = ClusterDocument
        fields = ["kind", "title"]


class HandoverForm(BootstrapMixin, forms.Form):
    """The units are the cluster's members of any year (closed ones marked); each must exist on the day.

    ``heads`` maps each opened year of the cluster to its head's unit id: the flag goes to that year's head,
    for a year that has begun, handed over from 1 January of the year before on and not after today.
    ``correcting`` (a recorded handover) keeps its year and asks why it is corrected."""

    year = YearField(label=_("Năm nhận cờ (nhiệm kỳ cụm trưởng)"), min_value=2000, max_value=2100)
    from_unit = UnitChoiceField(label=_("Đơn vị trao"), queryset=OrgUnit.objects.all(), required=False)
    to_unit = UnitChoiceField(label=_("Đơn vị nhận"), queryset=OrgUnit.objects.all())
    handed_on = forms.DateField(label=_("Ngày trao"), widget=DateInput())
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH
    )
    upload = _file_field(_("Ảnh hoặc văn bản"))
    reason = forms.CharField(
        label=_("Lý do sửa"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH, required=False
    )

    def __init__(self, *args, units=None, heads=None, correcting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.heads = heads
        self.correcting = correcting
        if units is not None:
            self.fields["from_unit"].queryset = units
            self.fields["to_unit"].queryset = units
        if correcting is None:
            del self.fields["reason"]
        else:
            self.fields["year"].disabled = True
            self.fields["year"].initial = correcting.year
            self.fields["reason"].required = True

    def clean(self):
        data = super().clean()
        day, year = data.get("handed_on"), data.get("year")
        for name in ("from_unit", "to_unit"):
            unit = data.get(name)
            if day and unit is not None and not unit.is_active_on(day):
                self.add_error(
                    name,
                    _("%(unit)s không hoạt động vào ngày %(day)s.")
                    % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")},
                )
        if year is None or not check_year(self, "year", high=current_year()):
            return data
        check_date(
            self, "handed_on", after=(date(year - 1, 1, 1), _("ngày đầu năm %(y)s") % {"y": year - 1}), not_future=True
        )
        if data.get("from_unit") and data.get("from_unit") == data.get("to_unit"):
            self.add_error("to_unit", _("Đơn vị trao và đơn vị nhận phải khác nhau."))
        if self.heads is not None and data.get("to_unit") is not None:
            head = self.heads.get(year)
            if head is None:
                self.add_error("year", _("Năm %(year)s cụm chưa có cụm trưởng để nhận cờ.") % {"year": year})
            elif head != data["to_unit"].pk:
                self.add_error(
                    "to_unit",
                    _("Đơn vị nhận cờ năm %(year)s phải là cụm trưởng năm %(year)s.") % {"year": year},
                )
        return data


class AgreementForm(BootstrapMixin, forms.ModelForm):
    """Signed for its year: from the last quarter of the year before to the end of the year, not after today."""

    upload = _file_field(_("Văn bản giao ước đã ký"))

    class Meta:
        model = Agreement
        fields = ["title", "targets", "signed_on", "signed_at_place"]
        widgets = {"targets": forms.Textarea(attrs={"rows": 6}), "signed_on": DateInput()}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean(self):
        data = super().clean()
        check_date(self, "signed_on", **agreement_window(self.year))
        return data


class CommitmentForm(BootstrapMixin, forms.Form):
    content = forms.CharField(
        label=_("Nội dung đăng ký, cam kết"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_LENGTH
    )


class CriterionGroupForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CriterionGroup
        fields = ["position", "title"]


class CriterionForm(BootstrapMixin, forms.ModelForm):
    """``room``: (points the rest of the table leaves under its declared maximum, the label of that maximum)."""

    class Meta:
        model = Criterion
        fields = ["position", "title", "max_points", "evidence_required"]

    def __init__(self, *args, room=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = room

    def clean(self):
        data = super().clean()
        check_number(self, "max_points", low=(Decimal("0.01"), _("mức tối thiểu")))
        if self.room is not None:
            check_number(self, "max_points", high=self.room)
        return data


class ScoreSheetForm(BootstrapMixin, forms.Form):
    """One row per criterion: points, explanation, evidence."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for _group, items in sheet:
            for criterion, score in items:
                key = str(criterion.pk)
                # The range and precision are checked in ``clean`` by the rule the services and the
                # score-sheet import apply (``points_problem``); the widget only tells the browser.
                self.fields[f"points_{key}"] = forms.DecimalField(
                    label=criterion.title,
                    required=False,
                    initial=score.self_points if score else None,
                    error_messages={"invalid": _("Nhập một số, vd. 9,5.")},
                    widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "max": f"{criterion.max_points}"}),
                )
                table_input(self.fields[f"points_{key}"], number=True)
                self.fields[f"note_{key}"] = table_input(
                    forms.CharField(
                        label=_("Giải trình"),
                        required=False,
                        max_length=SCORE_NOTE_LENGTH,
                        initial=score.self_note if score else "",
                    )
                )
                self.fields[f"file_{key}"] = table_input(_file_field(_("Minh chứng")))
                self.rows.append((criterion, score))

    def clean(self):
        cleaned = super().clean()
        for criterion, _score in self.rows:
            points = cleaned.get(f"points_{criterion.pk}")
            if points is not None and (problem := points_problem(points, criterion)):
                self.add_error(f"points_{criterion.pk}", problem)
        return cleaned

    def entries(self) -> list[dict]:
        result = []
        for criterion, _score in self.rows:
            key = str(criterion.pk)
            points = self.cleaned_data.get(f"points_{key}")
            if points is None:
                continue
            result.append(
                {
                    "criterion": criterion,
                    "points": points,
                    "note": self.cleaned_data.get(f"note_{key}", ""),
                    "upload": self.cleaned_data.get(f"file_{key}") or None,
                }
            )
        return result

    def bound_rows(self):
        for criterion, score in self.rows:
            key = str(criterion.pk)
            yield criterion, score, self[f"points_{key}"], self[f"note_{key}"], self[f"file_{key}"]


class ScoreAdjustForm(BootstrapMixin, forms.Form):
    points = forms.DecimalField(label=_("Điểm thẩm định"), min_value=Decimal("0"), max_digits=7, decimal_places=2)
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_LENGTH
    )

    def __init__(self, *args, max_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_points = max_points

    def clean_points(self):
        points = self.cleaned_data["points"]
        if self.max_points is not None and points > self.max_points:
            raise forms.ValidationError(_("Không vượt quá điểm tối đa của tiêu chí."))
        return points


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH)


class DeductionForm(BootstrapMixin, forms.Form):
    """``high``: (the most the member may still lose, its label) — the table's maximum, or its points once
    submitted, less the deductions already entered."""

    points = forms.DecimalField(label=_("Điểm trừ"), min_value=Decimal("0.01"), max_digits=7, decimal_places=2)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH)
    source = forms.CharField(label=_("Cơ quan, văn bản đề nghị trừ điểm"), max_length=255)

    def __init__(self, *args, high=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.high = high

    def clean(self):
        data = super().clean()
        if self.high is not None:
            check_number(self, "points", high=self.high)
        return data


class RotationRecordForm(BootstrapMixin, forms.Form):
    head = UnitChoiceField(label=_("Cụm trưởng năm sau"), queryset=OrgUnit.objects.none())
    deputy = UnitChoiceField(label=_("Cụm phó năm sau"), queryset=OrgUnit.objects.none(), required=False)
    note = forms.CharField(
        label=_("Kết quả bầu (số phiếu, biên bản)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=REASON_LENGTH
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = units
        self.fields["deputy"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("head") and data.get("head") == data.get("deputy"):
            raise forms.ValidationError(_("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."))
        return data


class ProposalForm(BootstrapMixin, forms.Form):
    meeting_on = forms.DateField(label=_("Ngày họp cụm"), widget=DateInput())
    meeting_place = forms.CharField(label=_("Địa điểm họp"), max_length=255, required=False)
    votes_for = forms.IntegerField(label=_("Số phiếu tán thành"), min_value=0)
    votes_total = forms.IntegerField(label=_("Tổng số đơn vị biểu quyết"), min_value=1)
    vote_note = forms.CharField(
        label=_("Kết quả biểu quyết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LENGTH,
    )
    upload = _file_field(_("Biên bản họp cụm"))

    def __init__(self, *args, members: int, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.year = members, year

    def clean(self):
        data = super().clean()
        check_date(self, "meeting_on", **meeting_window(self.year))
        if data.get("votes_total") is not None:
            check_number(self, "votes_for", high=(data["votes_total"], _("tổng số đơn vị biểu quyết")))
        check_number(self, "votes_total", high=(self.members, _("số đơn vị thành viên của cụm")))
        return data


class QuotaOverrideForm(BootstrapMixin, forms.Form):
    """Staff only: propose every unit sharing the last rank at a boundary, above the quota, with a reason."""

    override_reason = forms.CharField(
        label=_("Lý do đề nghị vượt số lượng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LENGTH,
    )


class ScoreImportForm(BootstrapMixin, forms.Form):
    """The member's score sheet (xlsx) to read, and optionally a saved way of reading its columns."""

    file = UploadField(label=_("Bảng tự chấm điểm (.xlsx)"), allow=SPREADSHEETS)
    template = forms.ModelChoiceField(
        label=_("Cách đọc cột đã lưu"),
        queryset=ImportTemplate.objects.none(),
        required=False,
        empty_label=_("— Hệ thống tự nhận các cột —"),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(kind)
