"""Screens of the council: meetings (staff builder, members' room), ballots, results, documents.

Views check the rule, call one service, and redirect with a message. Tallies
are shown only from agenda items, which carry them only after the ballot closed.
"""

from dataclasses import dataclass
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import selectors, services
from awards.eligibility import evaluate_many
from awards.forms import MeetingForm
from awards.models import AbsentOnlineVote, AgendaItem, BallotReceipt, Meeting, Nomination, RecipientKind, Recusal
from thiduakt import write_cache
from thiduakt.access import require, run_service
from thiduakt.downloads import private_file_response
from thiduakt.selectors import search_filter
from thiduakt.services import DomainError, job_create

PAGE_SIZE = 30
# Agenda items a page of a member's room shows: a phone screen's worth of cards, each with its findings
# evaluated for the page (the largest part of the page's time: half a millisecond an item).
ROOM_PAGE = 10
AGENDA_PAGE = 50  # agenda items a page of the meeting page shows
MAX_PAGE = 10_000  # a page number a form carries back: larger ones are not ours


def _meeting_or_404(request, pk) -> Meeting:
    meeting = get_object_or_404(selectors.meeting_readable_by(request.user), pk=pk)
    require(request, "awards.read_meeting", meeting)
    return meeting


# ---------------------------------------------------------------------------
# Staff: the meeting, its agenda and attendance
# ---------------------------------------------------------------------------


@login_required
def meeting_list(request):
    require(request, "awards.use_meetings")
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
            "can_manage": request.user.has_perm("awards.manage_meetings"),
        },
    )


@login_required
def meeting_create(request):
    require(request, "awards.manage_meetings")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, meeting = run_service(
            request,
            services.meeting_create,
            success=_("Đã tạo phiên họp; hãy lập chương trình họp."),
            form=form,
            by=request.user,
            **form.cleaned_data,
        )
        if ok:
            return redirect("awards:meeting_detail", pk=meeting.pk)
    return render(request, "awards/council/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    """The meeting: its agenda a page at a time (the counts over the whole agenda), attendance, history."""
    meeting = _meeting_or_404(request, pk)
    user = request.user
    is_staff = user.has_perm("awards.manage_meetings")
    with_counts = is_staff and meeting.status == Meeting.Status.VOTING
    # The whole agenda's lines (the page and the counts come from them), the same at each visit between two
    # writes (a ballot handed in is one): kept until the next one (thiduakt.write_cache).
    lines = write_cache.until_write(
        f"meeting:lines:{meeting.pk}:{meeting.status}:{with_counts}",
        lambda: selectors.agenda_lines(meeting, with_counts=with_counts),
    )
    page = Paginator(lines, AGENDA_PAGE).get_page(request.GET.get("page"))
    seat = services.member_seat(user=user, meeting=meeting)
    context = {
        "meeting": meeting,
        "page": page,
        "groups": _agenda_groups(
            page.object_list,
            meeting=meeting,
            removable=get_token(request) if is_staff and meeting.status == Meeting.Status.DRAFT else "",
        ),
        "counts": selectors.lines_counts(lines),
        "attendance": list(selectors.meeting_attendance(meeting)),
        "is_staff": is_staff,
        "seat": seat,
        "events": meeting.events.select_related("by"),
        "can_paper": user.has_perm("awards.record_paper_ballots", meeting),
    }
    if context["is_staff"]:
        context["reads"] = meeting.reads.select_related("by").order_by("-at", "-id")[:50]
    if context["is_staff"] and meeting.status == Meeting.Status.DRAFT:
        context["ready"] = list(selectors.nominations_ready_for_council(on=min(meeting.date, timezone.localdate())))
    return render(request, "awards/council/meeting_detail.html", context)


def _agenda_groups(lines: list[dict], *, meeting: Meeting, removable: str = "") -> list[tuple[str, list[dict]]]:
    """The page's lines by award (consecutive, in the agenda's order), each with its kind, its threshold and (staff,
    ballot open) its tally of ballots handed in and members stepped out in words, made once here, not per row;
    and each line as HTML (``line["html"]``, escaped here: the page prints one value a line, not a dozen tags).
    ``removable``: the page's CSRF token when each line has its form to take it off the draft agenda."""
    kinds = dict(RecipientKind.choices)
    need = _("cần ≥ %(p)s%% tổng số thành viên")
    tally = _("%(n)s đã bỏ phiếu · %(r)s tránh xét")
    overridden = escape(_("Thẩm định đạt dù kiểm tra tự động chưa đạt"))
    verdicts = {
        True: f'<span class="badge text-bg-success">{escape(_("Đạt"))}</span>',
        False: f'<span class="badge text-bg-danger">{escape(_("Không đạt"))}</span>',
    }
    closed = meeting.status == Meeting.Status.CLOSED
    # The address of an item's removal with "{pk}" in place of its id (".../<item>/bo/").
    head, tail = reverse("awards:meeting_agenda_remove", args=[meeting.pk, 0]).rsplit("/0/", 1)
    remove_form = (
        f'<form method="post" action="{head}/{{pk}}/{tail}"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{escape(removable)}"><button class="btn btn-sm btn-outline-danger" type="submit">'
        f'<i class="bi bi-x-lg"></i> {escape(_("Rút"))}</button></form>'
    )
    groups: list[tuple[str, list[dict]]] = []
    for line in lines:
        line["kind_label"] = kinds.get(line["nominee_kind"], line["nominee_kind"])
        line["need"] = need % {"p": line["threshold_percent"]}
        if "receipt_count" in line:  # staff, while the ballot is open
            line["tally"] = tally % {"n": line["receipt_count"], "r": line["recusal_count"]}
        badge = ""
        if line["overridden_verdict"]:
            badge = (
                f' <span class="badge text-bg-warning" title="{escape(line["overridden_verdict"])}" '
                f'data-testid="override">{overridden}</span>'
            )
        actions = f'<span class="small text-body-secondary">{escape(line["tally"])}</span>' if "tally" in line else ""
        if closed:
            actions += verdicts[line["passed"] is True]
        if removable:
            actions += remove_form.format(pk=int(line["pk"]))
        line["html"] = mark_safe(  # noqa: S308 -- every value escaped above, ids numbers
            '<li class="list-group-item d-flex flex-wrap justify-content-between gap-2" data-testid="agenda-item">'
            f'<div><span class="fw-semibold">{escape(line["nominee_name"])}</span> '
            f'<span class="small text-body-secondary">{escape(line["kind_label"])} · '
            f"{escape(line['unit_name'] or '')} · {escape(line['need'])}</span>{badge}</div>"
            f'<div class="d-flex gap-2 align-items-center">{actions}</div></li>'
        )
        if not groups or groups[-1][0] != line["award_name"]:
            groups.append((line["award_name"], []))
        groups[-1][1].append(line)
    return groups


