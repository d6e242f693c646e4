"""xlsx import/export of the award catalogue, holidays and award history (admin), with Vietnamese columns."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from awards.models import Award, AwardRecord, AwardType, DisciplineRecord, Holiday, Initiative, RecipientKind
from thiduakt.models import Person
from thiduakt.resources import ChoiceWidget, CodeWidget, VietnameseDateWidget, YesNoWidget


class AwardResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name="Mã")
    name = fields.Field(attribute="name", column_name="Tên")
    kind = fields.Field(attribute="kind", column_name="Loại", widget=ChoiceWidget(Award.Kind.choices, label="loại"))
    level = fields.Field(attribute="level", column_name="Cấp", widget=ChoiceWidget(Award.Level.choices, label="cấp"))
    for_individual = fields.Field(attribute="for_individual", column_name="Cá nhân", widget=YesNoWidget())
    for_collective = fields.Field(attribute="for_collective", column_name="Tập thể", widget=YesNoWidget())
    for_household = fields.Field(attribute="for_household", column_name="Hộ gia đình", widget=YesNoWidget())
    decided_by = fields.Field(attribute="decided_by", column_name="Thẩm quyền quyết định")
    needs_council = fields.Field(attribute="needs_council", column_name="Cần Hội đồng xét", widget=YesNoWidget())
    council_threshold_percent = fields.Field(
        attribute="council_threshold_percent", column_name="Tỷ lệ đồng ý (%)", widget=widgets.IntegerWidget()
    )
    legal_basis = fields.Field(attribute="legal_basis", column_name="Căn cứ pháp lý")
    valid_from = fields.Field(attribute="valid_from", column_name="Áp dụng từ", widget=VietnameseDateWidget())
    valid_to = fields.Field(attribute="valid_to", column_name="Áp dụng đến", widget=VietnameseDateWidget())

    class Meta:
        model = Award
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "kind",
            "level",
            "for_individual",
            "for_collective",
            "for_household",
            "decided_by",
            "needs_council",
            "council_threshold_percent",
            "legal_basis",
            "valid_from",
            "valid_to",
        ]
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True


class HolidayResource(resources.ModelResource):
    day = fields.Field(attribute="day", column_name="Ngày", widget=VietnameseDateWidget())
    name = fields.Field(attribute="name", column_name="Tên ngày nghỉ")

    class Meta:
        model = Holiday
        import_id_fields = ["day"]
        fields = ["day", "name"]
        skip_unchanged = True
        use_transactions = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        if not str(row.get("Ngày") or "").strip():
            raise ValueError(_("Thiếu ngày."))


class AwardRecordResource(resources.ModelResource):
    """Export of the award history (imports go through the history screen, which matches identities)."""

    recipient_kind = fields.Field(
        attribute="recipient_kind", column_name="Đối tượng", widget=ChoiceWidget(RecipientKind.choices)
    )
    recipient_name = fields.Field(attribute="recipient_name", column_name="Họ tên / Tên tập thể")
    # Who the person is, so that the history import matches them when the export is read back.
    birth_year = fields.Field(attribute="person__birth_year", column_name="Năm sinh", readonly=True)
    id_number = fields.Field(attribute="person__id_number", column_name="Số định danh", readonly=True)
    recipient_unit_name = fields.Field(attribute="recipient_unit_name", column_name="Đơn vị")
    unit = fields.Field(attribute="unit", column_name="Mã tập thể", widget=CodeWidget())
    award = fields.Field(
        attribute="award", column_name="Mã khen thưởng", widget=CodeWidget(model=Award, label="khen thưởng")
    )
    year = fields.Field(attribute="year", column_name="Năm", widget=widgets.IntegerWidget())
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định")
    decision_date = fields.Field(
        attribute="decision_date", column_name="Ngày quyết định", widget=VietnameseDateWidget()
    )
    issuer = fields.Field(attribute="issuer", column_name="Cơ quan ban hành")
    award_type = fields.Field(attribute="award_type", column_name="Loại hình", widget=ChoiceWidget(AwardType.choices))
    source = fields.Field(attribute="source", column_name="Nguồn", widget=ChoiceWidget(AwardRecord.Source.choices))
    is_public = fields.Field(attribute="is_public", column_name="Công bố", widget=YesNoWidget())

    class Meta:
        model = AwardRecord
        fields = [
            "id",
            "recipient_kind",
            "recipient_name",
            "birth_year",
            "id_number",
            "recipient_unit_name",
            "unit",
            "award",
            "year",
            "decision_number",
            "decision_date",
            "issuer",
            "award_type",
            "source",
            "is_public",
        ]
        use_transactions = True
        clean_model_instances = True


class PersonIdWidget(widgets.ForeignKeyWidget):
    """A person by the id shown in the people registry export."""

    def __init__(self):
        super().__init__(Person, field="pk")

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit():
            raise ValueError(_("Mã cá nhân “%(v)s” không hợp lệ.") % {"v": text})
        try:
            return self.model.objects.get(pk=int(text))
        except self.model.DoesNotExist:
            raise ValueError(_("Không tìm thấy cá nhân có mã “%(v)s”.") % {"v": text}) from None


class InitiativeResource(resources.ModelResource):
    person = fields.Field(attribute="person", column_name="Mã cá nhân", widget=PersonIdWidget())
    person_name = fields.Field(attribute="person__full_name", column_name="Họ và tên", readonly=True)
    title = fields.Field(attribute="title", column_name="Tên sáng kiến")
    level = fields.Field(
        attribute="level", column_name="Phạm vi", widget=ChoiceWidget(Initiative.Level.choices, label="phạm vi")
    )
    year = fields.Field(attribute="year", column_name="Năm công nhận", widget=widgets.IntegerWidget())
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định")

    class Meta:
        model = Initiative
        fields = ["id", "person", "person_name", "title", "level", "year", "decision_number"]
        use_transactions = True
        clean_model_instances = True


class DisciplineRecordResource(resources.ModelResource):
    person = fields.Field(attribute="person", column_name="Mã cá nhân", widget=PersonIdWidget())
    person_name = fields.Field(attribute="person__full_name", column_name="Họ và tên", readonly=True)
    level = fields.Field(
        attribute="level",
        column_name="Hình thức",
        widget=ChoiceWidget(DisciplineRecord.Level.choices, label="hình thức kỷ luật"),
    )
    year = fields.Field(attribute="year", column_name="Năm", widget=widgets.IntegerWidget())
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định")
    effective_from = fields.Field(
        attribute="effective_from", column_name="Có hiệu lực từ ngày", widget=VietnameseDateWidget()
    )
    served_until = fields.Field(
        attribute="served_until", column_name="Chấp hành xong ngày", widget=VietnameseDateWidget()
    )

    class Meta:
        model = DisciplineRecord
        fields = ["id", "person", "person_name", "level", "year", "decision_number", "effective_from", "served_until"]
        use_transactions = True
        clean_model_instances = True
