"""Admin of awards. Catalogue data (awards, rule sets, holidays, processing rules, base salary, decision
templates, council terms and members) is edited here; everything a workflow writes (dossiers, events,
meetings, decisions, forwarding) is shown for reading and audit only: it changes through the services.

Ballot secrecy: no ballot box and no "has voted" receipt is registered (``thiduakt/tests/test_admin_registry.py``
names them as the only models without a page). Agenda items show only the tallies they carry once the
ballot is closed, and nothing shows who voted how.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    AchievementConfirmation,
    AgendaItem,
    Attachment,
    Attendance,
    Award,
    AwardRecord,
    BaseSalary,
    CentralItem,
    CentralSubmission,
    CouncilMember,
    CouncilTerm,
    Decision,
    DecisionCounter,
    DecisionEvent,
    DecisionRecipient,
    DecisionSignature,
    DecisionTemplate,
    DisciplineRecord,
    DocumentKind,
    DocumentTemplate,
    Dossier,
    DossierEvent,
    HistoryImport,
    HistoryImportRow,
    Holiday,
    Initiative,
    LegalCitation,
    Meeting,
    MeetingDocumentRead,
    MeetingEvent,
    Nomination,
    NomineeImport,
    PendingMatter,
    ProcessingRule,
    PublicComment,
    Recusal,
    RegisterCounter,
    RewardCoefficient,
    Rule,
    RuleSet,
    SubmissionDeadline,
    TaskRating,
)
from awards.resources import (
    AwardRecordResource,
    AwardResource,
    DisciplineRecordResource,
    HolidayResource,
    InitiativeResource,
)
from thiduakt.admin import ReadOnlyAdminMixin, SafeImportExportMixin
from thiduakt.spreadsheets import SafeXLSX
from thiduakt.text import fold

# Agenda result columns: empty until the ballot is closed.
AGENDA_RESULT_FIELDS = [
    "nomination",
    "threshold_percent",
    "members_total",
    "agree_count",
    "disagree_count",
    "recused_count",
    "not_voted_count",
    "required_count",
    "passed",
    "rule_applied",
]

# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------


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
            "aliases",
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
            "legal_basis",
            "valid_from",
            "valid_to",
            "central_level",
            "counts_for_merit",
            "required_documents",
            "order",
        ]


class RewardCoefficientInline(admin.TabularInline):
    """The reward of the award per kind of recipient and decree (dated rows: add one, never overwrite)."""

    model = RewardCoefficient
    extra = 0
    fields = ["recipient_kind", "coefficient", "valid_from", "valid_to", "legal_basis"]


@admin.register(Award)
class AwardAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    form = AwardForm
    resource_classes = [AwardResource]
    inlines = [RewardCoefficientInline]
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


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "rule_set", "kind", "group", "order"]
    list_filter = ["kind", "rule_set__award"]
    search_fields = ["description", "rule_set__name"]
    list_select_related = ["rule_set__award"]


# ---------------------------------------------------------------------------
# Evidence and award history
# ---------------------------------------------------------------------------


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
    """The execution period (effective from, served until) decides which achievements the discipline bars."""

    resource_classes = [DisciplineRecordResource]
    list_display = ["person", "level", "year", "decision_number", "effective_from", "served_until"]
    list_filter = ["level", "year"]
    search_fields = ["person__search_text", "decision_number"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]


class RecordedByMixin:
    """Who entered or confirmed the row: the administrator saving it, set once when it is added."""

    recorded_by_field = "confirmed_by"

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), self.recorded_by_field]

    def save_model(self, request, obj, form, change):
        if not change:
            setattr(obj, self.recorded_by_field, request.user)
        super().save_model(request, obj, form, change)


@admin.register(TaskRating)
class TaskRatingAdmin(RecordedByMixin, SimpleHistoryAdmin):
    """Yearly task-completion ratings (hoàn thành xuất sắc / tốt …), each with the document that states it."""

    list_display = ["__str__", "person", "unit", "year", "rating", "basis", "confirmed_by"]
    list_filter = ["rating", "year"]
    search_fields = ["person__search_text", "unit__name", "basis"]
    autocomplete_fields = ["person", "unit"]
    list_select_related = ["person", "unit", "confirmed_by"]
    fields = ["person", "unit", "year", "rating", "basis", "note", "confirmed_by"]


@admin.register(PendingMatter)
class PendingMatterAdmin(RecordedByMixin, SimpleHistoryAdmin):
    """Matters under way that suspend every award of the person or collective until they close."""

    recorded_by_field = "recorded_by"
    list_display = ["__str__", "person", "unit", "kind", "started_on", "ended_on", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["person__search_text", "unit__name", "basis"]
    autocomplete_fields = ["person", "unit"]
    list_select_related = ["person", "unit"]
    date_hierarchy = "started_on"
    fields = ["person", "unit", "kind", "started_on", "basis", "ended_on", "outcome", "note", "recorded_by"]


@admin.register(AchievementConfirmation)
class AchievementConfirmationAdmin(RecordedByMixin, SimpleHistoryAdmin):
    """What staff confirmed for one nomination (a campaign result, a sudden achievement, a contribution…)."""

    list_display = ["fact", "nomination", "basis", "confirmed_by", "confirmed_at"]
    list_filter = ["fact"]
    search_fields = ["nomination__search_text", "basis"]
    raw_id_fields = ["nomination"]
    list_select_related = ["nomination__award", "confirmed_by"]
    fields = ["nomination", "fact", "basis", "note", "confirmed_by"]


@admin.register(Holiday)
class HolidayAdmin(SafeImportExportMixin, admin.ModelAdmin):
    resource_classes = [HolidayResource]
    list_display = ["day", "name"]
    date_hierarchy = "day"


@admin.register(ProcessingRule)
class ProcessingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "appraisal_working_days", "return_working_days", "legal_basis"]


@admin.register(RewardCoefficient)
class RewardCoefficientAdmin(SimpleHistoryAdmin):
    list_display = ["award", "recipient_kind", "coefficient", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["award", "recipient_kind"]
    list_select_related = ["award"]
    search_fields = ["award__name", "award__code", "legal_basis"]


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "award", "day", "month", "days_before", "inclusive", "valid_from", "valid_to"]
    list_filter = ["kind"]
    list_select_related = ["award"]
    search_fields = ["name", "code", "legal_basis"]


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
    # Given once when the decision is signed (RegisterCounter): never edited, so never repeated.
    readonly_fields = ["register", "register_number"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term) if search_term else search_term)


# ---------------------------------------------------------------------------
# Dossiers (read and audit; changes go through the screens)
# ---------------------------------------------------------------------------


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
        "deadline_on",
        "deadline_inclusive",
        "deadline_basis",
        "submitted_late",
        "late_accepted_at",
        "late_accepted_by",
        "late_acceptance_reason",
    ]
    autocomplete_fields = ["unit"]
    inlines = [NominationInline, EventInline]


class ConfirmationInline(admin.TabularInline):
    """The achievements confirmed for this nomination, each with its document (read by the eligibility rules)."""

    model = AchievementConfirmation
    extra = 0
    fields = ["fact", "basis", "note", "confirmed_by", "confirmed_at"]
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ["nominee_name", "nominee_kind", "award", "year", "status", "dossier"]
    list_filter = ["status", "nominee_kind", "award", "year"]
    search_fields = ["search_text"]
    list_select_related = ["award", "dossier__unit"]
    readonly_fields = ["status", "appraised_by", "appraised_at", "nominee_name", "overridden_verdict"]
    raw_id_fields = ["dossier", "person", "unit"]
    inlines = [ConfirmationInline]

    def save_formset(self, request, form, formset, change):
        for confirmation in formset.save(commit=False):
            if confirmation.pk is None:
                confirmation.confirmed_by = request.user
            confirmation.save()
        for gone in formset.deleted_objects:
            gone.delete()
        formset.save_m2m()


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
    exclude = ["file", "columns"]
    readonly_fields = [
        "original_name",
        "digest",
        "status",
        "message",
        "total_rows",
        "new_rows",
        "duplicate_rows",
        "ambiguous_rows",
        "error_rows",
        "created_count",
        "skipped_count",
        "created_by",
        "created_at",
        "applied_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(HistoryImportRow)
class HistoryImportRowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The analysed rows of a history file (read only: they are the file's, corrected by a new upload)."""

    list_display = ["history_import", "number", "status"]
    list_filter = ["status"]
    list_select_related = ["history_import"]
    readonly_fields = ["history_import", "number", "status", "data"]


