"""Writes of corrections and revocations (đính chính, hủy bỏ): a later decision amending lines of a signed one.

Every function is keyword-only where it is a service, atomic, checks the current state under
``select_for_update`` and lists its side effects in its docstring. ``awards.services.decisions`` drafts
and signs every decision and calls the hooks here for the lines an amendment replaces.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardRecord, Decision, DecisionRecipient, LegalCitation
from awards.services.catalogue import reward_on
from thiduakt.models import User
from thiduakt.services import DomainError
from thiduakt.workflow import record_event, transition


def _cited_bases_on(day: date) -> str:
    """The "Căn cứ" lines in force on ``day`` (as ``decisions.cited_bases_on``, without importing it back)."""
    return "\n".join(LegalCitation.objects.in_force(day).values_list("text", flat=True))


def _retire_record(recipient: DecisionRecipient | None, decision: Decision) -> None:
    """The record of an amended line stays (nothing is deleted) but leaves the public lookup."""
    if recipient is None or recipient.award_record_id is None:
        return
    record = AwardRecord.objects.select_for_update().get(pk=recipient.award_record_id)
    record.is_public = False
    record.retired_by = decision
    record._change_reason = f"{decision.get_purpose_display()} theo QĐ {decision.number_display}: {decision.reason}"[
        :100
    ]
    record.save()


def decision_amend_draft(
    *,
    old: Decision,
    purpose: str,
    reason: str,
    by: User | None,
    recipients: list[DecisionRecipient],
    corrections: dict[int, dict] | None = None,
) -> Decision:
    """A draft correcting or revoking (some lines of) a signed decision, with the reason.

    A correction carries the corrected lines (``corrections[recipient_id]`` may
    change ``recipient_name``/``description``); a revocation lists the lines it
    revokes. Side effects: one Decision (referencing ``old``), its recipients, events.
    """
    reason = (reason or "").strip()
    if purpose not in (Decision.Purpose.CORRECTION, Decision.Purpose.REVOCATION):
        raise DomainError(_("Loại quyết định không hợp lệ."))
    if not reason:
        raise DomainError(_("Cần ghi lý do đính chính, hủy bỏ."))
    if not recipients:
        raise DomainError(_("Chưa chọn dòng nào của quyết định cũ."))
    corrections = corrections or {}
    with transaction.atomic():
        old = Decision.objects.select_for_update().get(pk=old.pk)
        if old.status != Decision.Status.SIGNED:
            raise DomainError(_("Chỉ đính chính, hủy bỏ quyết định đã ký và còn hiệu lực."))
        if old.amendments.filter(status=Decision.Status.DRAFT).exists():
            raise DomainError(_("Đã có một dự thảo đính chính, hủy bỏ quyết định này."))
        lines = list(old.recipients.filter(pk__in=[r.pk for r in recipients]))
        if len(lines) != len(recipients):
            raise DomainError(_("Dòng không thuộc quyết định cũ."))
        verb = _("Về việc đính chính") if purpose == Decision.Purpose.CORRECTION else _("Về việc hủy bỏ")
        decision = Decision(
            purpose=purpose,
            award=old.award,
            award_type=old.award_type,
            amends=old,
            reason=reason,
            issuer_parent=old.issuer_parent,
            issuer_name=old.issuer_name,
            issuer=old.issuer,
            issuer_code=old.issuer_code,
            doc_kind=old.doc_kind,
            place=old.place,
            subject=_("%(verb)s Quyết định số %(n)s ngày %(d)s")
            % {"verb": verb, "n": old.number_display, "d": old.decision_date.strftime("%d/%m/%Y")},
            cited_bases=_cited_bases_on(timezone.localdate()),
            # A decision signed before the laws were dated rows holds them in its own lines: not copied again.
            legal_bases=old.legal_bases if old.cited_bases else "",
            proposal=old.proposal,
            executors=old.executors,
            copy_recipients=old.copy_recipients,
            signer_authority=old.signer_authority,
            signer_title=old.signer_title,
            signer_name=old.signer_name,
            created_by=by,
        )
        decision.save()
        for line in lines:
            change = corrections.get(line.pk, {})
            DecisionRecipient.objects.create(
                decision=decision,
                replaces=line,
                recipient_kind=line.recipient_kind,
                person=line.person,
                unit=line.unit,
                household_name=line.household_name,
                recipient_name=change.get("recipient_name") or line.recipient_name,
                description=change.get("description", line.description),
                year=line.year,
                coefficient=line.coefficient,
            )
        record_event(
            decision,
            by=by,
            action=_("Soạn dự thảo %(p)s Quyết định số %(n)s")
            % {"p": decision.get_purpose_display().lower(), "n": old.number_display},
            reason=reason,
        )
        record_event(
            old, by=by, action=_("Có dự thảo %(p)s") % {"p": decision.get_purpose_display().lower()}, reason=reason
        )
    return decision


# ---------------------------------------------------------------------------
# Hooks of the signing (awards.services.decisions.decision_sign)
# ---------------------------------------------------------------------------


def check_signable(decision: Decision) -> None:
    """Refuse to sign an amendment whose amended decision is not signed."""
    if decision.amends_id and decision.amends.status == Decision.Status.DRAFT:
        raise DomainError(_("Quyết định được đính chính chưa được ký."))


def sign_line(recipient: DecisionRecipient, decision: Decision) -> bool:
    """Sign one line of an amendment that replaces a line of an earlier decision: the replaced line's record
    leaves the lookup; returns whether the line writes a new award record (a correction does, a revocation
    does not). A correction pays nothing again: the line keeps the reward of the line it corrects."""
    _retire_record(recipient.replaces, decision)
    if decision.purpose == Decision.Purpose.REVOCATION:
        return False
    if recipient.replaces_id:
        recipient.coefficient = recipient.replaces.coefficient
        recipient.reward_amount = recipient.replaces.reward_amount
    else:
        reward = reward_on(decision.award, recipient.recipient_kind, decision.decision_date)
        recipient.coefficient, recipient.reward_amount = reward.coefficient, reward.amount
    return True


def amendment_signed(decision: Decision, *, by: User | None) -> None:
    """After the lines of a signed amendment: the amended decision's status and history."""
    retired = Decision.Status.REVOKED if decision.purpose == Decision.Purpose.REVOCATION else Decision.Status.CORRECTED
    transition(
        decision.amends,
        to=retired,
        by=by,
        action=_("%(p)s bởi Quyết định số %(n)s") % {"p": retired.label, "n": decision.number_display},
        reason=decision.reason,
    )


# ---------------------------------------------------------------------------
# Document (awards.jobs.decision_context)
# ---------------------------------------------------------------------------


def amendment_articles(decision: Decision, *, count: int) -> list[str]:
    """The articles of a correction or revocation."""
    old = decision.amends
    verb = "Hủy bỏ" if decision.purpose == "revocation" else "Đính chính"
    return [
        f"{verb} khen thưởng đối với {count} trường hợp tại Quyết định số {old.number_display} ngày "
        f"{old.decision_date:%d/%m/%Y} của {old.issuer} (có danh sách kèm theo). Lý do: {decision.reason}",
        f"Các nội dung khác của Quyết định số {old.number_display} giữ nguyên hiệu lực."
        if decision.purpose == "correction"
        else f"Thu hồi Bằng khen, tiền thưởng đã nhận theo Quyết định số {old.number_display}.",
        decision.executors,
    ]
