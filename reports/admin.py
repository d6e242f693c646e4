"""Admin of reports: the requests and their render jobs, read only (reports are made on the reports screens)."""

from django.contrib import admin

from reports.models import Report
from thiduakt.admin import ReadOnlyAdminMixin


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "unit", "requested_by", "scheduled", "period", "created_at"]
    list_filter = ["kind", "scheduled"]
    search_fields = ["title", "kind", "period"]
    list_select_related = ["unit", "requested_by"]
    date_hierarchy = "created_at"