@login_required
@require_POST
def meeting_agenda_add(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.manage_meetings")
    ids = [int(i) for i in request.POST.getlist("nominations") if i.isdigit()]
    nominations = list(selectors.nominations_ready_for_council().filter(pk__in=ids)) if ids else []
    if len(nominations) != len(ids):
        # Not (or no longer) ready: let the service explain which one.
        nominations = list(Nomination.objects.filter(pk__in=ids))
    run_service(
        request,
        services.agenda_add,
        success=_("Đã thêm %(n)s đối tượng vào chương trình họp.") % {"n": len(ids)},
        meeting=meeting,
        nominations=nominations,
        by=request.user,
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_agenda_remove(request, pk, item_pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.manage_meetings")
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    run_service(
        request,
        services.agenda_remove,
        success=_("Đã rút đối tượng khỏi chương trình họp."),
        item=item,
        by=request.user,
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.manage_meetings")
    absent = {int(i) for i in request.POST.getlist("absent") if i.isdigit()}
    run_service(
        request,
        services.attendance_set,
        success=_("Đã ghi điểm danh."),
        meeting=meeting,
        absent_member_ids=absent,
        by=request.user,
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_open(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.manage_meetings")
    run_service(
        request,
        services.meeting_open_ballot,
        success=_("Đã mở bỏ phiếu: thành viên Hội đồng có thể bỏ phiếu."),
        meeting=meeting,
        by=request.user,
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.manage_meetings")
    ok, _closed = run_service(
        request, services.meeting_close, success=_("Đã đóng bỏ phiếu và kiểm phiếu."), meeting=meeting, by=request.user
    )
    if ok:
        return redirect("awards:meeting_results", pk=meeting.pk)
    return redirect("awards:meeting_detail", pk=meeting.pk)


# ---------------------------------------------------------------------------
# Members: their room, vote and recusal; paper ballots
# ---------------------------------------------------------------------------


@dataclass
class RoomCard:
    """One item of a member's room: what every member sees of it (kept), then this member's marks."""

    pk: int
    has_voted: bool
    recusal: str | None
    nomination_id: int
    dossier_id: int
    need: str
    findings: list[tuple[str, str, str]]  # (mark, label, evidence)
    head: str  # the card's nominee and packet, as HTML
    documents: list[tuple[str, str, str]]  # the reading room's (address, kind, file name)
    recused_reason: str = ""
    can_vote: bool = False
    recuse_url: str = ""


def _card_heads(meeting: Meeting, pks: list[int]) -> dict[int, dict]:
    """What every member's card of each item of ``pks`` shows of the nominee, the same for all: the packet's
    HTML with the findings of the page's nominees evaluated together (one batch of queries for the page), and
    the documents of the reading room (shown while it is open)."""
    items = selectors.room_cards(meeting, [(pk, False, None) for pk in pks])
    eligibility = evaluate_many(item.nomination for item in items)
    documents = list(
        services.meeting_documents(meeting)
        .filter(dossier_id__in={item.nomination.dossier_id for item in items})
        .order_by("kind", "uploaded_at", "id")
    )
    need = _("cần ≥ %(p)s%% tổng số thành viên")
    heads = {}
    for item in items:
        findings = [(f.mark, str(f.label), str(f.evidence)) for f in eligibility[item.nomination_id].findings]
        head = {"need": need % {"p": item.threshold_percent}, "findings": findings}
        heads[item.pk] = {
            **head,
            "nomination_id": item.nomination_id,
            "dossier_id": item.nomination.dossier_id,
            "documents": [
                (reverse("awards:meeting_document", args=[meeting.pk, d.pk]), d.get_kind_display(), d.original_name)
                for d in documents
                if d.nomination_id == item.nomination_id
                or (d.nomination_id is None and d.dossier_id == item.nomination.dossier_id)
            ],
            "head": render_to_string("awards/council/_room_card_head.html", {"item": item, **head}),
        }
    return heads


@login_required
def meeting_room(request, pk):
    """A member's own screen: agenda, packet, and their ballot (phone-sized), a page of items at a time.

    The counts on top are the whole agenda's. What a card shows of the nominee (the packet: summary, findings,
    appraisal, public comments) is the same for every member: it is rendered for the page's items not yet kept,
    and kept until the next write (``thiduakt.write_cache``); the member's own marks and ballot are read at
    each visit.
    """
    meeting = _meeting_or_404(request, pk)
    seat = services.member_seat(user=request.user, meeting=meeting)
    if seat is None:
        raise Http404
    outline = selectors.room_outline(meeting, seat)
    counts = selectors.outline_room_counts(outline)
    page = Paginator(outline, ROOM_PAGE).get_page(request.GET.get("page"))
    heads = write_cache.until_write_many(
        f"room:{meeting.pk}", [pk for pk, _voted, _recusal in page.object_list], lambda pks: _card_heads(meeting, pks)
    )
    absent = services.is_absent(meeting=meeting, member=seat)
    refused = absent and services.absent_rule(meeting) == AbsentOnlineVote.REFUSE
    voting = meeting.status == Meeting.Status.VOTING and not refused
    reading = services.reading_room_open(meeting)
    items = []
    for item_pk, has_voted, recusal in page.object_list:
        head = heads.get(item_pk)
        if head is None:  # taken off the agenda since the outline was read
            continue
        html = mark_safe(head["head"])  # noqa: S308 -- our own render of the card, kept
        card = RoomCard(pk=item_pk, has_voted=has_voted, recusal=recusal, **{**head, "head": html})
        card.recused_reason = Recusal.Reason(recusal).label if recusal else ""
        card.can_vote = voting and not has_voted and not card.recused_reason
        if card.can_vote:
            card.recuse_url = reverse("awards:meeting_recuse", args=[meeting.pk, item_pk])
        items.append(card)
    return render(
        request,
        "awards/council/meeting_room.html",
        {
            "meeting": meeting,
            "seat": seat,
            "page": page,
            "items": items,
            "open_items": [i for i in items if i.can_vote],
            "counts": counts,
            "left": counts["left"] if voting else 0,
            "absent": absent,
            "absent_refused": refused,
            "absent_basis": meeting.absent_online_vote_basis or meeting.term.absent_online_vote_basis,
            "reading": reading,
            "recusal_reasons": [
                (Recusal.Reason.RELATION, Recusal.Reason.RELATION.label),
                (Recusal.Reason.OTHER, Recusal.Reason.OTHER.label),
            ],
        },
    )


def _room_url(meeting: Meeting, page: str) -> str:
    """The member's room, back on the page they acted from (a page number, else the first page)."""
    url = reverse("awards:meeting_room", args=[meeting.pk])
    if page.isdigit() and 1 < int(page) <= MAX_PAGE:
        url += f"?page={int(page)}"
    return url


@login_required
@require_POST
def meeting_vote(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.vote_meeting", meeting)
    if services.member_seat(user=request.user, meeting=meeting) is None:
        raise Http404  # only a seat votes, whatever else the user may do
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("item-") and key[5:].isdigit() and value:
            choices[int(key[5:])] = value
    run_service(
        request,
        services.ballot_cast,
        success=_("Đã ghi nhận phiếu của bạn (%(n)s đối tượng). Phiếu kín: không ai xem được bạn chọn gì.")
        % {"n": len(choices)},
        meeting=meeting,
        user=request.user,
        choices=choices,
    )
    return redirect(_room_url(meeting, request.POST.get("page", "")))


@login_required
@require_POST
def meeting_recuse(request, pk, item_pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.vote_meeting", meeting)
    seat = services.member_seat(user=request.user, meeting=meeting)
    if seat is None:
        raise Http404  # only a seat steps out, whatever else the user may do
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    reason = request.POST.get("reason", Recusal.Reason.RELATION)
    run_service(
        request,
        services.recusal_declare,
        success=_("Đã ghi nhận bạn tránh xét đối tượng này."),
        item=item,
        member=seat,
        by=request.user,
        reason=reason,
        note=request.POST.get("note", "")[:300],
    )
    return redirect(_room_url(meeting, request.POST.get("page", "")))


@login_required
def meeting_paper(request, pk):
    """The secretary records paper (and written) ballots as counted: who handed one in, and per item the counts."""
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.record_paper_ballots", meeting)
    if meeting.status != Meeting.Status.VOTING:
        raise Http404  # paper ballots are recorded while the ballot is open
    items = selectors.agenda_rows(meeting)
    voted_online = set(
        BallotReceipt.objects.filter(item__meeting=meeting).values_list("member_id", flat=True).distinct()
    )
    members = [m for m in meeting.term.members.select_related("user") if m.pk not in voted_online]
    if request.method == "POST":
        ids = {int(i) for i in request.POST.getlist("members") if i.isdigit()}
        chosen = [m for m in members if m.pk in ids]
        try:
            tallies = {
                item["pk"]: (
                    int(request.POST.get(f"agree-{item['pk']}") or 0),
                    int(request.POST.get(f"disagree-{item['pk']}") or 0),
                )
                for item in items
            }
        except ValueError:
            messages.error(request, _("Số phiếu phải là số nguyên."))
        else:
            ok, _result = run_service(
                request,
                services.ballot_record_paper,
                success=_("Đã ghi nhận phiếu giấy."),
                meeting=meeting,
                members=chosen,
                tallies=tallies,
                by=request.user,
            )
            if ok:
                return redirect("awards:meeting_detail", pk=meeting.pk)
    return render(
        request, "awards/council/meeting_paper.html", {"meeting": meeting, "items": items, "members": members}
    )


# ---------------------------------------------------------------------------
# Results and documents
# ---------------------------------------------------------------------------


@login_required
def meeting_results(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.read_meeting_results", meeting)
    if meeting.status != Meeting.Status.CLOSED:
        raise Http404  # no results before the ballot is closed, for anyone
    return render(
        request,
        "awards/council/meeting_results.html",
        {
            "meeting": meeting,
            "items": selectors.agenda_rows(
                meeting, "agree_count", "disagree_count", "recused_count", "not_voted_count", "rule_applied", "passed"
            ),
            "recusals": list(selectors.meeting_recusals(meeting)),
            "flagged_votes": services.flagged_online_votes(meeting),
        },
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
    require(request, "awards.read_meeting_results", meeting)
    if meeting.status != Meeting.Status.CLOSED:
        raise Http404  # the minutes are written once the ballot is closed
    return _document_job(request, meeting, "awards.meeting_minutes")


# ---------------------------------------------------------------------------
# The council's reading room (read-only documents of the agenda's nominees) and the archive
# ---------------------------------------------------------------------------


@login_required
def meeting_document(request, pk, attachment_pk):
    """A member reads one document of a nominee on the agenda, until the meeting is archived; logged."""
    meeting = _meeting_or_404(request, pk)
    if services.member_seat(user=request.user, meeting=meeting) is None:
        raise Http404  # the reading room is the members'; staff read dossiers from the dossier screens
    if not services.reading_room_open(meeting):
        raise Http404
    attachment = get_object_or_404(
        services.meeting_documents(meeting).select_related("dossier__unit", "nomination"), pk=attachment_pk
    )
    try:
        services.document_read(meeting=meeting, attachment=attachment, user=request.user)
    except DomainError:
        raise Http404 from None
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def meeting_archive(request, pk):
    meeting = _meeting_or_404(request, pk)
    require(request, "awards.manage_meetings")
    run_service(
        request,
        services.meeting_archive,
        success=_("Đã lưu trữ phiên họp; thành viên Hội đồng không còn đọc được hồ sơ của các đối tượng."),
        meeting=meeting,
        by=request.user,
    )
    return redirect("awards:meeting_detail", pk=meeting.pk)
