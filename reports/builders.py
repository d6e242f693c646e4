"""The report kinds: each builder turns parameters into figures, tables and charts (``ReportData``).

Builders only read (other apps' models and selectors); they report progress
through the callback they are given.
"""

from collections import Counter
from datetime import date

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AwardRecord, Dossier, DossierEvent, Nomination
from awards.services import ProcessingRules
from campaigns.models import Campaign, ReviewProposal
from campaigns.selectors import campaign_progress, unit_results
from clusters.models import ClusterYear
from clusters.selectors import ranking_compute
from reports import forms
from reports.kinds import ReportData, ReportKind, Section, Table, register
from reports.selectors import award_records_in_scope, holidays_between, working_days_after
from reports.statistics.builder import build_annual_statistics
from thiduakt.rules import is_administrator, is_department_staff, is_unit_officer
from thiduakt.selectors import unit_descendant_ids

MONTHS = [f"T{m}" for m in range(1, 13)]


def _scope_label(unit) -> str:
    return unit.name if unit else "Toàn tỉnh"


def _unit_ids(unit):
    return unit_descendant_ids(unit) if unit else None


# ---------------------------------------------------------------------------
# Annual statistics: the Ministry's forms 0601.N–0605.N (reports/statistics/)
# ---------------------------------------------------------------------------

register(
    ReportKind(
        code="annual_statistics",
        label=_("Thống kê thi đua, khen thưởng năm (biểu 0601.N – 0605.N)"),
        description=_(
            "Năm biểu thống kê của Thông tư 02/2023/TT-BNV: số phong trào thi đua; số lượng khen thưởng cấp Nhà "
            "nước và cấp tỉnh (theo ngày quyết định trong kỳ báo cáo 01/12 – 30/11); số tổ chức và công chức làm "
            "công tác thi đua, khen thưởng."
        ),
        form_class=forms.StatisticsForm,
        may_request=is_department_staff | is_unit_officer | is_administrator,
        build=build_annual_statistics,
        title=lambda params, unit: f"Thống kê thi đua, khen thưởng năm {params['year']} – {_scope_label(unit)}",
        order=10,
    )
)


# ---------------------------------------------------------------------------
# The department's workload
# ---------------------------------------------------------------------------

WORKLOAD_ROWS = [
    ("received", "Hồ sơ tiếp nhận (lần đầu)"),
    ("returned", "Lượt trả lại để bổ sung"),
    ("appraised", "Hồ sơ thẩm định xong"),
    ("on_time", "Trong đó: đúng hạn (≤ {days} ngày làm việc)"),  # the ProcessingRule limits of the year
    ("late", "Trong đó: quá hạn"),
    ("council_passed", "Đề nghị được Hội đồng thông qua"),
    ("decided", "Lượt khen thưởng đã quyết định"),
]


def workload_counts(year: int) -> dict[str, list[int]]:
    """Per month (index 0 = January) of ``year``: each figure of ``WORKLOAD_ROWS``."""

    figures = {key: [0] * 12 for key, _label in WORKLOAD_ROWS}
    for day in Dossier.objects.filter(first_received_on__year=year).values_list("first_received_on", flat=True):
        figures["received"][day.month - 1] += 1
    returns = DossierEvent.objects.filter(to_status=Dossier.Status.RETURNED, nomination__isnull=True, at__year=year)
    for at in returns.values_list("at", flat=True):
        figures["returned"][_local(at).month - 1] += 1
    appraised = list(
        Dossier.objects.filter(appraised_at__year=year, complete_on__isnull=False).values_list(
            "appraised_at", "complete_on"
        )
    )
    if appraised:
        rules = ProcessingRules()
        first = min(c for _a, c in appraised)
        holidays = holidays_between(first, date(year + 1, 12, 31))
        for at, complete_on in appraised:
            day = _local(at).date()
            month = day.month - 1
            figures["appraised"][month] += 1
            limit = rules.on(complete_on).appraisal_working_days  # the limit in force when it became complete
            late = working_days_after(complete_on, day, holidays) > limit
            figures["late" if late else "on_time"][month] += 1
    # The first time each nomination was recorded as passed by the council (from its history).
    passed = (
        Nomination.history.filter(status=Nomination.Status.COUNCIL_PASSED)
        .values("id")
        .annotate(first=Min("history_date"))
    )
    for row in passed:
        if _local(row["first"]).year == year:
            figures["council_passed"][_local(row["first"]).month - 1] += 1
    decided = AwardRecord.objects.filter(source=AwardRecord.Source.DECIDED, decision_date__year=year)
    for row in decided.values("decision_date__month").annotate(n=Count("id")).order_by():
        figures["decided"][row["decision_date__month"] - 1] += row["n"]
    return figures


