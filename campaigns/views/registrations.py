"""Participants and registrations: the unit's registration form, its page, and its moves."""

from collections import namedtuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import forms, services
from campaigns.models import REGISTRATION_STATUSES, REPORTING_ROLES, Participant, Registration
from campaigns.selectors import (
    criteria_for,
    registration_rollups,
    registrations_visible_to,
    top_unit_ids,
    unit_parents,
)
from campaigns.services.reminders import REGISTERED
from campaigns.views.common import campaign_or_404, staff_campaign, tab_context
from thiduakt import write_cache
from thiduakt.access import StaleAction, require, run_service
from thiduakt.forms import figure
from thiduakt.models import OrgUnit
from thiduakt.selectors import unit_descendant_ids

PARTICIPANTS_PAGE = 50  # units a page of the participants list shows; the whole list is the campaign's xlsx
ROLLUP_PAGE = 20  # root units a page of the roll-up shows (a province campaign has 160), under the total of all

ParticipantRow = namedtuple("ParticipantRow", ["unit_id", "unit", "role", "group"])  # names, the role's label
RegistrationCell = namedtuple("RegistrationCell", ["pk", "status", "badge", "href", "sent"])  # "sent": d/m/Y H:i


def _registration_cells(campaign, registrations: dict, unit_ids) -> dict[int, RegistrationCell]:
    """Unit id → its registration as the list shows it (badge, link, time sent), for the units of a page, from
    ``registrations`` (unit id → (pk, status) of the campaign's); each status's badge made once."""
    badges = {
        status: format_html('<span class="badge text-bg-{}">{}</span>', Registration.Status.badge_of(status), label)
        for status, label in Registration.Status.choices
    }
    link = reverse("campaigns:register", args=[campaign.pk])  # + "<registration pk>/": its page
    shown = {unit_id: registrations[unit_id] for unit_id in unit_ids if unit_id in registrations}
    # When each was sent: read for the page's registrations only (a campaign has 800).
    sent_at = dict(
        Registration.objects.filter(pk__in=[pk for pk, _status in shown.values()], submitted_at__isnull=False)
        .order_by()
        .values_list("pk", "submitted_at")
    )
    cells = {}
    for unit_id, (pk, status) in shown.items():
        sent = timezone.localtime(sent_at[pk]).strftime("%d/%m/%Y %H:%M") if pk in sent_at else ""
        cells[unit_id] = RegistrationCell(pk, status, badges[status], f"{link}{pk}/", sent)
    return cells


def _rollup_cells(rollup) -> str:
    """A roll-up row's figures as HTML cells (participants, registered, approved, then each criterion's)."""
    figures = [rollup.participants, rollup.registered, rollup.approved, *rollup.sums]
    return mark_safe("".join(f'<td class="text-end">{figure(value)}</td>' for value in figures))  # noqa: S308 -- numbers or "—"


def _row_html(participant: ParticipantRow, registration: RegistrationCell | None, *, ticks: bool, none: str):
    """A row of the units' list as HTML: the template prints one value a row, not a dozen tags (50 a page).
    ``ticks``: a first column with a box for each registration sent, to decide together; ``none``: the text
    of a unit without a registration."""
    if registration:
        state = format_html('<a href="{}">{}</a>', registration.href, registration.badge)
    else:
        state = format_html('<span class="text-body-secondary">{}</span>', none)
    tick = ""
    if ticks:
        box = ""
        if registration and registration.status == Registration.Status.SUBMITTED:
            box = format_html(
                '<input class="form-check-input" type="checkbox" name="registrations" value="{}" aria-label="{}">',
                registration.pk,
                participant.unit,
            )
        tick = format_html("<td>{}</td>", box)
    return format_html(
        '<tr>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="small">{}</td></tr>',
        tick,
        participant.unit,
        participant.role,
        participant.group or "—",
        state,
        registration.sent if registration else "",
    )


