"""Screens of decisions (staff): list, draft from the nominees ready, edit, sign, PDFs (correcting or revoking:
``awards.views.amendments``)."""

from html import escape  # the standard library's: Django's wraps it for lazy text, at a cost per value

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.forms import DecisionForm, LineSearchForm, SignForm
from awards.models import Award, Decision
from awards.services.amendments import CORRECTED, HOLDS, REVOKED, decision_money, money
from awards.services.signature import server_signing_available
from thiduakt import write_cache
from thiduakt.access import require, run_service
from thiduakt.downloads import generated_content_type, private_file_response
from thiduakt.links import pk_url
from thiduakt.selectors import search_filter
from thiduakt.services import job_create
from thiduakt.text import fold

PAGE_SIZE = 30


def decision_or_404(request, pk, *, counted: bool = True) -> Decision:
    """The decision, if the user may manage decisions; ``counted``: with its ``recipient_count`` (a page that
    reads ``selectors.decision_line_summary`` has it from there)."""
    require(request, "awards.manage_decisions")
    return get_object_or_404(selectors.decisions_visible_to(request.user, counted=counted), pk=pk)


@login_required
def decision_list(request):
    require(request, "awards.manage_decisions")
    if request.GET.get("ready") == "1":
        # The badge of the "Soạn quyết định" button, asked for by the list once shown (htmx).
        ready = selectors.decidable_nominations().count()
        return render(request, "awards/council/decision_list.html#ready", {"ready_count": ready})
    decisions = selectors.decisions_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Decision.Status.values:
        decisions = decisions.filter(status=status)
    purpose = request.GET.get("purpose", "")
    if purpose in Decision.Purpose.values:
        decisions = decisions.filter(purpose=purpose)
    award_id = request.GET.get("award", "")
    if award_id.isdigit():
        decisions = decisions.filter(award_id=int(award_id))
    year = request.GET.get("year", "")
    if year.isdigit():
        decisions = decisions.filter(year=int(year))
    query = request.GET.get("q", "").strip()
    if query:
        decisions = decisions.filter(
            search_filter("search_text", query) | Q(pk__in=_decisions_naming(query))
        ).distinct()
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/council/decision_list.html",
        {
            "page": page,
            "statuses": Decision.Status.choices,
            "purposes": Decision.Purpose.choices,
            "awards": Award.objects.filter(central_level=False).order_by("order", "name"),
            "filters": {"status": status, "purpose": purpose, "award": award_id, "year": year, "q": query},
        },
    )