def _local(value):

    return timezone.localtime(value) if timezone.is_aware(value) else value


def build_workload(params: dict, unit, progress) -> ReportData:

    year = int(params["year"])
    progress(10, str(_("Đếm hồ sơ theo tháng")))
    figures = workload_counts(year)
    days = " / ".join(map(str, ProcessingRules().appraisal_days_between(date(year, 1, 1), date(year, 12, 31))))
    table = Table(title="Theo tháng", headers=["Chỉ tiêu", *MONTHS, "Cả năm"])
    for key, label in WORKLOAD_ROWS:
        style = "indent-1" if key in ("on_time", "late") else ""
        table.add(label.format(days=days), *figures[key], sum(figures[key]), style=style)
    progress(60, str(_("Vẽ biểu đồ")))
    chart = {
        "kind": "line",
        "title": "Hồ sơ theo tháng",
        "labels": MONTHS,
        "series": [
            ("Tiếp nhận", figures["received"]),
            ("Thẩm định xong", figures["appraised"]),
            ("Trả lại", figures["returned"]),
        ],
    }
    appraised = sum(figures["appraised"])
    on_time = sum(figures["on_time"])
    share = {
        "kind": "share",
        "title": "Thẩm định đúng hạn",
        "items": [("Đúng hạn", on_time), ("Quá hạn", appraised - on_time)],
    }
    waiting = Dossier.objects.filter(status__in=[Dossier.Status.SUBMITTED, Dossier.Status.RESUBMITTED]).count()
    notes = [
        f"Hồ sơ đang chờ thẩm định tại thời điểm lập báo cáo: {waiting}.",
        f"Thời hạn thẩm định: {days} ngày làm việc kể từ ngày hồ sơ đủ thành phần, theo thời hạn áp dụng ngày đó "
        "(không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ).",
    ]
    return ReportData(
        title=f"Tình hình tiếp nhận, xử lý hồ sơ khen thưởng năm {year}",
        subtitle="Sở Nội vụ (Ban Thi đua - Khen thưởng)",
        sections=[Section(heading="Kết quả xử lý hồ sơ", tables=[table], charts=[chart, share], notes=notes)],
        landscape=True,
    )


register(
    ReportKind(
        code="workload",
        label=_("Tình hình xử lý hồ sơ của Sở (theo tháng)"),
        description=_(
            "Hồ sơ tiếp nhận, trả lại, thẩm định đúng hạn và quá hạn (thời hạn xử lý hồ sơ), Hội đồng thông qua, "
            "đã quyết định."
        ),
        form_class=forms.YearForm,
        may_request=is_department_staff | is_administrator,
        build=build_workload,
        title=lambda params, unit: f"Tình hình xử lý hồ sơ khen thưởng năm {params['year']}",
        order=20,
    )
)


# ---------------------------------------------------------------------------
# The honours list of a year (one line per award record)
# ---------------------------------------------------------------------------


