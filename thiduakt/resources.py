"""xlsx import/export of units and people (django-import-export), with Vietnamese columns and errors.

Imports read real files: each column is known by our header or by the names provincial lists use
(``KnownHeadersMixin``, matched as ``thiduakt.spreadsheets.header_key`` does); a unit by its code or
by its name; a person's name without its honorific ("Bà …", whose gender it tells) and a birth year
from a full date of birth.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from thiduakt.models import OrgUnit, Person
from thiduakt.readers import UnitIndex, UnitNotFound, read_gender, split_honorific
from thiduakt.spreadsheets import header_key, parse_date, parse_year
from thiduakt.text import nfc


class KnownHeadersMixin:
    """Columns renamed to our headers before the import reads them: ``header_synonyms`` = {ours: (others…)}."""

    header_synonyms: dict[str, tuple[str, ...]] = {}

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if not dataset.headers:
            return
        names = {}
        for ours, others in self.header_synonyms.items():
            for name in (ours, *others):
                names.setdefault(header_key(name), ours)
        headers, used = list(dataset.headers), set()
        present = {header_key(h or "") for h in headers}
        for index, header in enumerate(headers):
            ours = names.get(header_key(header or ""))
            # our own header present elsewhere in the file wins; of two other names, the leftmost
            if (
                ours
                and ours not in used
                and (header_key(ours) == header_key(header) or header_key(ours) not in present)
            ):
                headers[index] = ours
                used.add(ours)
        dataset.headers = headers


class CodeWidget(widgets.ForeignKeyWidget):
    """A unit referred to by its code, with a Vietnamese message when the code is unknown."""

    def __init__(self, model=OrgUnit, field="code", label=None):
        super().__init__(model, field=field)
        self.label = label or _("đơn vị")

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except self.model.DoesNotExist:
            if self.model is OrgUnit and any(c.isspace() for c in value):  # a name: "UBND xã Phú Hữu"
                if getattr(self, "_index", None) is None:
                    self._index = UnitIndex.load()  # once per import
                try:
                    return self._index.resolve(value, timezone.localdate())
                except UnitNotFound:
                    pass
            raise ValueError(_("Không tìm thấy %(label)s có mã “%(code)s”.") % {"label": self.label, "code": value})


class ChoiceWidget(widgets.Widget):
    """A choice written either as its code or as its Vietnamese label."""

    def __init__(self, choices, required=True, label=""):
        super().__init__()
        self.choices = list(choices)
        self.required = required
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = nfc(str(value)) if value is not None else ""
        if not text:
            if self.required:
                raise ValueError(_("Thiếu %(label)s.") % {"label": self.label})
            return ""
        for code, label in self.choices:
            if text.lower() in (str(code).lower(), str(label).lower()):
                return code
        allowed = ", ".join(str(label) for _code, label in self.choices if label)
        raise ValueError(
            _("“%(value)s” không hợp lệ; chọn một trong: %(allowed)s.") % {"value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value)


class YesNoWidget(widgets.Widget):
    TRUE = {"1", "x", "có", "co", "true", "yes", "đúng"}
    FALSE = {"", "0", "không", "khong", "false", "no", "sai", "none"}

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip().lower() if value is not None else ""
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” không hợp lệ; ghi “Có” hoặc để trống.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else ""


class VietnameseDateWidget(widgets.DateWidget):
    """Written as dd/mm/yyyy; read in every form ``thiduakt.spreadsheets.parse_date`` knows."""

    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def render(self, value, obj=None, **kwargs):
        return value or ""  # a real date cell (``SafeXLSX`` shows it dd/mm/yyyy), read back as the same day

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError(_("Ngày “%(value)s” không hợp lệ; ghi theo dạng dd/mm/yyyy.") % {"value": value})


class BirthYearWidget(widgets.IntegerWidget):
    """A birth year, or the year of a full date of birth ("15/03/1972", an Excel date)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_year(value)
        except ValueError:
            raise ValueError(_("Năm sinh “%(v)s” không hợp lệ.") % {"v": value}) from None


