from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from thiduakt.models import Job, Notification, OrgUnit, Person, User
from thiduakt.resources import OrgUnitResource, PersonResource
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


class ReadOnlyAdminMixin:
    """For records that change only through the services (events, workflow rows, ballots' results):
    the admin shows them and never adds, edits or deletes one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(SafeImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "merged_into"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "search_text"]
    list_select_related = ["parent", "merged_into"]
    autocomplete_fields = ["parent", "merged_into"]
    history_list_display = ["name", "parent", "valid_to", "merged_into"]


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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "emailed_to", "read_at"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]
    readonly_fields = ["recipient", "title", "body", "link", "emailed_to", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False