def build_honours_list(params: dict, unit, progress) -> ReportData:
    year = int(params["year"])
    records = (
        award_records_in_scope(year=year, unit_ids=_unit_ids(unit))
        .select_related("award")
        .order_by("award__order", "award__name", "recipient_kind", "sort_key", "id")
    )
    total = records.count()
    progress(5, str(_("Đọc %(n)s lượt khen thưởng") % {"n": total}))
    sections: list[Section] = []
    current = None
    for index, record in enumerate(records.iterator(chunk_size=2000), start=1):
        if current is None or current.heading != record.award.name:
            current = Section(
                heading=record.award.name,
                tables=[
                    Table(headers=["TT", "Họ tên, tập thể", "Đơn vị", "Đối tượng", "Số quyết định"], numeric_from=99)
                ],
            )
            sections.append(current)
        table = current.tables[0]
        table.add(
            len(table.rows) + 1,
            record.recipient_name,
            record.recipient_unit_name,
            record.get_recipient_kind_display(),
            record.decision_number,
        )
        if index % 1000 == 0:
            progress(5 + 35 * index // max(total, 1), str(_("Đã đọc %(n)s/%(total)s") % {"n": index, "total": total}))
    return ReportData(
        title=f"Danh sách khen thưởng năm {year}",
        subtitle=f"{_scope_label(unit)} · {total} lượt",
        sections=sections,
        long_list=True,
    )


register(
    ReportKind(
        code="honours_list",
        label=_("Danh sách khen thưởng trong năm"),
        description=_("Mọi lượt khen thưởng của năm, theo hình thức, xếp theo tên."),
        form_class=forms.ScopedYearForm,
        may_request=is_department_staff | is_unit_officer | is_administrator,
        build=build_honours_list,
        title=lambda params, unit: f"Danh sách khen thưởng năm {params['year']} – {_scope_label(unit)}",
        order=30,
    )
)


# ---------------------------------------------------------------------------
# A campaign's review
# ---------------------------------------------------------------------------


def build_campaign_review(params: dict, unit, progress) -> ReportData:

    campaign = Campaign.objects.select_related("host_unit").get(pk=params["campaign"])
    progress(10, str(_("Đọc tiến độ báo cáo")))
    state = campaign_progress(campaign)
    registrations = Counter(campaign.registrations.values_list("status", flat=True))
    participation = Table(headers=["Chỉ tiêu", "Số lượng"])
    participation.add("Đơn vị tham gia (phải báo cáo)", len(state.rows))
    participation.add("Đơn vị đã đăng ký thi đua", sum(registrations.values()))
    participation.add("Trong đó: đã được duyệt", registrations.get("approved", 0), style="indent-1")
    participation.add("Báo cáo tiến độ đã gửi", state.submitted)
    participation.add("Đơn vị còn thiếu báo cáo quá hạn", len(state.late_units))

    dues = Table(title="Báo cáo theo kỳ", headers=["Kỳ báo cáo", "Hạn", "Đúng hạn", "Trễ hạn", "Chưa gửi (quá hạn)"])
    dues.numeric_from = 2
    for index, due in enumerate(state.dues):
        cells = Counter(row.cells[index].state for row in state.rows)
        dues.add(due.label, due.due_on.strftime("%d/%m/%Y"), cells["on_time"], cells["late"], cells["missing"])

    progress(40, str(_("Tính chỉ tiêu")))
    indicators = Table(
        title="Chỉ tiêu so với kế hoạch", headers=["Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"]
    )
    indicators.numeric_from = 2
    for bar in state.bars:
        indicators.add(bar.criterion.indicator, bar.unit_label, bar.target, bar.value, bar.percent)
    results = unit_results(campaign)
    names = {row.participant.unit_id: row.participant.unit.name for row in state.rows}
    ranked = sorted(
        ((names.get(uid, ""), pct) for uid, pct in results.items() if uid in names),
        key=lambda item: (item[1] is None, -(item[1] or 0), item[0]),
    )
    unit_table = Table(title="Mức hoàn thành của từng đơn vị", headers=["Đơn vị", "Mức hoàn thành (%)"])
    for name, pct in ranked:
        unit_table.add(name, pct if pct is not None else "—")

    progress(70, str(_("Đếm đề nghị khen thưởng")))
    proposed = Counter(ReviewProposal.objects.filter(review__campaign=campaign).values_list("award__name", flat=True))
    nominated = Counter(
        Nomination.objects.filter(dossier__campaign=campaign)
        .exclude(status__in=["rejected", "withdrawn"])
        .values_list("award__name", flat=True)
    )
    decided = Counter(
        AwardRecord.objects.in_force()
        .filter(nomination__dossier__campaign=campaign)
        .values_list("award__name", flat=True)
    )
    awards = Table(
        title="Khen thưởng", headers=["Hình thức", "Đề xuất khi sơ kết, tổng kết", "Đưa vào hồ sơ", "Đã quyết định"]
    )
    for name in sorted(set(proposed) | set(nominated) | set(decided)):
        awards.add(name, proposed[name], nominated[name], decided[name])
    awards.add("Tổng cộng", sum(proposed.values()), sum(nominated.values()), sum(decided.values()), style="total")
    charts = [
        {
            "kind": "bar",
            "title": "Tỷ lệ thực hiện chỉ tiêu (%)",
            "items": [(bar.criterion.indicator, bar.percent) for bar in state.bars],
        }
    ]
    return ReportData(
        title=f"Báo cáo kết quả phong trào thi đua “{campaign.name}”",
        subtitle=campaign.document_label or campaign.get_launcher_display(),
        sections=[
            Section(heading="I. Tham gia và báo cáo", tables=[participation, dues]),
            Section(heading="II. Kết quả thực hiện chỉ tiêu", tables=[indicators, unit_table], charts=charts),
            Section(heading="III. Khen thưởng", tables=[awards]),
        ],
    )


def _campaign_title(params, unit) -> str:

    name = Campaign.objects.filter(pk=params["campaign"]).values_list("name", flat=True).first() or ""
    return f"Kết quả phong trào thi đua “{name}”"


register(
    ReportKind(
        code="campaign_review",
        label=_("Báo cáo sơ kết, tổng kết phong trào thi đua"),
        description=_(
            "Đơn vị tham gia, báo cáo đúng hạn, chỉ tiêu so với kế hoạch, mức hoàn thành của từng đơn vị, "
            "khen thưởng đề xuất và đã quyết định."
        ),
        form_class=forms.CampaignForm,
        may_request=is_department_staff | is_administrator,
        build=build_campaign_review,
        title=_campaign_title,
        order=40,
    )
)


# ---------------------------------------------------------------------------
# A cluster's ranking
# ---------------------------------------------------------------------------


def build_cluster_ranking(params: dict, unit, progress) -> ReportData:

    cluster_year = ClusterYear.objects.select_related("cluster").get(pk=params["cluster_year"])
    progress(20, str(_("Tính điểm, xếp hạng")))
    rows = ranking_compute(cluster_year)
    table = Table(
        headers=["Đơn vị", "Hạng", "Điểm tự chấm", "Điểm sau thẩm định", "Điểm trừ", "Tổng điểm"],
    )
    for row in rows:
        table.add(row.unit.name, row.rank, row.self_total, row.scored_total, row.deductions_total, row.total)
    chart = {"kind": "bar", "title": "Tổng điểm", "items": [(row.unit.name, row.total) for row in rows]}
    return ReportData(
        title=f"Kết quả chấm điểm, xếp hạng {cluster_year.cluster.name} năm {cluster_year.year}",
        subtitle=f"{len(rows)} đơn vị thành viên",
        sections=[Section(heading="Bảng xếp hạng", tables=[table], charts=[chart])],
    )


def _cluster_title(params, unit) -> str:

    cy = ClusterYear.objects.select_related("cluster").filter(pk=params["cluster_year"]).first()
    return f"Xếp hạng {cy.cluster.name} năm {cy.year}" if cy else "Xếp hạng cụm, khối thi đua"


register(
    ReportKind(
        code="cluster_ranking",
        label=_("Kết quả chấm điểm, xếp hạng cụm, khối thi đua"),
        description=_("Điểm tự chấm, điểm sau thẩm định của trưởng cụm, điểm trừ, tổng điểm và thứ hạng."),
        form_class=forms.ClusterYearForm,
        may_request=is_department_staff | is_administrator,
        build=build_cluster_ranking,
        title=_cluster_title,
        order=50,
    )
)