@login_required
def campaign_participants(request, pk):
    """The registrations summed by level of units (the total of all, then the top units a page at a time),
    then the participating units a page at a time (a campaign of the whole province has 800 of them): each
    with its registration. Figures, pages and counts come from tuples read once (no model per unit)."""
    campaign = campaign_or_404(request, pk)
    user = request.user
    everyone = user.is_department_staff or user.is_superuser or user.is_council_member
    criteria = [c for c in campaign.criteria.all() if not c.is_qualitative]

    def figures():
        participants = campaign.participants.order_by("unit__name", "pk")
        parent_of = unit_parents()
        columns = ("unit_id", "unit__name", "role", "group__name")  # what a row of the list shows
        listed = list(participants.values_list(*columns))  # every participant, by name, once: roll-up and pages
        unit_ids = [row[0] for row in listed]
        if everyone:
            root_ids, in_scope = top_unit_ids(unit_ids, parent_of), listed
        else:
            scope = unit_descendant_ids(user.unit_id)
            root_ids, in_scope = [user.unit_id], [row for row in listed if row[0] in scope]  # the officer's units
        registered = list(campaign.registrations.order_by().values_list("pk", "unit_id", "status"))
        rollups, total = registration_rollups(
            campaign, root_ids, criteria, parent_of=parent_of, participant_units=unit_ids, registrations=registered
        )
        # The units in scope (every participant, or the officer's): those to decide and those to remind.
        status_of = {unit_id: status for _pk, unit_id, status in registered}  # one per unit
        statuses = [(role, status_of.get(unit_id)) for unit_id, _name, role, _group in in_scope]
        counts = {
            "decidable": sum(1 for _role, status in statuses if status == Registration.Status.SUBMITTED),
            "unregistered": sum(1 for role, status in statuses if role in REPORTING_ROLES and status not in REGISTERED),
        }
        return in_scope, registered, rollups, total, counts

    # The units, their registrations and the roll-up over all of them are the same at each visit between two
    # writes: kept until the next one (thiduakt.write_cache), per campaign and scope.
    in_scope, registered, rollups, total, counts = write_cache.until_write(
        f"campaign:participants:{campaign.pk}:{'all' if everyone else user.unit_id}", figures
    )
    rollup_page = Paginator(rollups, ROLLUP_PAGE).get_page(request.GET.get("tong_hop"))
    names = OrgUnit.objects.in_bulk([r.unit_id for r in rollup_page])
    for rollup in [*rollup_page, total]:
        rollup.unit = names.get(rollup.unit_id)
        rollup.sums = [rollup.commitments.get(c.pk) for c in criteria]
        rollup.cells_html = _rollup_cells(rollup)
    page = Paginator(in_scope, PARTICIPANTS_PAGE).get_page(request.GET.get("page"))
    roles = {value: str(label) for value, label in Participant.Role.choices}  # translated once, not per row
    shown = [ParticipantRow(u, name, roles.get(role, role), group) for u, name, role, group in page.object_list]
    status_of = {unit_id: (pk, status) for pk, unit_id, status in registered}  # one per unit
    registrations = _registration_cells(campaign, status_of, [p.unit_id for p in shown])
    rows = [(p, registrations.get(p.unit_id)) for p in shown]
    context = tab_context(request, campaign, "participants")
    context.update(
        {
            "rows": rows,
            "page": page,
            "rollups": list(rollup_page),
            "rollup_page": rollup_page,
            "total": total if len(rollups) > 1 else None,
            "criteria": criteria,
            "query_string": urlencode({"tong_hop": rollup_page.number}) if rollup_page.number > 1 else "",
            "rollup_query": urlencode({"page": page.number}) if page.number > 1 else "",
            "decidable": counts["decidable"],
            "unregistered": counts["unregistered"],
            "takes_registrations": campaign.status in REGISTRATION_STATUSES,
        }
    )
    ticks, none = bool(context["can_manage"] and counts["decidable"]), _("Chưa đăng ký")
    context["rows_html"] = [_row_html(p, registration, ticks=ticks, none=none) for p, registration in rows]
    return render(request, "campaigns/campaign_participants.html", context)


def _registration_or_404(request, pk, registration_pk) -> Registration:
    return get_object_or_404(registrations_visible_to(request.user), pk=registration_pk, campaign_id=pk)


