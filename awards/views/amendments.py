"""Screens of corrections and revocations (staff): choose the lines of a signed decision, the reason, and the
corrected names; the draft is then a decision like any other (edited, signed on its decision page)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards import services
from awards.forms import AmendForm
from awards.services.amendments import line_states, money, paid_amount
from awards.views.decisions import decision_or_404
from thiduakt.access import run_service


def _lines(decision):
    """The decision's lines with what holds of each (``state``, the amending decisions, the current version
    whose name and description the form starts from, the reward paid for it)."""
    lines = list(
        decision.recipients.select_related("decision", "replaces__decision", "replaces__replaces__decision").order_by(
            "recipient_kind", "sort_key"
        )
    )
    states = line_states(decision, lines)  # the same few queries for 25,000 lines, not a walk per line
    for line in lines:
        line.state, line.current, line.amended_by = states[line.pk]
        line.paid = money(paid_amount(line))
    return lines


@login_required
def decision_amend(request, pk):
    decision = decision_or_404(request, pk)
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
    return render(
        request,
        "awards/council/decision_amend.html",
        {
            "form": form,
            "decision": decision,
            "recipients": _lines(decision),
        },
    )
