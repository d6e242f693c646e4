"""Writes of the forwarding to central level: the province's submission letter and the central results.

Every function is keyword-only, atomic, checks the current state under
``select_for_update`` and lists its side effects in its docstring.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardRecord, CentralItem, CentralSubmission, Nomination
from awards.selectors import forwardable_nominations
from awards.services.decisions import recipient_description
from awards.services.dossiers import dossier_event, move_nomination
from awards.services.numbering import check_not_future
from thiduakt.bounds import date_problem
from thiduakt.models import User
from thiduakt.services import DomainError

S = Nomination.Status


def central_forward(
    *,
    nominations: list[Nomination],
    letter_number: str,
    letter_date: date,
    by: User | None,
    addressee: str = "Thủ tướng Chính phủ",
    note: str = "",
) -> CentralSubmission:
    """Forward nominees for central awards with the province's submission letter.

    The letter is not dated after today (Asia/Ho_Chi_Minh).
    Side effects: one CentralSubmission, one CentralItem per nominee, nominations → forwarded, events.
    """
    letter_number = (letter_number or "").strip()
    if not letter_number:
        raise DomainError(_("Cần ghi số tờ trình."))
    check_not_future(letter_date, field="letter_date")
    if not nominations:
        raise DomainError(_("Chưa chọn đối tượng nào."))
    with transaction.atomic():
        if CentralSubmission.objects.filter(letter_number=letter_number).exists():
            raise DomainError(_("Số tờ trình %(n)s đã được dùng.") % {"n": letter_number})
        allowed = set(forwardable_nominations().filter(pk__in=[n.pk for n in nominations]).values_list("pk", flat=True))
        submission = CentralSubmission.objects.create(
            letter_number=letter_number, letter_date=letter_date, addressee=addressee, note=note, created_by=by
        )
        for nomination in (
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=[n.pk for n in nominations])
            .select_related("dossier")
        ):
            if nomination.pk not in allowed:
                raise DomainError(
                    _("%(name)s không thuộc diện trình Trung ương hoặc chưa được Hội đồng đồng ý.")
                    % {"name": nomination.nominee_name}
                )
            CentralItem.objects.create(submission=submission, nomination=nomination)
            move_nomination(
                nomination,
                S.FORWARDED,
                by=by,
                action=_("Trình Trung ương: Tờ trình số %(n)s") % {"n": letter_number},
            )
    return submission


def central_result_record(
    *,
    item: CentralItem,
    result: str,
    by: User | None,
    decision_number: str = "",
    decision_date: date | None = None,
    decided_by: str = "",
) -> CentralItem:
    """Record the central result of one forwarded nominee; an award goes into the award history.

    The central decision is dated neither after today nor before the province's submission letter.
    Side effects: the item; when awarded, one public AwardRecord and nomination → decided; events.
    """
    if result not in (CentralItem.Result.AWARDED, CentralItem.Result.NOT_AWARDED):
        raise DomainError(_("Kết quả không hợp lệ."))
    decision_number = (decision_number or "").strip()
    if result == CentralItem.Result.AWARDED and (not decision_number or not decision_date):
        raise DomainError(_("Cần ghi số và ngày quyết định của Trung ương."))
    with transaction.atomic():
        item = (
            CentralItem.objects.select_for_update(of=("self",))
            .select_related("nomination__award", "submission")
            .get(pk=item.pk)
        )
        if item.result != CentralItem.Result.PENDING:
            raise DomainError(_("Đã ghi kết quả cho đối tượng này."))
        letter = item.submission
        if problem := date_problem(
            decision_date,
            not_future=True,
            after=(letter.letter_date, _("ngày Tờ trình số %(n)s của tỉnh") % {"n": letter.letter_number}),
        ):
            raise DomainError(problem, field="decision_date")
        item.result = result
        item.decision_number = decision_number
        item.decision_date = decision_date
        item.decided_by = decided_by or item.nomination.award.decided_by
        item.recorded_by = by
        item.recorded_at = timezone.now()
        item._change_reason = "central result"
        item.save()
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("dossier", "person__unit")
            .get(pk=item.nomination_id)
        )
        if result == CentralItem.Result.AWARDED:
            record = AwardRecord(
                recipient_kind=nomination.nominee_kind,
                person=nomination.person,
                unit=nomination.unit,
                household_name=nomination.household_name,
                award=nomination.award,
                year=nomination.year,
                decision_number=decision_number,
                decision_date=decision_date,
                issuer=item.decided_by,
                source=AwardRecord.Source.DECIDED,
                is_public=True,
                nomination=nomination,
                recipient_name=nomination.nominee_name,
                recipient_unit_name=recipient_description(nomination),
            )
            record._change_reason = "central result"
            record.save()
            move_nomination(
                nomination,
                S.DECIDED,
                by=by,
                action=_("Trung ương khen thưởng: Quyết định số %(n)s") % {"n": decision_number},
                allowed_from=[S.FORWARDED],
            )
        else:
            dossier_event(
                dossier=nomination.dossier,
                nomination=nomination,
                by=by,
                action=_("Trung ương không khen thưởng"),
                from_status=nomination.status,
                to_status=nomination.status,
            )
    return item