class OrgUnitResource(KnownHeadersMixin, resources.ModelResource):
    header_synonyms = {
        "Mã đơn vị": ("Mã", "Mã ĐV", "Mã cơ quan"),
        "Tên đơn vị": ("Tên cơ quan, đơn vị", "Tên cơ quan", "Đơn vị", "Tên"),
        "Tên ngắn": ("Tên viết tắt", "Viết tắt"),
        "Loại": ("Loại đơn vị", "Loại hình"),
        "Mã đơn vị cấp trên": ("Cấp trên", "Đơn vị cấp trên", "Mã cấp trên", "Cơ quan chủ quản"),
        "Hiệu lực từ": ("Ngày thành lập", "Từ ngày"),
        "Hiệu lực đến": ("Ngày giải thể", "Đến ngày"),
    }

    code = fields.Field(attribute="code", column_name="Mã đơn vị")
    name = fields.Field(attribute="name", column_name="Tên đơn vị")
    short_name = fields.Field(attribute="short_name", column_name="Tên ngắn")
    kind = fields.Field(
        attribute="kind", column_name="Loại", widget=ChoiceWidget(OrgUnit.Kind.choices, label="loại đơn vị")
    )
    parent = fields.Field(
        attribute="parent", column_name="Mã đơn vị cấp trên", widget=CodeWidget(label="đơn vị cấp trên")
    )
    valid_from = fields.Field(attribute="valid_from", column_name="Hiệu lực từ", widget=VietnameseDateWidget())
    valid_to = fields.Field(attribute="valid_to", column_name="Hiệu lực đến", widget=VietnameseDateWidget())

    class Meta:
        model = OrgUnit
        import_id_fields = ["code"]
        fields = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        for required in ("Mã đơn vị", "Tên đơn vị"):
            if not str(row.get(required) or "").strip():
                raise ValueError(_("Thiếu cột bắt buộc “%(col)s”.") % {"col": required})


class PersonResource(KnownHeadersMixin, resources.ModelResource):
    header_synonyms = {
        "Họ và tên": ("Họ tên", "Họ và tên cán bộ", "Tên cá nhân", "Họ, tên"),
        "Giới tính": ("Nam/Nữ", "Phái"),
        "Năm sinh": ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh năm"),
        "Chức vụ": ("Chức vụ, chức danh", "Chức danh"),
        "Mã đơn vị": ("Đơn vị", "Đơn vị công tác", "Cơ quan công tác", "Nơi công tác"),
        "Lao động trực tiếp": ("Người lao động trực tiếp", "LĐ trực tiếp"),
        "Số định danh": ("Số CCCD", "CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh cá nhân"),
    }
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    gender = fields.Field(
        attribute="gender", column_name="Giới tính", widget=ChoiceWidget(Person.Gender.choices, label="giới tính")
    )
    birth_year = fields.Field(attribute="birth_year", column_name="Năm sinh", widget=BirthYearWidget())
    position = fields.Field(attribute="position", column_name="Chức vụ")
    unit = fields.Field(attribute="unit", column_name="Mã đơn vị", widget=CodeWidget())
    is_direct_worker = fields.Field(
        attribute="is_direct_worker", column_name="Lao động trực tiếp", widget=YesNoWidget()
    )
    id_number = fields.Field(attribute="id_number", column_name="Số định danh")

    class Meta:
        model = Person
        fields = ["id", "full_name", "gender", "birth_year", "position", "unit", "is_direct_worker", "id_number"]
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        if not str(row.get("Họ và tên") or "").strip():
            raise ValueError(_("Thiếu họ và tên."))
        # "Bà Huỳnh Thị Hạnh" is Huỳnh Thị Hạnh, a woman
        name, gender = split_honorific(row["Họ và tên"])
        row["Họ và tên"] = name
        if not str(row.get("Giới tính") or "").strip() and gender:
            row["Giới tính"] = gender
        elif (told := read_gender(row.get("Giới tính"))) is not None:
            row["Giới tính"] = told
