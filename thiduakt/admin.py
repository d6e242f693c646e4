import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin

from thiduakt.models import (
    DailyDigest,
    ImportTemplate,
    Job,
    Notification,
    OfficeHolder,
    OrgUnit,
    Person,
    Succession,
    User,
)
from thiduakt.resources import OrgUnitResource, PersonResource
from thiduakt.selectors import unit_closure_note
from thiduakt.spreadsheets import SafeXLSX, SpreadsheetError
from thiduakt.text import fold


class SafeImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.SPREADSHEET_MAX_BYTES:
            raise ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.SPREADSHEET_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class SafeImportExportMixin(ImportExportMixin):
    """xlsx only, read through the safe reader (size, zip bomb, formulas) and escaped on export."""

    import_formats = [SafeXLSX]
    export_formats = [SafeXLSX]
    import_form_class = SafeImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Đã nhập xong: %(new)s mới, %(updated)s cập nhật, %(deleted)s xóa, %(skipped)s bỏ qua (%(what)s).")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "deleted": totals[RowResult.IMPORT_TYPE_DELETE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
                "what": self.model._meta.verbose_name_plural,
            },
        )

    # The confirmation step names its preview's temporary file in a hidden field. Only a file this
    # session's own preview wrote may be imported (never another preview's, never a path typed in),
    # and each one once: it is claimed by an atomic rename, so a double click imports it once.

    def _previews_key(self) -> str:
        return f"admin-import-previews-{self.model._meta.label_lower}"

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            key = self._previews_key()
            request.session[key] = [*request.session.get(key, [])[-9:], initial["import_file_name"]]
        return initial

    def process_import(self, request, **kwargs):
        name = request.POST.get("import_file_name", "")
        key = self._previews_key()
        issued = request.session.get(key, [])
        again = redirect(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_import")
        if name not in issued:
            messages.error(
                request, _("Phiên nhập tệp đã hết hạn hoặc không phải của lần xem trước này; hãy tải tệp lên lại.")
            )
            return again
        request.session[key] = [n for n in issued if n != name]
        path = Path(tempfile.gettempdir(), name)
        claimed = path.with_name(f"{path.name}.{uuid.uuid4().hex}.claimed")
        try:
            path.rename(claimed)  # atomic: of two requests at once, one gets the file
        except FileNotFoundError:
            messages.warning(request, _("Tệp này đã được nhập (hoặc đã hết hạn); không ghi thêm lần nào."))
            return redirect(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist")
        request.POST = request.POST.copy()
        request.POST["import_file_name"] = str(claimed)
        try:
            return super().process_import(request, **kwargs)
        finally:
            claimed.unlink(missing_ok=True)


class ReadOnlyAdminMixin:
    """For records that change only through the services (events, workflow rows, ballots' results):
    the admin shows them and never adds, edits or deletes one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    fields = ["successor", "share", "effective_on", "legal_basis", "clause", "note"]
    verbose_name_plural = _("đơn vị kế thừa (sau khi sắp xếp)")


@admin.register(OrgUnit)
class OrgUnitAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "merged_into", "closure"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "search_text"]
    list_select_related = ["parent", "merged_into"]
    autocomplete_fields = ["parent", "merged_into"]
    history_list_display = ["name", "parent", "valid_to", "merged_into"]
    inlines = [SuccessionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("successions__successor")

    @admin.display(description=_("tình trạng"))
    def closure(self, obj):
        return unit_closure_note(obj) or _("đang hoạt động")


@admin.register(Succession)
class SuccessionAdmin(SimpleHistoryAdmin):
    """Where each closed unit went (several rows for a district split over communes), by which resolution."""

    list_display = ["predecessor", "successor", "share", "effective_on", "legal_basis", "clause"]
    list_filter = ["share", "effective_on"]
    search_fields = ["predecessor__search_text", "successor__search_text", "legal_basis"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(OfficeHolder)
class OfficeHolderAdmin(SimpleHistoryAdmin):
    """The chair and vice-chairs of a body by date: who signs its award decisions on a given day."""

    list_display = ["unit", "role", "full_name", "valid_from", "valid_to", "signs_documents"]
    list_filter = ["role", "signs_documents"]
    search_fields = ["full_name", "unit__search_text"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name", "gender", "birth_year", "position", "unit", "is_direct_worker"]
    list_filter = ["gender", "is_direct_worker", "is_business_person", "leader_rank", "unit__kind"]
    search_fields = ["full_name", "search_text", "id_number"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    history_list_display = ["full_name", "unit", "position"]

    def get_search_results(self, request, queryset, search_term):
        # Diacritics-insensitive: "nguyen" finds "Nguyễn".
        return super().get_search_results(request, queryset, fold(search_term) if search_term else search_term)


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = [
        "username",
        "full_name",
        "unit",
        "is_department_staff",
        "is_unit_officer",
        "is_council_member",
        "is_superuser",
        "is_active",
    ]
    list_filter = ["is_department_staff", "is_unit_officer", "is_council_member", "is_superuser", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email", "unit")}),
        (_("Vai trò"), {"fields": ("is_department_staff", "is_unit_officer", "is_council_member")}),
        (_("Quyền quản trị"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "unit", "password1", "password2")}),
        (_("Vai trò"), {"fields": ("is_department_staff", "is_unit_officer", "is_council_member")}),
    )


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "requested_by", "status", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DailyDigest)
class DailyDigestAdmin(admin.ModelAdmin):
    list_display = ["day", "unit", "items", "recipients", "title"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "title"]
    readonly_fields = ["unit", "day", "items", "recipients", "title", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "emailed_to", "read_at"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]
    readonly_fields = ["recipient", "title", "body", "link", "emailed_to", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportTemplate)
class ImportTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "created_by", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    search_fields = ["name"]
    readonly_fields = ["kind", "columns", "created_by", "updated_at"]

    def has_add_permission(self, request):
        return False  # saved from an import's column step, where the columns are known
