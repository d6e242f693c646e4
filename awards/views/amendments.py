"""Screens of corrections and revocations (staff): choose the lines of a signed decision, the reason, and the
corrected names; the draft is then a decision like any other (edited, signed on its decision page)."""

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards import selectors, services
from awards.forms import AmendForm, LineSearchForm
from awards.services.amendments import line_states, money, paid_amount
from awards.views.decisions import decision_or_404
from thiduakt.access import run_service


def _page(decision, params, form):
    """The page of lines shown (``selectors.grouped_recipients_page``: the decision page's search and pages, at
    most ``DECISION_PAGE_LINES`` lines), each with what holds of it (``state``, the amending decisions, the current
    version the form starts from, the reward paid for it) and, after a refused POST, what the user ticked and
    typed. ``params``: the address's ``q`` and ``page``, or the POST's hidden copies of them."""
    search = LineSearchForm({"q": params.get("q", "")})
    query = search.cleaned_data["q"] if search.is_valid() else ""
    summary = selectors.kept_line_summary(decision)  # the groups' sizes and the count, in one pass
    decision.recipient_count = summary["total"]
    groups, page = selectors.grouped_recipients_page(decision, params.get("page"), query, summary)
    lines = [line for _heading, group in groups for line in group]
    # paid_amount walks back to the award line: a correction of a correction is two steps, read for the page.
    prefetch_related_objects(lines, "replaces__replaces__decision")
    states = line_states(decision, lines)  # only the page's lines and their amendments, in a few queries
    ticked = set(form.data.getlist("recipients")) if form.is_bound else set()
    for line in lines:
        # Its pk and number as text, set once: the template would format each number for the locale.
        line.key, line.number = str(line.pk), str(line.tt)
        line.state, line.current, line.amended_by = states[line.pk]
        line.paid = money(paid_amount(line))
        line.ticked = str(line.pk) in ticked
        line.name_value = form.data.get(f"name-{line.pk}", line.current.recipient_name)
        line.description_value = form.data.get(f"description-{line.pk}", line.current.description)
    return {
        "groups": groups,
        "recipients": lines,
        "page": page,
        "search": search,
        "query": query,
        "query_string": urlencode({"q": query}) if query else "",  # the page links keep the search
    }


@login_required
def decision_amend(request, pk):
    # A page shown counts the lines with their groups (``_page``); a draft made leaves for its own page.
    decision = decision_or_404(request, pk, counted=False)
    form = AmendForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        corrections = {}
        for recipient in form.cleaned_data["recipients"]:
            name = request.POST.get(f"name-{recipient.pk}", "").strip()
            description = request.POST.get(f"description-{recipient.pk}")
            change = {}
            if name:
                change["recipient_name"] = name
            if description is not None:
                change["description"] = description.strip()
            corrections[recipient.pk] = change
        ok, amendment = run_service(
            request,
            services.decision_amend_draft,
            success=_("Đã soạn dự thảo quyết định mới; ký để có hiệu lực."),
            form=form,
            old=decision,
            purpose=form.cleaned_data["purpose"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            recipients=list(form.cleaned_data["recipients"]),
            corrections=corrections,
        )
        if ok:
            return redirect("awards:decision_detail", pk=amendment.pk)
    # A refused POST shows again the page and search it was sent from (its hidden ``q`` and ``page``).
    params = request.POST if request.method == "POST" else request.GET
    return render(
        request,
        "awards/council/decision_amend.html",
        {"form": form, "decision": decision, **_page(decision, params, form)},
    )
