"""The ``annual_statistics`` report: the five forms 0601.N–0605.N for a period and a scope.

Parameters (``reports.forms.StatisticsForm``): ``year`` (the report year), optional
``date_from`` / ``date_to`` (ISO dates; default 01/12 of the previous year to
30/11 of the report year, the period of the thi đua, khen thưởng field), and
the header and signature texts: ``reporting_unit``, ``receiving_unit``,
``preparer_name``, ``head_title``, ``head_name`` (each optional).
"""

from datetime import date

from django.utils.translation import gettext as _

from reports.kinds import ReportData
from reports.statistics import counting
from reports.statistics.forms_tt02 import (
    CIRCULAR_LINE,
    FORM_0601,
    FORM_0604,
    FORM_0605,
    HEAD_NOTE,
    HEAD_TITLE,
    PLACE_DATE_LINE,
    PREPARER_NOTE,
    PREPARER_TITLE,
    RECEIPT_LINES,
    award_group,
    form_0602,
    form_0603,
)
from reports.statistics.layout import fill
from reports.statistics.xlsx import write_forms_xlsx
from thiduakt.selectors import issuer_as_of, unit_descendant_ids

MAX_PERIOD_YEARS = 5  # "Báo cáo 05 năm" is the longest period the regime knows
CENTRAL_RECEIVER = "Bộ Nội vụ"


def default_period(year: int) -> tuple[date, date]:
    """01/12 of the previous year to 30/11 of ``year`` (TT 02/2023/TT-BNV, thi đua, khen thưởng field)."""
    return date(year - 1, 12, 1), date(year, 11, 30)


def period_error(date_from: date, date_to: date) -> str:
    """ "" when the period is acceptable, else why not (in Vietnamese)."""
    if date_to < date_from:
        return _("Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ.")
    try:
        limit = date_from.replace(year=date_from.year + MAX_PERIOD_YEARS)
    except ValueError:  # 29/02
        limit = date(date_from.year + MAX_PERIOD_YEARS, 3, 1)
    if date_to >= limit:
        return _("Kỳ báo cáo dài tối đa %(years)s năm.") % {"years": MAX_PERIOD_YEARS}
    return ""


def _day(value) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(_("ngày “%(value)s” không hợp lệ.") % {"value": value}) from None


def statistics_period(params: dict) -> tuple[int, date, date]:
    """The report year and period of ``params``; a ValueError (shown as a bad parameter) when they do not fit."""
    try:
        year = int(params.get("year"))
    except (TypeError, ValueError):
        message = _("năm báo cáo “%(value)s” không phải là một năm.") % {"value": params.get("year", "")}
        raise ValueError(message) from None
    date_from, date_to = default_period(year)
    if params.get("date_from") or params.get("date_to"):
        if not (params.get("date_from") and params.get("date_to")):
            raise ValueError(_("Cần cả ngày đầu và ngày cuối kỳ báo cáo."))
        date_from, date_to = _day(params["date_from"]), _day(params["date_to"])
    if error := period_error(date_from, date_to):
        raise ValueError(error)
    return year, date_from, date_to


def period_line(year: int, date_from: date, date_to: date) -> str:
    return f"Thời điểm báo cáo: năm {year} (từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y})"


def build_annual_statistics(params: dict, unit, progress) -> ReportData:
    year, date_from, date_to = statistics_period(params)
    unit_ids = unit_descendant_ids(unit) if unit else None
    period = {"date_from": date_from, "date_to": date_to, "unit_ids": unit_ids}

    progress(5, _("Đếm phong trào thi đua"))
    movements = counting.campaign_facts(**period) + counting.cluster_facts(**period)
    progress(30, _("Đếm khen thưởng"))
    catalogue = counting.award_catalogue()
    awards = counting.award_facts(**period)
    progress(60, _("Đếm tổ chức, công chức làm công tác thi đua, khen thưởng"))
    org = counting.organisation(unit_ids=unit_ids, on=date_to)

    # The province-level body in force at the end of the period (the registry's, by date): a province-wide
    # report is its own and goes to the Ministry; a unit's goes to its Sở Nội vụ.
    issuer = issuer_as_of(date_to)
    if unit is None:
        scope_name, receiver = (issuer.unit.name if issuer else ""), CENTRAL_RECEIVER
    else:
        scope_name, receiver = unit.name, (issuer.interior_department if issuer else "")
    header = {
        "reporting_unit": params.get("reporting_unit") or scope_name,
        "receiving_unit": params.get("receiving_unit") or receiver,
        "signature": {
            "preparer_name": params.get("preparer_name", ""),
            "head_title": params.get("head_title") or HEAD_TITLE,
            "head_name": params.get("head_name", ""),
        },
    }
    flow = period_line(year, date_from, date_to)
    state = f"Năm {year}"
    # 0602 counts every central award; 0603 the provincial awards it has a column for.
    central = {a["id"] for a in catalogue if a["level"] == "central"}
    provincial = {a["id"] for a in catalogue if a["level"] == "province" and award_group(a["name"], a["level"])}
    progress(80, _("Lập các biểu"))
    forms = [
        fill(FORM_0601, movements, period_line=flow, **header),
        fill(form_0602(catalogue), [f for f in awards if f[0]["award_id"] in central], period_line=flow, **header),
        fill(form_0603(catalogue), [f for f in awards if f[0]["award_id"] in provincial], period_line=flow, **header),
        fill(FORM_0604, counting.organisation_facts(org), period_line=state, **header),
        fill(FORM_0605, counting.official_facts(org, on=date_to), period_line=state, **header),
    ]
    scope_label = unit.name if unit else "Toàn tỉnh"
    return ReportData(
        title=f"Thống kê thi đua, khen thưởng năm {year}",
        subtitle=f"{scope_label} · Biểu 0601.N – 0605.N (Thông tư 02/2023/TT-BNV)",
        landscape=True,
        template="reports/pdf/statistics_forms.html",
        extra={
            "forms": forms,
            "circular_line": CIRCULAR_LINE,
            "receipt_lines": RECEIPT_LINES,
            "place_date_line": PLACE_DATE_LINE,
            "preparer_title": PREPARER_TITLE,
            "preparer_note": PREPARER_NOTE,
            "head_note": HEAD_NOTE,
        },
        xlsx=lambda data: write_forms_xlsx(data.extra["forms"]),
    )