@admin.register(NomineeImport)
class NomineeImportAdmin(admin.ModelAdmin):
    """A dossier's nominee lists read from xlsx: who sent which file, what it gave (read only)."""

    list_display = ["original_name", "dossier", "status", "created_count", "skipped_count", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["dossier", "created_by"]
    exclude = ["file", "columns", "choices", "rows"]
    readonly_fields = [
        "dossier",
        "original_name",
        "sha256",
        "status",
        "created_count",
        "skipped_count",
        "created_by",
        "created_at",
        "applied_at",
    ]

    def has_add_permission(self, request):
        return False


# ---------------------------------------------------------------------------
# Base salary, decision templates, the council (editable data)
# ---------------------------------------------------------------------------


@admin.register(BaseSalary)
class BaseSalaryAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]
    search_fields = ["legal_basis"]


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["award", "subject"]
    list_select_related = ["award"]
    search_fields = ["subject", "award__name", "award__code"]


@admin.register(LegalCitation)
class LegalCitationAdmin(SimpleHistoryAdmin):
    """The "Căn cứ" lines of decisions by date: a new law is a new row (and the old row's last day), never an
    edit of the old text, so decisions keep the laws of their date."""

    list_display = ["text", "kind", "order", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["text", "code", "source"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "position", "order"]


@admin.register(CouncilTerm)
class CouncilTermAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "valid_from",
        "valid_to",
        "quorum_ordinary_label",
        "quorum_award_label",
        "default_threshold_percent",
    ]
    search_fields = ["name"]
    inlines = [CouncilMemberInline]
    fieldsets = [
        (None, {"fields": ["name", "valid_from", "valid_to", "default_threshold_percent"]}),
        (
            _("Số thành viên tối thiểu dự họp (trên tổng số thành viên)"),
            {
                "fields": [
                    ("quorum_ordinary_numerator", "quorum_ordinary_denominator"),
                    ("quorum_award_numerator", "quorum_award_denominator"),
                    "quorum_basis",
                ]
            },
        ),
    ]

    @admin.display(description=_("phiên họp thường"))
    def quorum_ordinary_label(self, term):
        return term.quorum_ordinary_label

    @admin.display(description=_("phiên họp xét khen thưởng"))
    def quorum_award_label(self, term):
        return term.quorum_award_label


