"""Background job kinds of the foundation (loaded in ``ThiduaktConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from thiduakt.jobs import job_kind
from thiduakt.models import OrgUnit
from thiduakt.spreadsheets import write_xlsx


@job_kind("thiduakt.units_export", _("Xuất danh bạ đơn vị (xlsx)"))
def units_export(job, context):
    """The registry of units as an xlsx file, with each unit's parent and merger."""
    units = list(OrgUnit.objects.select_related("parent", "merged_into").order_by("code"))
    total = max(len(units), 1)
    rows = []
    for index, unit in enumerate(units, start=1):
        rows.append(
            [
                unit.code,
                unit.name,
                unit.get_kind_display(),
                unit.parent.code if unit.parent else "",
                unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
                unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "",
                unit.merged_into.code if unit.merged_into else "",
            ]
        )
        if index % 200 == 0:
            context.progress(index * 90 // total, _("Đã đọc %(n)s/%(total)s đơn vị") % {"n": index, "total": total})
    headers = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Sáp nhập vào"]
    path = context.new_result_path(".xlsx")
    path.write_bytes(write_xlsx(headers, rows, title="Đơn vị"))
    context.set_result(path, "danh-ba-don-vi.xlsx")