@login_required
def registration_edit(request, pk):
    """The officer's own unit registration: create it or change it while draft or returned."""
    campaign = campaign_or_404(request, pk)
    require(request, "campaigns.register", campaign)
    unit = request.user.unit
    participant = get_object_or_404(Participant, campaign=campaign, unit=unit)
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    if registration and not request.user.has_perm("campaigns.edit_registration", registration):
        messages.info(request, _("Bản đăng ký đã gửi, không sửa được nữa."))
        return redirect("campaigns:registration_detail", pk=campaign.pk, registration_pk=registration.pk)
    criteria = criteria_for(campaign, participant.group_id)
    initial = {}
    if registration:
        initial = {c.criterion_id: (c.target, c.text) for c in registration.commitments.all()}
    nominees = list(registration.nominees.all()) if registration else []
    form = forms.RegistrationForm(
        request.POST or None,
        criteria=criteria,
        initial_values=initial,
        initial={"note": registration.note if registration else ""},
        unit_ids=unit_descendant_ids(unit) if campaign.allows_nominee_registration else None,
        unit=unit,
        initial_people=[n.person_id for n in nominees if n.person_id],
        initial_units=[n.unit_id for n in nominees if n.unit_id],
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        ok, saved = run_service(
            request,
            services.registration_save,
            success="" if submit else _("Đã lưu bản đăng ký (chưa gửi)."),
            form=form,
            campaign=campaign,
            unit=unit,
            by=request.user,
            note=form.cleaned_data["note"],
            commitments=form.commitments(),
            nominees=form.nominees(),
        )
        if ok and submit:
            registration = saved
            ok, _sent = run_service(
                request,
                services.registration_submit,
                success=_("Đã gửi đăng ký thi đua; Sở Nội vụ sẽ xem xét."),
                form=form,
                registration=saved,
                by=request.user,
            )
        if ok:
            return redirect("campaigns:registration_detail", pk=campaign.pk, registration_pk=saved.pk)
    return render(
        request,
        "campaigns/registration_form.html",
        {"campaign": campaign, "form": form, "registration": registration, "unit": unit},
    )


@login_required
def registration_detail(request, pk, registration_pk):
    registration = _registration_or_404(request, pk, registration_pk)
    user = request.user
    return render(
        request,
        "campaigns/registration_detail.html",
        {
            "registration": registration,
            "campaign": registration.campaign,
            "commitments": list(registration.commitments.select_related("criterion")),
            "nominees": list(registration.nominees.select_related("person", "unit")),
            "events": list(registration.events.select_related("by")),
            "can_change": user.has_perm("campaigns.edit_registration", registration),
            "can_decide": user.has_perm("campaigns.decide_registration", registration),
            "return_form": forms.ReturnForm(),
        },
    )


def _registration_action(request, pk, registration_pk, perm, service, *, success, **kwargs):
    """Run ``service`` on the registration for a user who holds ``perm`` on it.

    A double submit or a stale tab lands here once the first one went through: ``require`` tells the
    one who takes this action what state the registration is in; anyone else gets 404.
    """
    registration = _registration_or_404(request, pk, registration_pk)
    require(request, perm, registration)
    run_service(request, service, success=success, registration=registration, by=request.user, **kwargs)
    return redirect("campaigns:registration_detail", pk=pk, registration_pk=registration.pk)


@login_required
@require_POST
def registration_submit(request, pk, registration_pk):
    return _registration_action(
        request,
        pk,
        registration_pk,
        "campaigns.edit_registration",
        services.registration_submit,
        success=_("Đã gửi đăng ký thi đua."),
    )


@login_required
@require_POST
def registration_approve(request, pk, registration_pk):
    return _registration_action(
        request,
        pk,
        registration_pk,
        "campaigns.decide_registration",
        services.registration_approve,
        success=_("Đã duyệt bản đăng ký."),
    )


@login_required
@require_POST
def registration_return(request, pk, registration_pk):
    return _registration_action(
        request,
        pk,
        registration_pk,
        "campaigns.decide_registration",
        services.registration_return,
        success=_("Đã trả lại bản đăng ký cho đơn vị."),
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def registrations_decide(request, pk):
    """Staff: approve, or return with one reason, every ticked registration of the campaign, all or none.

    A stale tab or a second submit finds registrations no longer submitted: ``require`` says how each
    stands now (``StaleAction``), and nothing is changed.
    """
    campaign = staff_campaign(request, pk)
    back = redirect("campaigns:participants", pk=campaign.pk)
    ids = {int(i) for i in request.POST.getlist("registrations") if i.isdigit()}
    action = request.POST.get("action")
    if action not in ("approve", "return"):
        messages.error(request, _("Thao tác không hợp lệ."))
        return back
    stale = []
    for registration in Registration.objects.filter(campaign=campaign, pk__in=ids).select_related("campaign", "unit"):
        try:
            require(request, "campaigns.decide_registration", registration)
        except StaleAction as exc:
            stale.append(str(exc))
    if stale:
        messages.info(request, " ".join([*stale, _("Không bản đăng ký nào được xử lý; hãy chọn lại.")]))
        return back
    if action == "approve":
        ok, done = run_service(
            request, services.registrations_approve, campaign=campaign, registrations=ids, by=request.user
        )
        success = _("Đã duyệt %(n)s bản đăng ký.")
    else:
        ok, done = run_service(
            request,
            services.registrations_return,
            campaign=campaign,
            registrations=ids,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
        success = _("Đã trả lại %(n)s bản đăng ký cho đơn vị.")
    if ok:
        messages.success(request, success % {"n": len(done)})
    return back


@login_required
@require_POST
def remind_unregistered(request, pk):
    campaign = staff_campaign(request, pk)
    ok, sent = run_service(request, services.campaign_remind_unregistered, campaign=campaign, by=request.user)
    if ok and sent:
        messages.success(request, _("Đã nhắc %(n)s đơn vị chưa đăng ký.") % {"n": sent})
    elif ok:
        messages.info(request, _("Không có đơn vị nào cần nhắc (đã đăng ký cả, hoặc đã nhắc hôm nay)."))
    return redirect("campaigns:participants", pk=campaign.pk)