@admin.register(CouncilMember)
class CouncilMemberAdmin(SimpleHistoryAdmin):
    list_display = ["user", "term", "role", "position", "order"]
    list_filter = ["term", "role"]
    search_fields = ["user__username", "user__full_name", "position"]
    list_select_related = ["user", "term"]
    autocomplete_fields = ["user"]


# ---------------------------------------------------------------------------
# Meetings (read-only: every change goes through the services)
# ---------------------------------------------------------------------------


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attendance
    fields = ["member", "status", "note"]
    readonly_fields = fields


class AgendaItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Results only: these columns are empty until the ballot is closed."""

    model = AgendaItem
    fields = AGENDA_RESULT_FIELDS
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "date", "kind", "status", "present_count", "members_total", "quorum_met"]
    list_filter = ["status", "kind", "term"]
    search_fields = ["search_text"]
    list_select_related = ["term"]
    inlines = [AttendanceInline, AgendaItemInline]
    exclude = ["search_text"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "member", "status", "note"]
    list_filter = ["status", "meeting"]
    list_select_related = ["meeting", "member__user"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The tallies an item carries once its ballot closed; never the ballot box or who has voted."""

    list_display = ["nomination", "meeting", "threshold_percent", "agree_count", "members_total", "passed"]
    list_filter = ["passed", "meeting"]
    search_fields = ["nomination__search_text"]
    list_select_related = ["nomination__award", "meeting"]
    fields = ["meeting", "order", *AGENDA_RESULT_FIELDS]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "member", "reason", "recorded_by", "recorded_at"]
    list_filter = ["reason"]
    list_select_related = ["item__nomination__award", "member__user", "recorded_by"]


