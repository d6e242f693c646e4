"""Admin of awards part 2: council terms and members, base salary, decision templates (editable data);
meetings, decisions and forwarding read-only (every change goes through the services).

No ballot box and no "has voted" receipt is registered: the admin shows only the
tallies an agenda item carries once its ballot is closed.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.council_models import (
    AgendaItem,
    Attendance,
    BaseSalary,
    CentralItem,
    CentralSubmission,
    CouncilMember,
    CouncilTerm,
    Decision,
    DecisionRecipient,
    DecisionTemplate,
    Meeting,
    Recusal,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "position", "order"]


@admin.register(CouncilTerm)
class CouncilTermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "valid_from", "valid_to", "quorum_percent", "default_threshold_percent"]
    inlines = [CouncilMemberInline]


@admin.register(BaseSalary)
class BaseSalaryAdmin(SimpleHistoryAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["award", "subject"]
    list_select_related = ["award"]


class AttendanceInline(ReadOnlyMixin, admin.TabularInline):
    model = Attendance
    fields = ["member", "status", "note"]
    readonly_fields = fields


class AgendaItemInline(ReadOnlyMixin, admin.TabularInline):
    """Results only: these columns are empty until the ballot is closed."""

    model = AgendaItem
    fields = [
        "nomination",
        "threshold_percent",
        "members_total",
        "agree_count",
        "disagree_count",
        "recused_count",
        "required_count",
        "passed",
        "rule_applied",
    ]
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "date", "kind", "status", "present_count", "members_total", "quorum_met"]
    list_filter = ["status", "kind"]
    search_fields = ["search_text"]
    inlines = [AttendanceInline, AgendaItemInline]
    exclude = ["search_text"]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["item", "member", "reason", "recorded_at"]
    list_select_related = ["item__nomination", "member__user"]


class DecisionRecipientInline(ReadOnlyMixin, admin.TabularInline):
    model = DecisionRecipient
    fields = ["recipient_kind", "recipient_name", "description", "coefficient", "reward_amount", "replaces"]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["number_display", "decision_date", "subject", "purpose", "status"]
    list_filter = ["status", "purpose", "year"]
    search_fields = ["search_text"]
    inlines = [DecisionRecipientInline]
    exclude = ["search_text"]


class CentralItemInline(ReadOnlyMixin, admin.TabularInline):
    model = CentralItem
    fields = ["nomination", "result", "decision_number", "decision_date"]
    readonly_fields = fields


@admin.register(CentralSubmission)
class CentralSubmissionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["letter_number", "letter_date", "addressee"]
    inlines = [CentralItemInline]
