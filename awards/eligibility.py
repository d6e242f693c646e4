"""Automatic eligibility findings and their verdict: the rule set in force on the day a dossier was received.

Each ``Rule.Kind`` has one evaluator (``awards.eligibility_kinds``). Rule sets, their rules and
parameters are data; a new rule that combines existing kinds (another award, another number of years,
alternatives through ``group``, several conditions at once through ``all_of``) needs no code.

The verdict (``Verdict``) reads the findings:

- **Tạm dừng xét**: a matter under way (discipline review, investigation, inspection, complaint) suspends
  the award (NĐ 98/2023 = NĐ 152/2025 Điều 4 khoản 4);
- **Không đủ điều kiện**: a condition is not met, or no alternative of a group is;
- **Chưa đủ căn cứ**: an input is awaited (a rating document, a staff confirmation), or nothing that
  concerns this nominee was met (every condition not applicable, or only bars passed);
- **Đủ điều kiện**: every condition met, with at least one achievement among them.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.eligibility_batch import Batch
from awards.eligibility_kinds import (
    ASK,
    EVALUATORS,
    FAIL,
    NA,
    OK,
    Context,
    Finding,
    applies_to,
    decision_of,
    quota,
)
from awards.models import Award, AwardRecord, Nomination, RecipientKind, Rule, RuleSet

__all__ = [
    "ASK",
    "FAIL",
    "NA",
    "OK",
    "Eligibility",
    "Finding",
    "Verdict",
    "duplicate_findings",
    "evaluate",
    "evaluate_many",
    "evaluate_proposed",
    "judging_day",
    "rule_set_for",
]


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", gettext_lazy("Đủ điều kiện theo dữ liệu hiện có")
    NOT_ELIGIBLE = "not_eligible", gettext_lazy("Không đủ điều kiện theo dữ liệu hiện có")
    INSUFFICIENT = "insufficient", gettext_lazy("Chưa đủ căn cứ")
    SUSPENDED = "suspended", gettext_lazy("Tạm dừng xét")
    NO_RULE_SET = "no_rule_set", gettext_lazy("Chưa có bộ tiêu chuẩn áp dụng")


# Bootstrap colour of each verdict's badge.
VERDICT_BADGES = {
    Verdict.ELIGIBLE: "success",
    Verdict.NOT_ELIGIBLE: "danger",
    Verdict.INSUFFICIENT: "warning",
    Verdict.SUSPENDED: "secondary",
    Verdict.NO_RULE_SET: "light",
}


@dataclass
class Eligibility:
    rule_set: RuleSet | None
    judged_on: date
    findings: list[Finding] = field(default_factory=list)
    judged_by: str = ""  # which date ``judged_on`` is: the dossier's first receipt, or today for a draft

    @cached_property
    def _judgement(self) -> tuple[str, list[str]]:
        if self.rule_set is None:
            return Verdict.NO_RULE_SET, [
                _("Không có bộ tiêu chuẩn của hình thức này có hiệu lực ngày %(day)s.")
                % {"day": f"{self.judged_on:%d/%m/%Y}"}
            ]
        suspended, failed, missing = [], [], []
        groups: dict[int, list[Finding]] = {}
        for finding in self.findings:
            if finding.group:
                groups.setdefault(finding.group, []).append(finding)
            elif finding.passed is False:
                (suspended if finding.suspends else failed).append(finding.label)
            elif finding.passed is None and finding.awaiting:
                missing.append(_("%(label)s: chưa có căn cứ") % {"label": finding.label})
        for group, members in sorted(groups.items()):
            if any(m.passed is True for m in members):
                continue
            awaited = [m.label for m in members if m.passed is None and m.awaiting]
            if awaited:
                missing.append(
                    _("Nhóm lựa chọn %(g)s: chưa đạt lựa chọn nào, còn chờ căn cứ của: %(list)s")
                    % {"g": group, "list": "; ".join(awaited)}
                )
            elif any(m.passed is False for m in members):
                failed.append(
                    _("Nhóm lựa chọn %(g)s: không đạt lựa chọn nào (%(list)s)")
                    % {"g": group, "list": "; ".join(m.label for m in members if m.passed is False)}
                )
            else:
                missing.append(_("Nhóm lựa chọn %(g)s: không có lựa chọn nào áp dụng cho đối tượng này") % {"g": group})
        if suspended:
            return Verdict.SUSPENDED, suspended + failed + missing
        if failed:
            return Verdict.NOT_ELIGIBLE, failed + missing
        if missing:
            return Verdict.INSUFFICIENT, missing
        if not any(f.passed is True and f.is_achievement for f in self.findings):
            return Verdict.INSUFFICIENT, [
                _(
                    "Không có điều kiện nào về thành tích được đáp ứng theo dữ liệu hiện có (bộ tiêu chuẩn không có "
                    "điều kiện kiểm tra được từ dữ liệu, hoặc mọi điều kiện đều không áp dụng cho đối tượng này)."
                )
            ]
        return Verdict.ELIGIBLE, []

    @property
    def verdict(self) -> str:
        return self._judgement[0]

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict).label)

    @property
    def verdict_badge(self) -> str:
        return VERDICT_BADGES[self.verdict]

    @property
    def reasons(self) -> list[str]:
        """Why the verdict is not "đủ điều kiện": the conditions failed, suspended or awaiting an input."""
        return self._judgement[1]

    @property
    def passed(self) -> bool | None:
        """True only when eligible; None without a rule set."""
        if self.verdict == Verdict.NO_RULE_SET:
            return None
        return self.verdict == Verdict.ELIGIBLE


def rule_set_for(award: Award, day: date) -> RuleSet | None:
    """The rule set of ``award`` in force on ``day`` (the latest that started on or before it)."""
    return (
        award.rule_sets.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def judging_day(nomination: Nomination) -> date:
    """A nomination is judged by the rules in force on the day its dossier was first received.

    NĐ 152/2025 took effect on 01/07/2025 (Điều 59); a dossier received before that day is judged under
    NĐ 98/2023 (the transitional clause, Điều 60 khoản 3, as the Ministry applies it), even when it is
    returned and sent again later. Sending is receiving here (units file through the system), so the first
    receipt is the day the dossier was submitted to the deciding level.
    """
    return _judging(nomination)[0]


def _judging(nomination: Nomination) -> tuple[date, str]:
    dossier = nomination.dossier
    if dossier.first_received_on:
        return dossier.first_received_on, _("ngày tiếp nhận hồ sơ lần đầu")
    if dossier.received_on:
        return dossier.received_on, _("ngày tiếp nhận hồ sơ")
    return timezone.localdate(), _("hôm nay (hồ sơ chưa được tiếp nhận)")


def evaluate(nomination: Nomination, *, on: date | None = None) -> Eligibility:
    """The findings of every rule of the rule set in force on ``on`` (default: the dossier's receipt day)."""
    return _evaluate(nomination, on=on, batch=Batch([nomination], timezone.localdate()))


def evaluate_many(nominations, *, on: date | None = None) -> dict[int, Eligibility]:
    """``evaluate`` for many nominations (an agenda, a packet), by nomination id, in a constant number of queries.

    The nominations should come with their dossier (``select_related``): it gives the judging day.
    """
    nominations = list(nominations)
    batch = Batch(nominations, timezone.localdate())
    return {n.pk: _evaluate(n, on=on, batch=batch) for n in nominations}


def evaluate_proposed(nominations) -> list[Eligibility]:
    """``evaluate`` for nominations not written yet (a list being imported), in order, in a constant number of queries.

    Each counts, in the quotas, as proposed together with those before it in the list, as adding them one by
    one would: the first within the quota pass, the ones beyond it are found over it.
    """
    nominations = list(nominations)
    batch = Batch(nominations, timezone.localdate())
    written = list(batch.proposals)
    found = []
    for index, nomination in enumerate(nominations):
        own = [
            {
                "award_id": n.award_id,
                "year": n.year,
                "dossier__unit_id": n.dossier.unit_id,
                "dossier__campaign_id": n.dossier.campaign_id,
                "nominee_kind": n.nominee_kind,
                "n": 1,
            }
            for n in nominations[: index + 1]
        ]
        batch.__dict__["proposals"] = written + own  # the cached facts, with this list's proposals so far
        found.append(_evaluate(nomination, on=None, batch=batch))
    return found


def _evaluate(nomination: Nomination, *, on: date | None, batch: Batch) -> Eligibility:
    if on is None:
        day, judged_by = _judging(nomination)
    else:
        day, judged_by = on, _("ngày được chọn")
    rule_set = batch.rule_set_for(nomination.award_id, day)
    result = Eligibility(rule_set=rule_set, judged_on=day, judged_by=judged_by)
    if rule_set is None:
        return result
    rules = [r for r in rule_set.rules.all() if applies_to(r.params, nomination.nominee_kind)]
    ctx = Context(nomination, batch.today, batch)
    for rule in rules:
        if rule.kind == Rule.Kind.EXCLUDE_AWARD_TYPES:
            ctx.excluded_types |= set(rule.params.get("types", []))
    for rule in rules:
        evaluator = EVALUATORS.get(rule.kind)
        if evaluator is None:
            finding = Finding(str(rule), None, _("Loại điều kiện chưa được hỗ trợ."), rule.group, awaiting=True)
        else:
            finding = evaluator(rule, ctx)
        finding.kind = rule.kind
        result.findings.append(finding)
    has_campaign_quota = any(r.kind == Rule.Kind.QUOTA and r.params.get("scope") == "campaign" for r in rules)
    if nomination.dossier.campaign_id and not has_campaign_quota:
        # A campaign's plan sets its own quotas (campaigns.AwardQuota): always show their use.
        plan_quota = Rule(kind=Rule.Kind.QUOTA, params={"scope": "campaign"}, description=_("Chỉ tiêu của phong trào"))
        finding = quota(plan_quota, ctx)
        finding.kind = Rule.Kind.QUOTA
        result.findings.append(finding)
    return result


def quota_findings(nomination: Nomination, *, on: date | None = None) -> list[Finding]:
    """Only the quota findings of ``nomination`` ("đã đề nghị 2/1 ✗"): checked wherever a nominee is proposed."""
    return [f for f in evaluate(nomination, on=on).findings if f.kind == Rule.Kind.QUOTA]


def quota_excess(nomination: Nomination) -> str:
    """What ``nomination`` exceeds, in Vietnamese ("" when every quota holds)."""
    return quota_excess_many([nomination])[nomination.pk]


def quota_excess_many(nominations) -> dict[int, str]:
    """``quota_excess`` of many nominations (a dossier's, at sending), by id, in a constant number of queries."""
    results = evaluate_many(nominations, on=timezone.localdate())
    return {
        pk: "; ".join(f"{f.label}: {f.evidence}" for f in r.findings if f.kind == Rule.Kind.QUOTA and f.passed is False)
        for pk, r in results.items()
    }


def duplicate_findings(nomination: Nomination) -> list[str]:
    """Other proposals or awards that look like the same nominee, award and year, anywhere in the province."""
    return duplicate_findings_many([nomination])[nomination.pk]


def duplicate_findings_many(nominations) -> dict[int, list[str]]:
    """``duplicate_findings`` of many nominations (a dossier's), by nomination id, in two queries whatever their number.

    The nominations should come with their award and person (``select_related``). One query reads every other
    proposal of their awards and years that names one of their nominees, one every award record in force;
    each nomination then takes those that are its own, in the order the database gave them.
    """
    nominations = list(nominations)
    found: dict[int, list[str]] = {n.pk: [] for n in nominations}
    if not nominations:
        return found
    individuals = [n for n in nominations if n.nominee_kind == RecipientKind.INDIVIDUAL]
    collectives = [n for n in nominations if n.nominee_kind == RecipientKind.COLLECTIVE]
    households = [n for n in nominations if n.nominee_kind == RecipientKind.HOUSEHOLD]
    person_ids = {n.person_id for n in individuals}
    unit_ids = {n.unit_id for n in collectives}
    years = {n.year for n in nominations}
    award_ids = {n.award_id for n in nominations}

    # The same nominee: the same person, or a person of the same name and birth year; the same unit; a
    # household of the same name.
    named = (
        Q(person_id__in=person_ids)
        | Q(search_text__in={n.person.search_text for n in individuals})
        | Q(unit_id__in=unit_ids)
        | Q(nominee_kind=RecipientKind.HOUSEHOLD, search_text__in={n.search_text for n in households})
    )
    others = list(
        Nomination.objects.filter(named, award_id__in=award_ids, year__in=years)
        .exclude(status__in=[Nomination.Status.REJECTED, Nomination.Status.WITHDRAWN])
        .select_related("dossier__unit", "person")
    )

    def same(nomination, other) -> bool:
        if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
            person = nomination.person
            birth_year = other.person.birth_year if other.person_id else None
            return other.person_id == person.pk or (
                other.search_text == person.search_text and birth_year == person.birth_year
            )
        if nomination.nominee_kind == RecipientKind.COLLECTIVE:
            return other.unit_id == nomination.unit_id
        return other.nominee_kind == RecipientKind.HOUSEHOLD and other.search_text == nomination.search_text

    holders = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)
    for text in {n.search_text for n in households}:
        holders |= Q(recipient_kind=RecipientKind.HOUSEHOLD, search_text__startswith=text)
    records = list(AwardRecord.objects.in_force().filter(holders, award_id__in=award_ids, year__in=years))

    def holds(nomination, record) -> bool:
        if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
            return record.person_id == nomination.person_id
        if nomination.nominee_kind == RecipientKind.COLLECTIVE:
            return record.unit_id == nomination.unit_id
        return record.recipient_kind == RecipientKind.HOUSEHOLD and record.search_text.startswith(
            nomination.search_text
        )

    for nomination in nominations:
        lines = found[nomination.pk]
        for other in others:
            if (
                other.pk != nomination.pk
                and (other.award_id, other.year) == (nomination.award_id, nomination.year)
                and same(nomination, other)
            ):
                lines.append(
                    _("Cũng được đề nghị trong hồ sơ của %(unit)s (%(status)s)")
                    % {"unit": other.dossier.unit.name, "status": other.get_status_display().lower()}
                )
        for record in records:
            if (record.award_id, record.year) == (nomination.award_id, nomination.year) and holds(nomination, record):
                lines.append(
                    _("Đã được tặng %(award)s năm %(year)s%(decision)s")
                    % {"award": nomination.award.name, "year": record.year, "decision": decision_of(record)}
                )
    return found