def _decisions_naming(query: str):
    """Decisions naming a recipient that matches (diacritics-insensitive)."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(recipients__nomination__search_text__contains=word)
    return Decision.objects.filter(condition).values("pk")


@login_required
def decision_create(request):
    require(request, "awards.manage_decisions")
    nominations = selectors.decidable_nominations()
    award_id = request.POST.get("award") or request.GET.get("award", "")
    # The awards with a nominee to decide: a scan of every nominee ready (50,000 in a province's year), the same
    # at each visit between two writes, so kept until the next one (thiduakt.write_cache).
    with_nominees = write_cache.until_write(
        "decision-create:awards", lambda: sorted(nominations.order_by().values_list("award_id", flat=True).distinct())
    )
    awards = Award.objects.filter(pk__in=with_nominees).order_by("order", "name")
    award = awards.filter(pk=award_id).first() if str(award_id).isdigit() else None
    if request.method == "POST" and award is not None:
        ids = [int(i) for i in request.POST.getlist("nominations") if i.isdigit()]
        chosen = list(nominations.filter(pk__in=ids, award=award))
        if not chosen:
            messages.error(request, _("Chưa chọn đối tượng nào."))
        else:
            ok, decision = run_service(
                request,
                services.decision_create_draft,
                success=_("Đã soạn dự thảo quyết định; hãy kiểm tra nội dung và người ký."),
                award=award,
                nominations=chosen,
                by=request.user,
            )
            if ok:
                return redirect("awards:decision_detail", pk=decision.pk)
    return render(
        request,
        "awards/council/decision_create.html",
        {
            "awards": awards,
            "award": award,
            "nominations": list(nominations.filter(award=award)) if award else [],
            # A refused draft shows again what the user ticked, never more (the list starts empty).
            "picked": {int(i) for i in request.POST.getlist("nominations") if i.isdigit()},
        },
    )


@login_required
def decision_detail(request, pk):
    decision = decision_or_404(request, pk, counted=False)
    summary = selectors.kept_line_summary(decision)  # the groups' sizes, the count and the sums: one pass
    decision.recipient_count = summary["total"]
    search = LineSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    groups, page = selectors.grouped_recipients_page(decision, request.GET.get("page"), query, summary)
    kept = request.GET.copy()
    kept.pop("page", None)
    removable = decision.is_draft and decision.purpose == Decision.Purpose.AWARD
    _shown(decision, groups, removable=removable)
    show_states = not decision.is_draft and decision.purpose != Decision.Purpose.REVOCATION
    shown_money = _money(decision, groups, summary)  # sets what holds of each line: before its row is built
    return render(
        request,
        "awards/council/decision_detail.html",
        {
            "decision": decision,
            "groups": groups,
            "tables": _tables(groups, show_states=show_states),
            "page": page,
            "search": search,
            "query": query,
            "query_string": kept.urlencode(),
            "removable": removable,  # a draft award: each line has its button to leave it out
            "events": decision.events.select_related("by"),
            "amendments": decision.amendments.all(),
            "sign_form": SignForm(initial={"decision_date": timezone.localdate()}),
            # What holds of each line and the money (the payment, or an amendment's difference).
            **shown_money,
            "server_signing": server_signing_available(),
            # A signing under way, or the last one that failed (its reason), while the decision is a draft.
            "sign_job": services.decision_sign_job(decision, finished_too=True) if decision.is_draft else None,
        },
    )


def _shown(decision: Decision, groups, *, removable: bool) -> None:
    """What each line of the page shows, set once here rather than worked out by the template for each line: its
    number, its money (the reward, or an amendment's difference; "—" when none) and, in a draft award, the
    address that leaves it out (one ``reverse`` for the page)."""
    award = decision.purpose == Decision.Purpose.AWARD
    marker = 0  # no line has pk 0: the address of line 0, with each line's pk in its place
    remove = reverse("awards:decision_recipient_remove", args=[decision.pk, marker]) if removable else ""
    head, _sep, tail = remove.rpartition(f"/{marker}/")
    for _heading, lines in groups:
        for line in lines:
            line.number = str(line.tt)  # as text: the template would format the number for the locale
            if award:
                line.money_display = "—" if line.reward_amount is None else money(line.reward_amount)
            else:
                line.money_display = "—" if line.reward_difference is None else line.reward_difference_display
            line.remove_url = f"{head}/{line.pk}/{tail}" if removable else ""


def _tables(groups, *, show_states: bool) -> list[tuple[str, str]]:
    """Each group's heading and the rows of its table as HTML, after ``_money`` set what holds of each line: the
    template prints one value a group rather than some twenty tags a line (50 lines a page). Labels are
    translated and the links of the amending decisions reversed once a page; every value is escaped here."""
    instead_of, remove_label = escape(_("thay cho")), escape(_("Bỏ"))
    holds = f'<span class="badge text-bg-success">{escape(_("Còn hiệu lực"))}</span>'
    badges = {
        REVOKED: f'<span class="badge text-bg-danger">{escape(_("Đã bị hủy bỏ"))}</span>',
        CORRECTED: f'<span class="badge text-bg-warning">{escape(_("Đã đính chính"))}</span>',
    }
    detail_url = pk_url("awards:decision_detail")
    coefficients: dict = {}  # each coefficient as the locale writes it, once
    tables = []
    for heading, lines in groups:
        rows = []
        for line in lines:
            replaced = ""
            if (replaces := line.replaces) is not None:
                replaced = (
                    f'<div class="small text-body-secondary">{instead_of} {escape(replaces.recipient_name)}'
                    f" ({escape(replaces.decision.number_display)})</div>"
                )
            if not show_states:
                state = "—"
            elif line.state == HOLDS:
                state = holds
            else:
                state = badges[REVOKED if line.state == REVOKED else CORRECTED] + "".join(
                    f' <a class="small" href="{detail_url(d.pk)}">{escape(d.number_display)}</a>'
                    for d in line.amended_by
                )
            button = ""
            if line.remove_url:
                button = (
                    '<button class="btn btn-sm btn-outline-danger" type="submit" form="remove-line"'
                    f' formaction="{escape(line.remove_url)}" aria-label="{remove_label}"><i class="bi bi-x-lg"></i>'
                    "</button>"
                )
            if (coefficient := line.coefficient) not in coefficients:
                coefficients[coefficient] = escape(localize(coefficient))
            rows.append(
                f'<tr data-testid="recipient">\n    <td>{escape(line.number)}</td><td>{escape(line.recipient_name)}'
                f"{replaced}</td><td>{escape(line.description)}</td>\n"
                f'    <td class="text-end">{coefficients[coefficient]}</td><td class="text-end">'
                f"{escape(line.money_display)}</td>\n"
                f'    <td data-testid="line-state">{state}</td>\n    <td>{button}</td>\n  </tr>'
            )
        tables.append((heading, mark_safe("".join(rows))))  # noqa: S308 -- every value escaped above
    return tables


def _money(decision: Decision, groups, summary: dict[str, int]) -> dict:
    """``decision_money``'s figures. A draft's lines are replaced by no signed line (only a signed decision is
    amended): each holds, and its money is the sum of its lines, read with the counts; a signed decision's are
    walked by ``decision_money``."""
    if not decision.is_draft:
        return decision_money(decision, groups)
    for _heading, lines in groups:
        for line in lines:
            line.state, line.amended_by = HOLDS, []
    if decision.purpose == Decision.Purpose.AWARD:
        paid = summary["reward_amount"]
        return {
            "total": paid,
            "total_label": _("tổng tiền thưởng (các dòng còn hiệu lực)"),
            "total_display": money(paid),
        }
    difference = summary["reward_difference"]
    return {
        "total": difference,
        "total_label": _("chênh lệch tiền thưởng (không chi thêm)"),
        "total_display": money(difference, signed=True),
    }


@login_required
def decision_edit(request, pk):
    decision = decision_or_404(request, pk)
    if not decision.is_draft:
        messages.error(request, _("Quyết định đã ký, không thể sửa; hãy ra quyết định đính chính."))
        return redirect("awards:decision_detail", pk=decision.pk)
    form = DecisionForm(request.POST or None, instance=Decision.objects.get(pk=decision.pk))
    if request.method == "POST" and form.is_valid():
        ok, _saved = run_service(
            request,
            services.decision_update,
            success=_("Đã lưu dự thảo."),
            form=form,
            decision=decision,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("awards:decision_detail", pk=decision.pk)
    return render(request, "awards/council/decision_form.html", {"form": form, "decision": decision})


@login_required
@require_POST
def decision_recipient_remove(request, pk, recipient_pk):
    decision = decision_or_404(request, pk)
    recipient = get_object_or_404(decision.recipients, pk=recipient_pk)
    run_service(
        request,
        services.decision_recipient_remove,
        success=_("Đã bỏ đối tượng khỏi dự thảo."),
        recipient=recipient,
        by=request.user,
    )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_sign(request, pk):
    decision = decision_or_404(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        # The signing writes every line: a job does it; this page follows its progress (decision_detail).
        run_service(
            request,
            services.decision_sign_request,
            success=_("Đang ký ban hành quyết định trong nền; trang này cho biết khi xong."),
            decision=decision,
            by=request.user,
            **form.cleaned_data,
        )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_render(request, pk):
    decision = decision_or_404(request, pk)
    if not decision.is_draft and decision.pdf_file:
        messages.info(request, _("Bản PDF của quyết định đã ký đã được lưu; không tạo lại."))
        return redirect("awards:decision_detail", pk=decision.pk)
    job = job_create(kind="awards.decision_documents", requested_by=request.user, params={"decision_id": decision.pk})
    messages.info(request, _("Đang tạo tệp PDF trong nền."))
    return redirect("job_detail", public_id=job.public_id)


@login_required
def decision_download(request, pk, kind):
    decision = decision_or_404(request, pk)
    field = {"quyet-dinh": decision.pdf_file, "bang-khen": decision.certificates_file}.get(kind)
    if not field:
        raise Http404
    slug = decision.number_display.replace("/", "-")
    name = f"QD-{slug}.pdf" if kind == "quyet-dinh" else f"BangKhen-{slug}.pdf"
    return private_file_response(field, filename=name, content_type=generated_content_type(name))
