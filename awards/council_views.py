"""Screens of awards part 2: meetings (staff builder, members' room), ballots, results, decisions, forwarding.

Views check the rule, call one service, and redirect with a message. Tallies
are shown only from agenda items, which carry them only after the ballot closed.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import council_rules  # noqa: F401  (registers the rules used below)
from awards import council_selectors as selectors
from awards import council_services as services
from awards.council_forms import (
    AmendForm,
    CentralForwardForm,
    CentralResultForm,
    DecisionForm,
    MeetingForm,
    SignForm,
)
from awards.council_models import (
    AgendaItem,
    BallotReceipt,
    CentralItem,
    CentralSubmission,
    Decision,
    Meeting,
    Recusal,
)
from awards.models import Award
from thiduakt.selectors import search_filter
from thiduakt.services import DomainError, job_create

PAGE_SIZE = 30


def _allowed(rule: str, user, obj=None) -> None:
    """Whoever may not do it gets 404: the object's existence is not disclosed."""
    if not rules.test_rule(rule, user, obj):
        raise Http404


def _meeting_or_404(request, pk) -> Meeting:
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    _allowed("awards.view_meeting", request.user, meeting)
    return meeting


def _run(request, action, success: str) -> bool:
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


# ---------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------


@login_required
def meeting_list(request):
    _allowed("awards.use_meetings", request.user)
    meetings = selectors.meetings_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Meeting.Status.values:
        meetings = meetings.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        meetings = meetings.filter(search_filter("search_text", query))
    page = Paginator(meetings.order_by("-date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/council/meeting_list.html",
        {
            "page": page,
            "statuses": Meeting.Status.choices,
            "status": status,
            "q": query,
            "can_manage": request.user.is_department_staff,
        },
    )


@login_required
def meeting_create(request):
    _allowed("awards.manage_meetings", request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo phiên họp; hãy lập chương trình họp."))
            return redirect("awards:meeting_detail", pk=meeting.pk)
    return render(request, "awards/council/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    user = request.user
    items = list(selectors.meeting_items(meeting))
    seat = services.member_seat(user=user, meeting=meeting)
    context = {
        "meeting": meeting,
        "items": items,
        "attendance": list(selectors.meeting_attendance(meeting)),
        "is_staff": user.is_department_staff,
        "seat": seat,
        "events": meeting.events.select_related("by"),
        "can_paper": rules.test_rule("awards.record_paper_ballots", user, meeting),
    }
    if user.is_department_staff and meeting.status == Meeting.Status.DRAFT:
        context["ready"] = list(services.nominations_ready_for_council(on=min(meeting.date, timezone.localdate())))
    return render(request, "awards/council/meeting_detail.html", context)


@login_required
@require_POST
def meeting_agenda_add(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.manage_meetings", request.user)
    ids = [int(i) for i in request.POST.getlist("nominations") if i.isdigit()]
    nominations = list(services.nominations_ready_for_council().filter(pk__in=ids)) if ids else []
    if len(nominations) != len(ids):
        # Not (or no longer) ready: let the service explain which one.
        from awards.models import Nomination

        nominations = list(Nomination.objects.filter(pk__in=ids))
    _run(
        request,
        lambda: services.agenda_add(meeting=meeting, nominations=nominations, by=request.user),
        _("Đã thêm %(n)s đối tượng vào chương trình họp.") % {"n": len(ids)},
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_agenda_remove(request, pk, item_pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.manage_meetings", request.user)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    _run(
        request,
        lambda: services.agenda_remove(item=item, by=request.user),
        _("Đã rút đối tượng khỏi chương trình họp."),
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.manage_meetings", request.user)
    absent = {int(i) for i in request.POST.getlist("absent") if i.isdigit()}
    _run(
        request,
        lambda: services.attendance_set(meeting=meeting, absent_member_ids=absent, by=request.user),
        _("Đã ghi điểm danh."),
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_open(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.manage_meetings", request.user)
    _run(
        request,
        lambda: services.meeting_open_ballot(meeting=meeting, by=request.user),
        _("Đã mở bỏ phiếu: thành viên Hội đồng có thể bỏ phiếu."),
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.manage_meetings", request.user)
    if _run(
        request,
        lambda: services.meeting_close(meeting=meeting, by=request.user),
        _("Đã đóng bỏ phiếu và kiểm phiếu."),
    ):
        return redirect("awards:meeting_results", pk=meeting.pk)
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
def meeting_room(request, pk):
    """A member's own screen: agenda, packet, and their ballot (phone-sized)."""
    meeting = _meeting_or_404(request, pk)
    seat = services.member_seat(user=request.user, meeting=meeting)
    if seat is None:
        raise Http404
    items = list(selectors.packet_items(meeting))
    voted = set(BallotReceipt.objects.filter(item__meeting=meeting, member=seat).values_list("item_id", flat=True))
    recused = dict(Recusal.objects.filter(item__meeting=meeting, member=seat).values_list("item_id", "reason"))
    try:
        from awards.eligibility import evaluate
    except ImportError:  # part 1's engine not there: the appraisal note stands in
        evaluate = None
    for item in items:
        item.findings = evaluate(item.nomination).findings if evaluate else []
        item.has_voted = item.pk in voted
        item.recused_reason = Recusal.Reason(recused[item.pk]).label if item.pk in recused else ""
        item.can_vote = meeting.status == Meeting.Status.VOTING and not item.has_voted and not item.recused_reason
    return render(
        request,
        "awards/council/meeting_room.html",
        {
            "meeting": meeting,
            "seat": seat,
            "items": items,
            "open_items": [i for i in items if i.can_vote],
            "recusal_reasons": [
                (Recusal.Reason.RELATION, Recusal.Reason.RELATION.label),
                (Recusal.Reason.OTHER, Recusal.Reason.OTHER.label),
            ],
        },
    )


@login_required
@require_POST
def meeting_vote(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.vote_meeting", request.user, meeting)
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("item-") and key[5:].isdigit() and value:
            choices[int(key[5:])] = value
    _run(
        request,
        lambda: services.ballot_cast(meeting=meeting, user=request.user, choices=choices),
        _("Đã ghi nhận phiếu của bạn (%(n)s đối tượng). Phiếu kín: không ai xem được bạn chọn gì.")
        % {"n": len(choices)},
    )
    return redirect("awards:meeting_room", pk=meeting.pk)


@login_required
@require_POST
def meeting_recuse(request, pk, item_pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.vote_meeting", request.user, meeting)
    seat = services.member_seat(user=request.user, meeting=meeting)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    reason = request.POST.get("reason", Recusal.Reason.RELATION)
    _run(
        request,
        lambda: services.recusal_declare(
            item=item, member=seat, by=request.user, reason=reason, note=request.POST.get("note", "")[:300]
        ),
        _("Đã ghi nhận bạn tránh xét đối tượng này."),
    )
    return redirect("awards:meeting_room", pk=meeting.pk)


@login_required
def meeting_paper(request, pk):
    """The secretary records paper (and written) ballots as counted: who handed one in, and per item the counts."""
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.record_paper_ballots", request.user, meeting)
    items = list(selectors.meeting_items(meeting))
    voted_online = set(
        BallotReceipt.objects.filter(item__meeting=meeting).values_list("member_id", flat=True).distinct()
    )
    members = [m for m in meeting.term.members.select_related("user") if m.pk not in voted_online]
    if request.method == "POST":
        ids = {int(i) for i in request.POST.getlist("members") if i.isdigit()}
        chosen = [m for m in members if m.pk in ids]
        try:
            tallies = {
                item.pk: (
                    int(request.POST.get(f"agree-{item.pk}") or 0),
                    int(request.POST.get(f"disagree-{item.pk}") or 0),
                )
                for item in items
            }
        except ValueError:
            messages.error(request, _("Số phiếu phải là số nguyên."))
        else:
            if _run(
                request,
                lambda: services.ballot_record_paper(meeting=meeting, members=chosen, tallies=tallies, by=request.user),
                _("Đã ghi nhận phiếu giấy."),
            ):
                return redirect("awards:meeting_detail", pk=meeting.pk)
    return render(
        request, "awards/council/meeting_paper.html", {"meeting": meeting, "items": items, "members": members}
    )


@login_required
def meeting_results(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.view_meeting_results", request.user, meeting)
    return render(
        request,
        "awards/council/meeting_results.html",
        {"meeting": meeting, "items": list(selectors.meeting_items(meeting))},
    )


def _document_job(request, meeting: Meeting, kind: str):
    job = job_create(kind=kind, requested_by=request.user, params={"meeting_id": meeting.pk})
    messages.info(request, _("Đang tạo tệp PDF trong nền."))
    return redirect("job_detail", public_id=job.public_id)


@login_required
@require_POST
def meeting_packet(request, pk):
    meeting = _meeting_or_404(request, pk)
    return _document_job(request, meeting, "awards.meeting_packet")


@login_required
@require_POST
def meeting_minutes(request, pk):
    meeting = _meeting_or_404(request, pk)
    _allowed("awards.view_meeting_results", request.user, meeting)
    return _document_job(request, meeting, "awards.meeting_minutes")


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def _decision_or_404(request, pk) -> Decision:
    return get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)


@login_required
def decision_list(request):
    _allowed("awards.manage_decisions", request.user)
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
            "ready_count": services.decidable_nominations().count(),
        },
    )


def _decisions_naming(query: str):
    """Decisions naming a recipient that matches (diacritics-insensitive)."""
    from thiduakt.text import fold

    condition = Q()
    for word in fold(query).split():
        condition &= Q(recipients__nomination__search_text__contains=word)
    return Decision.objects.filter(condition).values("pk")


@login_required
def decision_create(request):
    _allowed("awards.manage_decisions", request.user)
    nominations = services.decidable_nominations()
    award_id = request.POST.get("award") or request.GET.get("award", "")
    awards = Award.objects.filter(pk__in=nominations.values("award_id")).order_by("order", "name")
    award = awards.filter(pk=award_id).first() if str(award_id).isdigit() else None
    if request.method == "POST" and award is not None:
        ids = [int(i) for i in request.POST.getlist("nominations") if i.isdigit()]
        chosen = list(nominations.filter(pk__in=ids, award=award))
        if not chosen:
            messages.error(request, _("Chưa chọn đối tượng nào."))
        else:
            try:
                decision = services.decision_create_draft(award=award, nominations=chosen, by=request.user)
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã soạn dự thảo quyết định; hãy kiểm tra nội dung và người ký."))
                return redirect("awards:decision_detail", pk=decision.pk)
    return render(
        request,
        "awards/council/decision_create.html",
        {
            "awards": awards.annotate(ready=Count("id")),
            "award": award,
            "nominations": list(nominations.filter(award=award)) if award else [],
        },
    )


@login_required
def decision_detail(request, pk):
    decision = _decision_or_404(request, pk)
    return render(
        request,
        "awards/council/decision_detail.html",
        {
            "decision": decision,
            "groups": selectors.grouped_recipients(decision),
            "events": decision.events.select_related("by"),
            "amendments": decision.amendments.all(),
            "sign_form": SignForm(initial={"decision_date": timezone.localdate()}),
            "total": sum(r.reward_amount or 0 for r in decision.recipients.all()),
        },
    )


@login_required
def decision_edit(request, pk):
    decision = _decision_or_404(request, pk)
    if not decision.is_draft:
        messages.error(request, _("Quyết định đã ký, không thể sửa; hãy ra quyết định đính chính."))
        return redirect("awards:decision_detail", pk=decision.pk)
    form = DecisionForm(request.POST or None, instance=Decision.objects.get(pk=decision.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("awards:decision_detail", pk=decision.pk)
    return render(request, "awards/council/decision_form.html", {"form": form, "decision": decision})


@login_required
@require_POST
def decision_recipient_remove(request, pk, recipient_pk):
    decision = _decision_or_404(request, pk)
    recipient = get_object_or_404(decision.recipients, pk=recipient_pk)
    _run(
        request,
        lambda: services.decision_recipient_remove(recipient=recipient, by=request.user),
        _("Đã bỏ đối tượng khỏi dự thảo."),
    )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_sign(request, pk):
    decision = _decision_or_404(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày ký không hợp lệ."))
    else:
        try:
            signed = services.decision_sign(
                decision=decision, by=request.user, decision_date=form.cleaned_data["decision_date"]
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Đã ký ban hành Quyết định số %(n)s; tệp PDF đang được tạo trong nền.")
                % {"n": signed.number_display},
            )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_render(request, pk):
    decision = _decision_or_404(request, pk)
    if not decision.is_draft and decision.pdf_file:
        messages.info(request, _("Bản PDF của quyết định đã ký đã được lưu; không tạo lại."))
        return redirect("awards:decision_detail", pk=decision.pk)
    job = job_create(kind="awards.decision_documents", requested_by=request.user, params={"decision_id": decision.pk})
    messages.info(request, _("Đang tạo tệp PDF trong nền."))
    return redirect("job_detail", public_id=job.public_id)


@login_required
def decision_download(request, pk, kind):
    decision = _decision_or_404(request, pk)
    field = {"quyet-dinh": decision.pdf_file, "bang-khen": decision.certificates_file}.get(kind)
    if not field:
        raise Http404
    slug = decision.number_display.replace("/", "-")
    name = f"QD-{slug}.pdf" if kind == "quyet-dinh" else f"BangKhen-{slug}.pdf"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


@login_required
def decision_amend(request, pk):
    decision = _decision_or_404(request, pk)
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
        try:
            amendment = services.decision_amend_draft(
                old=decision,
                purpose=form.cleaned_data["purpose"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                recipients=list(form.cleaned_data["recipients"]),
                corrections=corrections,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã soạn dự thảo quyết định mới; ký để có hiệu lực."))
            return redirect("awards:decision_detail", pk=amendment.pk)
    return render(
        request,
        "awards/council/decision_amend.html",
        {
            "form": form,
            "decision": decision,
            "recipients": list(decision.recipients.order_by("recipient_kind", "sort_key")),
        },
    )


# ---------------------------------------------------------------------------
# Forwarding to central level
# ---------------------------------------------------------------------------


@login_required
def central_list(request):
    _allowed("awards.manage_decisions", request.user)
    form = CentralForwardForm(request.POST or None)
    forwardable = list(services.forwardable_nominations())
    if request.method == "POST" and form.is_valid():
        ids = {int(i) for i in request.POST.getlist("nominations") if i.isdigit()}
        chosen = [n for n in forwardable if n.pk in ids]
        try:
            services.central_forward(nominations=chosen, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận trình Trung ương %(n)s đối tượng.") % {"n": len(chosen)})
            return redirect("awards:central_list")
    submissions = CentralSubmission.objects.prefetch_related("items__nomination__award").order_by("-letter_date", "-id")
    return render(
        request,
        "awards/council/central_list.html",
        {
            "form": form,
            "forwardable": forwardable,
            "submissions": Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page")),
            "result_form": CentralResultForm(),
        },
    )


@login_required
@require_POST
def central_result(request, item_pk):
    _allowed("awards.manage_decisions", request.user)
    item = get_object_or_404(CentralItem, pk=item_pk)
    form = CentralResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin kết quả không hợp lệ."))
    else:
        _run(
            request,
            lambda: services.central_result_record(item=item, by=request.user, **form.cleaned_data),
            _("Đã ghi kết quả của Trung ương."),
        )
    return redirect(reverse("awards:central_list"))
