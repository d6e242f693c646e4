"""The cluster's award proposal from its ranking, and its passing to the awards app as a dossier."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.services.dossiers import dossier_create_draft
from clusters.models import AwardProposal, AwardProposalItem, ClusterYear, Membership
from clusters.selectors import points_text, quota_counts
from clusters.services.common import attach, lock_year, log, meeting_window, officers, year_link
from thiduakt.bounds import ensure_date, ensure_number
from thiduakt.models import User
from thiduakt.services import DomainError, notification_send
from thiduakt.workflow import transition

FLAG_AWARD = "CTDT"  # Cờ thi đua của UBND tỉnh
COMMENDATION_AWARD = "BKT"  # Bằng khen của Chủ tịch UBND tỉnh
ALREADY_SENT = gettext_lazy("Đề nghị đã được chuyển thành hồ sơ.")


def _cut(entries, boundary: int, widen: bool) -> int:
    """Where the list is cut after ``boundary`` places: further while units share the last rank, if ``widen``."""
    if not widen:
        return boundary
    while 0 < boundary < len(entries) and entries[boundary - 1].rank == entries[boundary].rank:
        boundary += 1
    return boundary


@transaction.atomic
def award_proposal_create(*, cluster_year: ClusterYear, by: User | None, override_reason: str = "") -> AwardProposal:
    """Draft the proposal from the published ranking: the first ``flag_count`` units for the
    Cờ thi đua (CTDT), the next ``commendation_count`` for the Bằng khen (BKT).

    Units sharing a rank across a boundary cannot be split by the system: staff add a tie-break rule
    before publishing, or — staff only, with a reason (recorded) — propose every unit of the shared rank,
    above the quota (shown "2/1 ✗"). Side effects: the proposal and its items, an event.
    """
    cluster_year = lock_year(cluster_year)
    override_reason = (override_reason or "").strip()
    if override_reason and not (by is not None and (by.is_department_staff or by.is_superuser)):
        raise DomainError(_("Chỉ Sở Nội vụ được cho phép đề nghị vượt số lượng."))
    if not cluster_year.is_published:
        raise DomainError(_("Cần công bố xếp hạng trước khi lập đề nghị khen thưởng."))
    if AwardProposal.objects.filter(cluster_year=cluster_year).exists():
        raise DomainError(_("Cụm đã lập đề nghị khen thưởng năm %(year)s.") % {"year": cluster_year.year})
    entries = list(cluster_year.ranking_entries.select_related("membership__unit").order_by("position"))
    flags, commendations = cluster_year.flag_count, cluster_year.commendation_count
    if not override_reason:
        for boundary in (flags, flags + commendations):
            if 0 < boundary < len(entries) and entries[boundary - 1].rank == entries[boundary].rank:
                raise DomainError(
                    _(
                        "%(a)s và %(b)s đồng hạng %(rank)s ở ranh giới đề nghị; cần quy tắc phân định khác, "
                        "hoặc Sở Nội vụ cho phép đề nghị vượt số lượng (ghi lý do)."
                    )
                    % {
                        "a": entries[boundary - 1].membership.unit,
                        "b": entries[boundary].membership.unit,
                        "rank": entries[boundary].rank,
                    }
                )
    widen = bool(override_reason)
    flag_cut = _cut(entries, flags, widen)
    end = _cut(entries, flag_cut + commendations, widen)
    proposal = AwardProposal.objects.create(
        cluster_year=cluster_year,
        created_by=by,
        quota_override_reason=override_reason,
        quota_override_by=by if override_reason else None,
    )
    items = []
    for index, entry in enumerate(entries[:end]):
        code = FLAG_AWARD if index < flag_cut else COMMENDATION_AWARD
        items.append(
            AwardProposalItem(
                proposal=proposal, membership=entry.membership, award_code=code, rank=entry.rank, total=entry.total
            )
        )
    AwardProposalItem.objects.bulk_create(items)
    log(cluster_year, by, _("Lập đề nghị khen thưởng từ kết quả xếp hạng"), override_reason)
    if override_reason:
        counts = ", ".join(c.text for c in quota_counts(proposal))
        log(cluster_year, by, _("Cho phép đề nghị vượt số lượng: %(counts)s") % {"counts": counts}, override_reason)
    return proposal


@transaction.atomic
def award_proposal_update(
    *,
    proposal: AwardProposal,
    meeting_on: date | None,
    meeting_place: str,
    votes_for: int | None,
    votes_total: int | None,
    vote_note: str,
    upload=None,
    by: User | None,
) -> AwardProposal:
    """Record the cluster meeting: date, place, vote, minutes. Side effects: the proposal (history, file)."""
    proposal = AwardProposal.objects.select_for_update().select_related("cluster_year").get(pk=proposal.pk)
    if proposal.status != AwardProposal.Status.DRAFT:
        raise DomainError(_("Đề nghị đã được chuyển thành hồ sơ; không thể sửa."))
    cluster_year = proposal.cluster_year
    ensure_date(meeting_on, **meeting_window(cluster_year.year))
    if votes_total is not None:
        ensure_number(votes_for, high=(votes_total, _("tổng số đơn vị biểu quyết")))
    ensure_number(votes_total, high=(cluster_year.memberships.count(), _("số đơn vị thành viên của cụm")))
    proposal.meeting_on, proposal.meeting_place = meeting_on, meeting_place
    proposal.votes_for, proposal.votes_total, proposal.vote_note = votes_for, votes_total, vote_note
    attach(proposal, upload)
    proposal._change_reason = _("Cập nhật biên bản họp và kết quả biểu quyết")
    proposal.save()
    return proposal


@transaction.atomic
def award_proposal_send(*, proposal: AwardProposal, by: User | None) -> AwardProposal:
    """Turn the proposal into a draft nomination dossier of the head unit in the awards app.

    Needs the meeting's minutes and a vote with a majority in favour.
    Side effects: through ``awards.services.dossier_create_draft`` a dossier
    and its nominations; the proposal (sent, linked to the dossier); an event.
    """
    proposal = AwardProposal.objects.select_for_update().select_related("cluster_year__cluster").get(pk=proposal.pk)
    # Refuse a second send before checking the minutes and building a dossier; ``transition`` makes the move.
    if not AwardProposal.Status.allows(proposal.status, AwardProposal.Status.SENT):
        raise DomainError(ALREADY_SENT)
    if not proposal.file:
        raise DomainError(_("Cần tải lên biên bản họp cụm."))
    if not (proposal.votes_for and proposal.votes_total and proposal.meeting_on):
        raise DomainError(_("Cần ghi ngày họp và kết quả biểu quyết."))
    if proposal.votes_for * 2 <= proposal.votes_total:
        raise DomainError(_("Đề nghị chưa được quá nửa số đơn vị tán thành."))
    cluster_year = proposal.cluster_year
    head = cluster_year.memberships.filter(role=Membership.Role.HEAD).select_related("unit").first()
    if head is None:
        raise DomainError(_("Cụm chưa có cụm trưởng năm %(year)s để đứng tên hồ sơ.") % {"year": cluster_year.year})
    items = list(proposal.items.select_related("membership__unit").order_by("rank", "id"))
    if not items:
        raise DomainError(_("Đề nghị chưa có đơn vị nào."))
    over = [c.text for c in quota_counts(proposal) if not c.ok]
    if over and not proposal.quota_override_reason:
        raise DomainError(
            _("Đề nghị vượt số lượng được giao (%(counts)s) mà chưa có lý do được Sở Nội vụ cho phép.")
            % {"counts": ", ".join(over)}
        )
    size = cluster_year.memberships.count()
    nominees = [
        {
            "kind": "collective",
            "person": None,
            "unit": item.membership.unit,
            "household_name": "",
            "award": item.award_code,
            "summary": _("Xếp hạng %(rank)s/%(size)s trong %(cluster)s năm %(year)s, %(total)s điểm.")
            % {
                "rank": item.rank,
                "size": size,
                "cluster": cluster_year.cluster.name,
                "year": cluster_year.year,
                "total": points_text(item.total),
            },
        }
        for item in items
    ]
    dossier = dossier_create_draft(
        unit=head.unit,
        round_kind="cluster",
        year=cluster_year.year,
        by=by,
        title=_("Đề nghị khen thưởng %(cluster)s năm %(year)s")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        origin="cluster_proposal",
        origin_note=_("Kết quả xếp hạng và biểu quyết của %(cluster)s ngày %(day)s: %(votes)s/%(total)s tán thành.")
        % {
            "cluster": cluster_year.cluster.name,
            "day": proposal.meeting_on.strftime("%d/%m/%Y"),
            "votes": proposal.votes_for,
            "total": proposal.votes_total,
        },
        nominees=nominees,
    )
    proposal = transition(
        proposal,
        to=AwardProposal.Status.SENT,
        by=by,
        action=_("Chuyển đề nghị thành hồ sơ của %(unit)s") % {"unit": head.unit},
        error=ALREADY_SENT,
        changes={"sent_by": by, "sent_at": timezone.now(), "dossier": dossier},
        events="year_events",
    )
    notification_send(
        recipients=officers([head.unit_id]),
        title=_("Hồ sơ đề nghị khen thưởng của %(cluster)s năm %(year)s đang chờ hoàn thiện")
        % {"cluster": cluster_year.cluster.name, "year": cluster_year.year},
        body=_(
            "Hồ sơ dự thảo được tạo từ kết quả xếp hạng và biểu quyết của cụm; đơn vị cụm trưởng hoàn thiện và gửi."
        ),
        link=year_link(cluster_year),
    )
    return proposal
