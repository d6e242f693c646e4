"""Progress: the campaign's progress tab and reminders, the unit's report form, page and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import Participant, ProgressReport, Reminder, ReportAttachment, ReportDue
from campaigns.selectors import (
    GridUnit,
    UnitRef,
    campaigns_visible_to,
    criteria_for,
    earlier_values,
    late_counts,
    late_participants,
    progress_rows,
    progress_summary,
    reporting_participants,
    reports_visible_to,
    unit_commitments,
)
from campaigns.views.common import campaign_or_404, staff_campaign, tab_context
from thiduakt import write_cache
from thiduakt.access import require, run_service
from thiduakt.downloads import private_file_response
from thiduakt.selectors import search_filter, unit_descendant_ids
from thiduakt.text import SEARCH_LENGTH

PROGRESS_PAGE = 50  # units a page of the progress grid shows; every unit is in the campaign's review document
LATE_SHOWN = 30  # late units named above the grid; the grid's "late only" filter lists them all


def _cell_looks() -> dict[str, tuple[str, str]]:
    """A grid cell's state → (badge colour, label), translated once a page rather than once a cell."""
    return {
        "on_time": ("success", _("Đúng hạn")),
        "late": ("warning", _("Gửi trễ")),
        "missing": ("danger", _("Quá hạn")),
        "draft": ("light", _("Đang soạn")),
        "pending": ("secondary", _("Chưa đến hạn")),
    }


def _dress(rows) -> list:
    """Give each cell of ``rows`` its badge, label and the link to its report (sent ones), and each row its
    cells as HTML (``row.cells_html``): the grid's template prints one value a row, not a loop of tags per
    cell (50 units × the due dates); a cell without a link is the same HTML for each state, made once."""
    looks = _cell_looks()
    plain = {
        state: format_html('<td class="text-center"><span class="badge text-bg-{}">{}</span></td>', badge, label)
        for state, (badge, label) in looks.items()
    }
    # A sent report's cell: its link around the state's badge (escaped once a page); the link's only variable
    # part is the report's id, a number.
    badges = {
        state: format_html('<span class="badge text-bg-{}">{}</span></a></td>', badge, label)
        for state, (badge, label) in looks.items()
    }
    report_url = reverse("campaigns:report_detail", args=[0]).removesuffix("0/")  # + "<pk>/"
    for row in rows:
        html = []
        for cell in row.cells:
            cell.badge, cell.label = looks[cell.state]
            if cell.state in ("on_time", "late"):
                cell.href = f"{report_url}{int(cell.report_id)}/"
                html.append(f'<td class="text-center"><a href="{cell.href}">{badges[cell.state]}')
            else:
                html.append(plain[cell.state])
        row.cells_html = mark_safe("".join(html))  # noqa: S308 -- pieces escaped by format_html, ids numbers
    return rows


def _chart(summary) -> dict:
    """The context of the figures' chart and table (``campaigns/_progress_chart.html``)."""
    bar_width = 360
    bars = [
        {
            "bar": b,
            "value_width": min(bar_width, int(bar_width * b.percent / 100)) if b.target else 0,
            "y": 8 + i * 46,
        }
        for i, b in enumerate(summary.bars)
    ]
    return {"bars": bars, "bar_width": bar_width, "chart_height": 16 + 46 * len(bars)}


@login_required
def campaign_progress(request, pk):
    """The progress tab: figures and bars over every unit in scope (counted by the database), the late
    units' first names, then the grid of units × due dates a page of units at a time, searchable by name."""
    campaign = campaign_or_404(request, pk)
    user = request.user
    scope = None
    if not (user.is_department_staff or user.is_superuser or user.is_council_member):
        scope = unit_descendant_ids(user.unit_id)
    today = timezone.localdate()
    dues = list(campaign.dues.order_by("due_on"))
    participants = reporting_participants(campaign, unit_ids=scope)
    late = late_participants(campaign, participants, dues, today=today)

    def figures():
        late_first, late_units = late_counts(campaign, late, dues, today=today, limit=LATE_SHOWN)
        # Every unit in scope as tuples, by name, once: for the figures and, unfiltered, for the grid's pages.
        units = list(participants.values_list("unit_id", "group_id", "unit__name"))
        refs = [UnitRef(unit_id, group_id) for unit_id, group_id, _name in units]
        summary = progress_summary(campaign, participants, dues, today=today, late_units=late_units, refs=refs)
        return late_first, units, summary, render_to_string("campaigns/_progress_chart.html", _chart(summary))

    # The figures over every unit in scope (bars, counts by due date, the late units) are the same at each
    # visit between two writes: kept until the next one (thiduakt.write_cache), per campaign and scope.
    late_first, units, summary, chart_html = write_cache.until_write(
        f"campaign:progress:{campaign.pk}:{'all' if scope is None else user.unit_id}", figures
    )
    query = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    late_only = request.GET.get("late") == "1"
    shown = participants.values_list("unit_id", "unit__name")  # a filtered grid: tuples of id and name
    if query:
        shown = shown.filter(search_filter("unit__search_text", query))
    if late_only:
        shown = shown.filter(pk__in=late.values("pk"))
    if not (query or late_only):
        shown = [(unit_id, name) for unit_id, _group_id, name in units]  # read already
    page = Paginator(shown, PROGRESS_PAGE).get_page(request.GET.get("page"))
    late_shown = [
        (name, ngettext("%(n)s kỳ chưa báo cáo", "%(n)s kỳ chưa báo cáo", n) % {"n": n}) for name, n in late_first
    ]
    context = tab_context(request, campaign, "progress")
    context.update(
        {
            "summary": summary,
            "dues": dues,
            "page": page,
            "rows": _dress(progress_rows(campaign, [GridUnit(*u) for u in page.object_list], dues, today=today)),
            "late_shown": late_shown,
            "late_more": summary.late_units - len(late_shown),
            "q": query,
            "late_only": late_only,
            "query_string": urlencode({k: v for k, v in (("q", query), ("late", "1" if late_only else "")) if v}),
            "chart_html": mark_safe(chart_html),  # noqa: S308 -- our own render of the figures, kept
            "can_remind": user.has_perm("campaigns.manage_campaign", campaign),
            "reminders": (
                list(
                    Reminder.objects.filter(due__campaign=campaign)
                    .select_related("due", "unit", "sent_by")
                    .order_by("-sent_at", "-id")[:20]
                )
                if user.has_perm("campaigns.manage_campaign", campaign)
                else []
            ),
            "today": today,
        }
    )
    return render(request, "campaigns/campaign_progress.html", context)


