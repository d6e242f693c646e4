"""Admin of campaigns: reference data and corrections. Import/export is on the campaign screens."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from campaigns.models import (
    AwardQuota,
    Campaign,
    CampaignEvent,
    Commitment,
    Criterion,
    Participant,
    ParticipantGroup,
    Phase,
    ProgressReport,
    RegisteredNominee,
    Registration,
    Reminder,
    ReportAttachment,
    ReportDue,
    ReportValue,
    Review,
    ReviewProposal,
    ReviewResult,
)
from thiduakt.admin import ReadOnlyAdminMixin
from thiduakt.text import fold


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class GroupInline(admin.TabularInline):
    model = ParticipantGroup
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class QuotaInline(admin.TabularInline):
    model = AwardQuota
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["unit"]


class DueInline(admin.TabularInline):
    model = ReportDue
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "launcher", "kind", "document_number", "start_date", "end_date", "status"]
    list_filter = ["status", "launcher", "kind"]
    search_fields = ["name", "search_text", "document_number"]
    list_select_related = ["host_unit"]
    autocomplete_fields = ["launcher_unit", "host_unit", "parent"]
    filter_horizontal = ["cooperating_units"]
    # The plan document comes in only through the campaign screen, where the upload gate checks it.
    readonly_fields = [
        "status",
        "launched_at",
        "created_by",
        "created_at",
        "document_file",
        "document_file_name",
        "document_content_type",
    ]
    inlines = [PhaseInline, GroupInline, CriterionInline, QuotaInline, ParticipantInline, DueInline]
    history_list_display = ["status"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term) if search_term else search_term)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "unit", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status"]
    list_select_related = ["campaign", "unit", "reviewed_by"]
    search_fields = ["campaign__name", "unit__name"]
    readonly_fields = ["status", "submitted_at", "reviewed_at", "reviewed_by", "return_reason"]
    inlines = [CommitmentInline]


class ValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "due", "unit", "status", "submitted_at", "is_late"]
    list_filter = ["status", "is_late"]
    list_select_related = ["campaign", "due", "unit"]
    search_fields = ["campaign__name", "unit__name"]
    readonly_fields = ["status", "submitted_at", "submitted_by", "is_late"]
    inlines = [ValueInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "due", "unit", "reason", "recipients", "sent_by"]
    list_filter = ["reason"]
    list_select_related = ["due", "unit", "sent_by"]
    readonly_fields = ["due", "unit", "reason", "sent_on", "sent_at", "sent_by", "recipients"]

    def has_add_permission(self, request):
        return False


class ResultInline(admin.TabularInline):
    model = ReviewResult
    extra = 0
    readonly_fields = ["computed_percent"]


class ProposalInline(admin.TabularInline):
    model = ReviewProposal
    extra = 0
    raw_id_fields = ["person", "nominee_unit", "unit", "dossier"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["campaign", "kind", "held_on"]
    list_filter = ["kind"]
    list_select_related = ["campaign"]
    inlines = [ResultInline, ProposalInline]


@admin.register(CampaignEvent)
class CampaignEventAdmin(admin.ModelAdmin):
    list_display = ["at", "campaign", "action", "by"]
    list_select_related = ["campaign", "by"]
    readonly_fields = ["campaign", "registration", "action", "reason", "by", "at"]

    def has_add_permission(self, request):
        return False


# ---------------------------------------------------------------------------
# The plan and the participants' rows on their own pages (also edited in the inlines above)
# ---------------------------------------------------------------------------


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "start_date", "end_date"]
    list_select_related = ["campaign"]
    search_fields = ["name", "campaign__name"]


@admin.register(ParticipantGroup)
class ParticipantGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["name", "campaign__name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["indicator", "campaign", "group", "position", "target", "unit_of_measure", "weight"]
    list_filter = ["is_qualitative"]
    list_select_related = ["campaign", "group"]
    search_fields = ["indicator", "campaign__name"]


@admin.register(AwardQuota)
class AwardQuotaAdmin(admin.ModelAdmin):
    list_display = ["campaign", "award", "recipient", "max_per_unit", "max_percent"]
    list_filter = ["recipient", "award"]
    list_select_related = ["campaign", "award"]
    search_fields = ["campaign__name", "award__name"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "group", "role", "source", "added_at"]
    list_filter = ["role", "source"]
    list_select_related = ["unit", "campaign", "group"]
    search_fields = ["unit__name", "campaign__name"]
    autocomplete_fields = ["unit"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["registration", "criterion", "target", "text"]
    list_select_related = ["registration__campaign", "registration__unit", "criterion"]
    search_fields = ["text", "registration__unit__name", "registration__campaign__name"]


@admin.register(RegisteredNominee)
class RegisteredNomineeAdmin(admin.ModelAdmin):
    list_display = ["registration", "kind", "person", "unit", "commitment"]
    list_filter = ["kind"]
    list_select_related = ["registration__campaign", "registration__unit", "person", "unit"]
    search_fields = ["person__search_text", "unit__name", "registration__campaign__name"]
    raw_id_fields = ["registration", "person", "unit"]


@admin.register(ReportDue)
class ReportDueAdmin(admin.ModelAdmin):
    list_display = ["label", "campaign", "due_on"]
    list_select_related = ["campaign"]
    search_fields = ["label", "campaign__name"]
    date_hierarchy = "due_on"


@admin.register(ReportValue)
class ReportValueAdmin(admin.ModelAdmin):
    list_display = ["report", "criterion", "value", "text"]
    list_select_related = ["report__campaign", "report__unit", "report__due", "criterion"]
    search_fields = ["criterion__indicator", "report__unit__name"]


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Metadata only: files are downloaded through the permission-checked view, never linked."""

    list_display = ["original_name", "report", "content_kind", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_kind"]
    list_select_related = ["report__campaign", "report__unit", "report__due", "uploaded_by"]
    search_fields = ["original_name"]
    exclude = ["file"]


@admin.register(ReviewResult)
class ReviewResultAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "review", "computed_percent", "percent", "adjusted_by"]
    list_select_related = ["unit", "review__campaign", "adjusted_by"]
    search_fields = ["unit__name", "review__campaign__name"]
    readonly_fields = ["computed_percent"]


@admin.register(ReviewProposal)
class ReviewProposalAdmin(admin.ModelAdmin):
    list_display = ["review", "unit", "kind", "person", "nominee_unit", "award", "is_exemplar", "dossier"]
    list_filter = ["kind", "is_exemplar", "award"]
    list_select_related = ["review__campaign", "unit", "person", "nominee_unit", "award", "dossier"]
    search_fields = ["person__search_text", "nominee_unit__name", "review__campaign__name"]
    raw_id_fields = ["person", "nominee_unit", "unit", "dossier"]
