"""Admin of clusters: yearly memberships, criteria and scores for corrections; rankings and events read only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import (
    Agreement,
    AwardProposal,
    AwardProposalItem,
    Cluster,
    ClusterDocument,
    ClusterYear,
    Commitment,
    Criterion,
    CriterionGroup,
    Deduction,
    Event,
    FlagHandover,
    Membership,
    RankingEntry,
    RotationProposal,
    Score,
)
from thiduakt.admin import ReadOnlyAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "rotation_position", "submitted_at"]


class CriterionGroupInline(admin.TabularInline):
    model = CriterionGroup
    extra = 0
    fields = ["position", "title"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "title", "max_points", "evidence_required"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "rotation_rule", "is_active"]
    list_filter = ["kind", "rotation_rule", "is_active"]
    search_fields = ["name", "search_text"]


@admin.register(ClusterYear)
class ClusterYearAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "year", "scoring_status", "flag_count", "commendation_count", "published_at"]
    list_filter = ["year", "scoring_status", "cluster__kind"]
    list_select_related = ["cluster"]
    search_fields = ["cluster__name"]
    inlines = [MembershipInline, CriterionGroupInline]
    readonly_fields = ["published_at", "published_by"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "cluster_year", "role", "rotation_position", "submitted_at"]
    list_filter = ["role", "cluster_year__year"]
    list_select_related = ["unit", "cluster_year__cluster"]
    search_fields = ["unit__name", "cluster_year__cluster__name"]
    autocomplete_fields = ["unit"]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "cluster_year", "position"]
    list_select_related = ["cluster_year__cluster"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "position", "max_points"]
    list_filter = ["group__cluster_year__year"]
    list_select_related = ["group__cluster_year__cluster"]
    search_fields = ["title", "group__title"]


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "criterion", "self_points", "adjusted_points", "adjust_reason"]
    list_select_related = ["membership__unit", "membership__cluster_year__cluster", "criterion"]
    list_filter = ["membership__cluster_year__year"]
    readonly_fields = ["file", "file_name"]


@admin.register(Deduction)
class DeductionAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "points", "source", "reason", "entered_by", "entered_at"]
    list_select_related = ["membership__unit", "membership__cluster_year__cluster", "entered_by"]


@admin.register(FlagHandover)
class FlagHandoverAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "year", "from_unit", "to_unit", "handed_on", "place"]
    list_select_related = ["cluster", "from_unit", "to_unit"]
    autocomplete_fields = ["from_unit", "to_unit"]
    readonly_fields = ["file", "file_name"]


@admin.register(RotationProposal)
class RotationProposalAdmin(SimpleHistoryAdmin):
    list_display = ["cluster_year", "rule", "head", "deputy", "status", "confirmed_at"]
    list_select_related = ["cluster_year__cluster", "head", "deputy"]
    list_filter = ["status", "rule"]


class AwardProposalItemInline(admin.TabularInline):
    model = AwardProposalItem
    extra = 0
    readonly_fields = ["membership", "award_code", "rank", "total"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AwardProposal)
class AwardProposalAdmin(SimpleHistoryAdmin):
    list_display = ["cluster_year", "status", "meeting_on", "votes_for", "votes_total", "dossier"]
    list_select_related = ["cluster_year__cluster", "dossier"]
    inlines = [AwardProposalItemInline]
    readonly_fields = ["file", "file_name", "dossier", "sent_by", "sent_at"]


@admin.register(AwardProposalItem)
class AwardProposalItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Computed from the ranking when the proposal is made; read only."""

    list_display = ["proposal", "membership", "award_code", "rank", "total"]
    list_filter = ["award_code"]
    list_select_related = ["proposal__cluster_year__cluster", "membership__unit"]


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ["cluster_year", "position", "rank", "membership", "total"]
    list_select_related = ["cluster_year__cluster", "membership__unit"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Commitment, SimpleHistoryAdmin)


# Files come in only through the app's screens, where the upload gate checks them.
@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    readonly_fields = ["file", "file_name", "file_content_type"]


@admin.register(ClusterDocument)
class ClusterDocumentAdmin(admin.ModelAdmin):
    readonly_fields = ["file", "file_name", "file_content_type"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "cluster_year", "by", "action"]
    list_select_related = ["cluster_year__cluster", "by"]
    readonly_fields = ["cluster_year", "at", "by", "action", "reason"]

    def has_add_permission(self, request):
        return False
