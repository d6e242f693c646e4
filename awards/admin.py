"""Admin for the awards catalogue, rule sets, history and the records of the dossier route."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    Attachment,
    Award,
    AwardRecord,
    DisciplineRecord,
    DocumentKind,
    Dossier,
    DossierEvent,
    HistoryImport,
    Holiday,
    Initiative,
    Nomination,
    ProcessingRule,
    PublicComment,
    Rule,
    RuleSet,
)
from awards.resources import (
    AwardRecordResource,
    AwardResource,
    DisciplineRecordResource,
    HolidayResource,
    InitiativeResource,
)
from thiduakt.admin import SafeImportExportMixin
from thiduakt.spreadsheets import SafeXLSX


class AwardForm(forms.ModelForm):
    required_documents = forms.MultipleChoiceField(
        label=_("Thành phần hồ sơ bắt buộc"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Award
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
            "requires_disclosure",
            "disclosure_working_days",
            "reward_coefficient_individual",
            "reward_coefficient_collective",
            "legal_basis",
            "valid_from",
            "valid_to",
            "central_level",
            "counts_for_merit",
            "required_documents",
            "order",
        ]


@admin.register(Award)
class AwardAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    form = AwardForm
    resource_classes = [AwardResource]
    list_display = ["code", "name", "kind", "level", "needs_council", "council_threshold_percent", "valid_from"]
    list_filter = ["kind", "level", "needs_council", "central_level"]
    search_fields = ["code", "name"]


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 1
    fields = ["order", "kind", "params", "group", "description"]


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "award", "legal_basis", "valid_from", "valid_to"]
    list_filter = ["award"]
    list_select_related = ["award"]
    inlines = [RuleInline]


@admin.register(Initiative)
class InitiativeAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [InitiativeResource]
    list_display = ["title", "person", "level", "year", "decision_number"]
    list_filter = ["level", "year"]
    search_fields = ["title", "person__search_text"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [DisciplineRecordResource]
    list_display = ["person", "level", "year", "decision_number"]
    list_filter = ["level", "year"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]


@admin.register(Holiday)
class HolidayAdmin(SafeImportExportMixin, admin.ModelAdmin):
    resource_classes = [HolidayResource]
    list_display = ["day", "name"]
    date_hierarchy = "day"


@admin.register(ProcessingRule)
class ProcessingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "appraisal_working_days", "return_working_days", "legal_basis"]


@admin.register(AwardRecord)
class AwardRecordAdmin(ExportMixin, SimpleHistoryAdmin):
    """Exports xlsx; imports go through the history import screen (identity matching, preview)."""

    resource_classes = [AwardRecordResource]
    export_formats = [SafeXLSX]
    list_display = ["recipient_name", "recipient_kind", "award", "year", "decision_number", "source", "is_public"]
    list_filter = ["recipient_kind", "award", "year", "source", "award_type", "is_public"]
    search_fields = ["search_text", "decision_number"]
    list_select_related = ["award"]
    autocomplete_fields = ["person", "unit"]
    raw_id_fields = ["nomination"]

    def get_search_results(self, request, queryset, search_term):
        from thiduakt.text import fold

        return super().get_search_results(request, queryset, fold(search_term) if search_term else search_term)


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ["nominee_kind", "nominee_name", "award", "year", "status"]
    readonly_fields = ["nominee_kind", "nominee_name", "award", "year", "status"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    fields = ["at", "round_number", "by", "action", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    """Read and audit; state changes go through the screens (services), not through the admin."""

    list_display = ["__str__", "unit", "round_kind", "year", "status", "received_on", "due_on"]
    list_filter = ["status", "round_kind", "year", "origin"]
    search_fields = ["search_text"]
    list_select_related = ["unit"]
    readonly_fields = [
        "status",
        "round_number",
        "received_on",
        "first_received_on",
        "complete_on",
        "due_on",
        "submitted_at",
        "appraised_at",
        "created_by",
    ]
    autocomplete_fields = ["unit"]
    inlines = [NominationInline, EventInline]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ["nominee_name", "nominee_kind", "award", "year", "status", "dossier"]
    list_filter = ["status", "nominee_kind", "award", "year"]
    search_fields = ["search_text"]
    list_select_related = ["award", "dossier__unit"]
    readonly_fields = ["status", "appraised_by", "appraised_at", "nominee_name"]
    raw_id_fields = ["dossier", "person", "unit"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Metadata only: files are downloaded through the permission-checked view, never linked."""

    list_display = ["original_name", "kind", "dossier", "nomination", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["dossier__unit", "nomination", "uploaded_by"]
    exclude = ["file"]
    readonly_fields = [
        "dossier",
        "nomination",
        "kind",
        "original_name",
        "content_type",
        "extension",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(DossierEvent)
class DossierEventAdmin(admin.ModelAdmin):
    list_display = ["at", "dossier", "nomination", "by", "action", "from_status", "to_status"]
    list_select_related = ["dossier__unit", "nomination", "by"]
    readonly_fields = [f.name for f in DossierEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublicComment)
class PublicCommentAdmin(admin.ModelAdmin):
    list_display = ["created_at", "nomination", "author_name", "body"]
    list_select_related = ["nomination"]
    readonly_fields = ["nomination", "author_name", "contact", "body", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(HistoryImport)
class HistoryImportAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "status",
        "total_rows",
        "created_count",
        "skipped_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    exclude = ["file", "rows"]
    readonly_fields = [
        "original_name",
        "status",
        "message",
        "total_rows",
        "created_count",
        "skipped_count",
        "created_by",
        "created_at",
        "applied_at",
    ]

    def has_add_permission(self, request):
        return False