@admin.register(MeetingEvent)
class MeetingEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "meeting", "by", "action"]
    list_filter = ["meeting"]
    search_fields = ["action"]
    list_select_related = ["meeting", "by"]


@admin.register(MeetingDocumentRead)
class MeetingDocumentReadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who of the council read which nominee's document, and when (the reading room's log)."""

    list_display = ["at", "meeting", "by", "file_name"]
    list_filter = ["meeting"]
    search_fields = ["file_name", "action"]
    list_select_related = ["meeting", "by"]


# ---------------------------------------------------------------------------
# Decisions and forwarding (read-only; signed PDFs are downloaded through the permission-checked view)
# ---------------------------------------------------------------------------


class DecisionRecipientInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionRecipient
    fields = ["recipient_kind", "recipient_name", "description", "coefficient", "reward_amount", "replaces"]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number_display", "decision_date", "subject", "award", "purpose", "status"]
    list_filter = ["status", "purpose", "year", "award"]
    search_fields = ["search_text"]
    list_select_related = ["award"]
    inlines = [DecisionRecipientInline]
    exclude = ["search_text", "pdf_file", "certificates_file"]


@admin.register(DecisionRecipient)
class DecisionRecipientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["recipient_name", "recipient_kind", "decision", "year", "coefficient", "reward_amount"]
    list_filter = ["recipient_kind", "year"]
    search_fields = ["recipient_name", "decision__number_display"]
    list_select_related = ["decision"]
    exclude = ["sort_key"]


@admin.register(DecisionCounter)
class DecisionCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The number registers: advanced only by signing a decision."""

    list_display = ["issuer_code", "doc_kind", "year", "last_number"]
    list_filter = ["year", "issuer_code"]


@admin.register(RegisterCounter)
class RegisterCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The certificate registers (sổ vàng): advanced only by signing a decision, never restarted."""

    list_display = ["register", "last_number"]
    search_fields = ["register"]


@admin.register(DecisionEvent)
class DecisionEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "decision", "by", "action"]
    search_fields = ["action", "decision__number_display"]
    list_select_related = ["decision", "by"]


class CentralItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CentralItem
    fields = ["nomination", "result", "decision_number", "decision_date"]
    readonly_fields = fields


@admin.register(CentralSubmission)
class CentralSubmissionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["letter_number", "letter_date", "addressee", "created_by"]
    search_fields = ["letter_number", "addressee"]
    list_select_related = ["created_by"]
    inlines = [CentralItemInline]


@admin.register(CentralItem)
class CentralItemAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["nomination", "submission", "result", "decision_number", "decision_date"]
    list_filter = ["result"]
    search_fields = ["nomination__search_text", "decision_number", "submission__letter_number"]
    list_select_related = ["nomination__award", "submission"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Metadata and history only: a template is replaced on the "Mẫu văn bản Word" screen, through the upload gate."""

    list_display = ["kind", "original_name", "uploaded_by", "uploaded_at"]
    exclude = ["file"]
    readonly_fields = ["kind", "original_name", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(DecisionSignature)
class DecisionSignatureAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """What the verification of a signed decision found; the file is downloaded from the decision's page."""

    list_display = ["decision", "signer_subject", "signer_serial", "signing_time", "recorded_by", "recorded_at"]
    list_select_related = ["decision", "recorded_by"]
    search_fields = ["signer_subject", "signer_serial", "decision__number_display"]
    exclude = ["file"]
    readonly_fields = [
        "decision",
        "sha256",
        "signer_subject",
        "signer_serial",
        "signer_issuer",
        "signing_time",
        "signature_count",
        "signed_by_server",
        "recorded_by",
        "recorded_at",
    ]