@login_required
@require_POST
def remind_late(request, pk):
    campaign = staff_campaign(request, pk)
    ok, sent = run_service(request, services.campaign_remind_late, campaign=campaign, by=request.user)
    if ok and sent:
        messages.success(request, _("Đã nhắc %(n)s báo cáo trễ hạn.") % {"n": sent})
    elif ok:
        messages.info(request, _("Không có báo cáo trễ hạn nào cần nhắc (hoặc đã nhắc hôm nay)."))
    return redirect("campaigns:progress", pk=campaign.pk)


@login_required
def report_edit(request, due_pk):
    """The officer's own unit report for one due date: values, narrative, attachments; save or send."""
    due = get_object_or_404(ReportDue.objects.filter(campaign__in=campaigns_visible_to(request.user)), pk=due_pk)
    campaign = due.campaign
    require(request, "campaigns.report", campaign)
    unit = request.user.unit
    participant = get_object_or_404(Participant, campaign=campaign, unit=unit)
    report = ProgressReport.objects.filter(due=due, unit=unit).first()
    if report and not request.user.has_perm("campaigns.edit_report", report):
        return redirect("campaigns:report_detail", pk=report.pk)
    criteria = criteria_for(campaign, participant.group_id)
    initial = {v.criterion_id: (v.value, v.text) for v in report.values.all()} if report else {}
    form = forms.ReportForm(
        request.POST or None,
        criteria=criteria,
        initial_values=initial,
        initial={"note": report.narrative if report else ""},
    )
    attachment_form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("upload")
        submit = "submit" in request.POST
        ok, saved = run_service(
            request,
            services.report_save,
            success="" if submit else _("Đã lưu báo cáo (chưa gửi)."),
            form=form,
            due=due,
            unit=unit,
            by=request.user,
            narrative=form.cleaned_data["note"],
            values=form.commitments(),
            uploads=[upload] if upload is not None else [],
        )
        if ok and not submit:
            return redirect("campaigns:report_edit", due_pk=due.pk)
        if ok:
            report = saved
            ok, _sent = run_service(
                request,
                services.report_submit,
                success=_("Đã gửi báo cáo tiến độ."),
                form=form,
                report=saved,
                by=request.user,
            )
            if ok:
                return redirect("campaigns:report_detail", pk=saved.pk)
    registration_status, committed = unit_commitments(campaign, unit.pk)
    earlier = earlier_values(campaign, unit.pk, due.due_on)
    return render(
        request,
        "campaigns/report_form.html",
        {
            "campaign": campaign,
            "due": due,
            "form": form,
            # Beside each indicator: the unit's own commitment from its registration, and the plan's target.
            "rows": [(c, value, text, committed.get(c.pk), earlier.get(c.pk)) for c, value, text in form.rows()],
            "registration_status": registration_status,
            "attachment_form": attachment_form,
            "report": report,
            "attachments": list(report.attachments.all()) if report else [],
            "unit": unit,
            "today": timezone.localdate(),
        },
    )


@login_required
def report_detail(request, pk):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    values = {v.criterion_id: v for v in report.values.all()}
    rows = [(c, values.get(c.pk)) for c in report.campaign.criteria.all() if c.pk in values or not c.group_id]
    return render(
        request,
        "campaigns/report_detail.html",
        {
            "report": report,
            "campaign": report.campaign,
            "rows": rows,
            "attachments": list(report.attachments.all()),
            "can_change": request.user.has_perm("campaigns.edit_report", report),
        },
    )


@login_required
@require_POST
def report_submit(request, pk):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    require(request, "campaigns.edit_report", report)  # a stale tab: told the report's state, not 404
    run_service(request, services.report_submit, success=_("Đã gửi báo cáo tiến độ."), report=report, by=request.user)
    return redirect("campaigns:report_detail", pk=report.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ReportAttachment.objects.filter(report__in=reports_visible_to(request.user)), pk=pk)
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
