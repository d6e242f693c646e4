"""Admin: the fields of activity are reference data; exemplars and events are read here, moved in the app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from exemplars.models import Exemplar, Field, FosteringAction, Honour, HonouringEvent, Replication, StageEvent


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "action", "from_stage", "to_stage", "reason"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class FosteringInline(admin.TabularInline):
    model = FosteringAction
    extra = 0
    autocomplete_fields = ["responsible_unit"]
    exclude = ["created_by"]


class ReplicationInline(admin.TabularInline):
    model = Replication
    extra = 0
    autocomplete_fields = ["adopting_unit"]
    exclude = ["created_by"]


@admin.register(Exemplar)
class ExemplarAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "field", "unit", "stage", "is_published", "discovered_on"]
    list_filter = ["stage", "field", "kind", "is_published"]
    search_fields = ["search_text"]
    list_select_related = ["field", "unit"]
    autocomplete_fields = ["person", "collective", "unit"]
    # The stage and the publication move only through the app's services (they are recorded there).
    readonly_fields = ["stage", "is_published", "published_at", "drop_reason", "created_by", "created_at"]
    inlines = [FosteringInline, ReplicationInline, StageEventInline]

    def get_search_results(self, request, queryset, search_term):
        from thiduakt.selectors import search_filter

        if not search_term:
            return queryset, False
        return queryset.filter(search_filter("search_text", search_term)), False


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0
    autocomplete_fields = ["exemplar"]
    exclude = ["added_by"]


@admin.register(HonouringEvent)
class HonouringEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "organiser"]
    list_filter = ["kind"]
    search_fields = ["title"]
    autocomplete_fields = ["organiser"]
    exclude = ["created_by"]
    inlines = [HonourInline]
