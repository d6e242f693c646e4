"""Admin: the fields of activity are reference data; exemplars and events are read here, moved in the app."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from exemplars.models import (
    AwardProposal,
    EventDocument,
    Exemplar,
    ExemplarFile,
    Field,
    FosteringAction,
    Honour,
    HonoureeImport,
    HonouringEvent,
    Replication,
    StageEvent,
)
from exemplars.services import EMPTY_SUMMARY, has_words
from thiduakt.admin import ReadOnlyAdminMixin
from thiduakt.selectors import search_filter


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "action", "from_status", "to_status", "reason"]
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


class ExemplarAdminForm(forms.ModelForm):
    """A published exemplar keeps a readable approved text: clearing it here is refused, not a 500."""

    class Meta:
        model = Exemplar
        fields = "__all__"  # noqa: DJ007 - the admin's own field list and read-only fields decide

    def clean_public_summary(self):
        text = (self.cleaned_data.get("public_summary") or "").strip()
        if self.instance.pk and self.instance.is_published and not has_words(text):
            raise forms.ValidationError(EMPTY_SUMMARY)
        return text


@admin.register(Exemplar)
class ExemplarAdmin(SimpleHistoryAdmin):
    form = ExemplarAdminForm
    list_display = ["name", "kind", "field", "unit", "stage", "is_published", "discovered_on"]
    list_filter = ["stage", "field", "kind", "is_published"]
    search_fields = ["search_text"]
    list_select_related = ["field", "unit"]
    autocomplete_fields = ["person", "collective", "unit"]
    # The stage and the publication move only through the app's services (they are recorded there).
    readonly_fields = ["stage", "is_published", "published_at", "drop_reason", "created_by", "created_at"]
    inlines = [FosteringInline, ReplicationInline, StageEventInline]

    def get_search_results(self, request, queryset, search_term):
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


@admin.register(StageEvent)
class StageEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "exemplar", "by", "action", "from_status", "to_status"]
    list_filter = ["to_status"]
    list_select_related = ["exemplar", "by"]
    search_fields = ["action", "exemplar__name"]


@admin.register(FosteringAction)
class FosteringActionAdmin(admin.ModelAdmin):
    list_display = ["exemplar", "date", "responsible_unit", "description"]
    list_select_related = ["exemplar", "responsible_unit"]
    search_fields = ["description", "exemplar__name"]
    autocomplete_fields = ["responsible_unit"]
    exclude = ["created_by"]


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    list_display = ["exemplar", "adopting_unit", "adopted_on"]
    list_select_related = ["exemplar", "adopting_unit"]
    search_fields = ["results", "exemplar__name", "adopting_unit__name"]
    autocomplete_fields = ["adopting_unit"]
    exclude = ["created_by"]


class StoredFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Metadata only: files are served through the permission-checked views, never linked."""

    exclude = ["file"]
    search_fields = ["original_name", "caption"]


@admin.register(ExemplarFile)
class ExemplarFileAdmin(StoredFileAdmin):
    list_display = ["original_name", "exemplar", "kind", "is_public", "size", "uploaded_by"]
    list_filter = ["kind", "is_public"]
    list_select_related = ["exemplar", "uploaded_by"]


@admin.register(EventDocument)
class EventDocumentAdmin(StoredFileAdmin):
    list_display = ["original_name", "event", "size", "uploaded_by"]
    list_select_related = ["event", "uploaded_by"]


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["exemplar", "event", "citation", "added_at"]
    list_select_related = ["exemplar", "event"]
    search_fields = ["citation", "exemplar__name", "event__title"]
    autocomplete_fields = ["exemplar"]
    exclude = ["added_by"]


@admin.register(HonoureeImport)
class HonoureeImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """An event's honourees read from xlsx: who sent which file, what it gave (written only by the import)."""

    list_display = ["original_name", "event", "status", "created_count", "skipped_count", "created_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["event", "created_by"]
    exclude = ["data", "columns", "choices"]


@admin.register(AwardProposal)
class AwardProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Proposals become award dossiers through the app's service; read here."""

    list_display = ["exemplar", "award", "year", "dossier", "proposed_by", "proposed_at"]
    list_filter = ["year", "award"]
    list_select_related = ["exemplar", "award", "dossier", "proposed_by"]
    search_fields = ["exemplar__name", "summary"]
