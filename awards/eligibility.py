"""Automatic eligibility findings: the rule set in force on the day a dossier was received, evaluated.

Each ``Rule.Kind`` has one evaluator here. Rule sets, their rules and
parameters are data; a new rule that combines existing kinds (another award,
another number of years, alternatives through ``group``) needs no code.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    DISCIPLINE_RANK,
    LEVEL_RANK,
    Award,
    AwardRecord,
    AwardType,
    DisciplineRecord,
    Initiative,
    Nomination,
    RecipientKind,
    Rule,
    RuleSet,
)
from thiduakt.models import Person
from thiduakt.text import fold

OK, FAIL, NA = "✓", "✗", "–"


@dataclass
class Finding:
    label: str
    passed: bool | None  # None: not applicable, or for information
    evidence: str
    group: int = 0

    @property
    def mark(self) -> str:
        return {True: OK, False: FAIL, None: NA}[self.passed]


@dataclass
class Eligibility:
    rule_set: RuleSet | None
    judged_on: date
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool | None:
        """True when every ungrouped rule and at least one rule of every group pass; None without rules."""
        if self.rule_set is None:
            return None
        groups: dict[int, list[bool | None]] = {}
        for finding in self.findings:
            if finding.group:
                groups.setdefault(finding.group, []).append(finding.passed)
            elif finding.passed is False:
                return False
        return all(any(p is not False for p in results) for results in groups.values())


def rule_set_for(award: Award, day: date) -> RuleSet | None:
    """The rule set of ``award`` in force on ``day`` (the latest that started on or before it)."""
    return (
        award.rule_sets.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def judging_day(nomination: Nomination) -> date:
    """A nomination is judged by the rules in force on the day its dossier was (first) received."""
    dossier = nomination.dossier
    return dossier.first_received_on or dossier.received_on or timezone.localdate()


def _records_of(nomination: Nomination):
    records = AwardRecord.objects.in_force().select_related("award")
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        return records.filter(person_id=nomination.person_id)
    if nomination.nominee_kind == RecipientKind.COLLECTIVE:
        return records.filter(unit_id=nomination.unit_id)
    return records.filter(
        recipient_kind=RecipientKind.HOUSEHOLD, search_text__startswith=fold(nomination.household_name)
    )


def _decision(record: AwardRecord) -> str:
    return f" (QĐ {record.decision_number})" if record.decision_number else ""


class _Context:
    def __init__(self, nomination: Nomination):
        self.nomination = nomination
        self.excluded_types: set[str] = set()

    def award(self, code: str) -> Award | None:
        return Award.objects.filter(code=code).first()


def _consecutive_titles(rule: Rule, ctx: _Context) -> Finding:
    nomination = ctx.nomination
    params = rule.params
    years_needed = int(params.get("years", 1))
    end = nomination.year if params.get("include_current") else nomination.year - 1
    years = list(range(end - years_needed + 1, end + 1))
    award = ctx.award(params.get("award", ""))
    label = rule.description or rule.get_kind_display()
    if award is None:
        return Finding(
            label, False, _("Không có danh hiệu mã “%(code)s” trong danh mục.") % {"code": params.get("award")}
        )
    records = _records_of(nomination).filter(award=award, year__in=years).exclude(award_type__in=ctx.excluded_types)
    by_year: dict[int, AwardRecord] = {}
    for record in records.order_by("year", "id"):
        by_year.setdefault(record.year, record)
    parts = [f"{y} {OK}{_decision(by_year[y])}" if y in by_year else f"{y} {FAIL}" for y in years]
    passed = all(y in by_year for y in years)
    if passed:
        verdict = _("đủ %(n)s năm liên tục") % {"n": years_needed}
    else:
        verdict = _("chưa đủ %(n)s năm liên tục") % {"n": years_needed}
    return Finding(label, passed, f"{award.name}: {', '.join(parts)} — {verdict}", rule.group)


def _initiative(rule: Rule, ctx: _Context) -> Finding:
    nomination = ctx.nomination
    label = rule.description or rule.get_kind_display()
    if nomination.nominee_kind != RecipientKind.INDIVIDUAL:
        return Finding(label, None, _("Không áp dụng cho tập thể, hộ gia đình."), rule.group)
    params = rule.params
    level = params.get("level", "unit")
    needed = int(params.get("count", 1))
    span = int(params.get("years", 1))
    first = nomination.year - span + 1
    levels = [lv for lv, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK.get(level, 1)]
    found = list(
        Initiative.objects.filter(
            person_id=nomination.person_id, level__in=levels, year__gte=first, year__lte=nomination.year
        ).order_by("year", "id")
    )
    level_label = Initiative.Level(level).label.lower() if level in Initiative.Level.values else level
    period = f"{first}–{nomination.year}" if span > 1 else str(nomination.year)
    listed = "; ".join(f"“{i.title}” ({i.year}, {i.get_level_display().lower()})" for i in found)
    passed = len(found) >= needed
    evidence = _("Sáng kiến từ %(level)s trở lên, %(period)s: %(have)s/%(need)s %(mark)s") % {
        "level": level_label,
        "period": period,
        "have": len(found),
        "need": needed,
        "mark": OK if passed else FAIL,
    }
    if listed:
        evidence += f" — {listed}"
    return Finding(label, passed, evidence, rule.group)


def _members(nomination: Nomination):
    return Person.objects.filter(unit_id=nomination.unit_id)


def _member_share(rule: Rule, ctx: _Context) -> Finding:
    nomination = ctx.nomination
    label = rule.description or rule.get_kind_display()
    if nomination.nominee_kind != RecipientKind.COLLECTIVE:
        return Finding(label, None, _("Chỉ áp dụng cho tập thể."), rule.group)
    params = rule.params
    award = ctx.award(params.get("award", ""))
    if award is None:
        return Finding(
            label, False, _("Không có danh hiệu mã “%(code)s” trong danh mục.") % {"code": params.get("award")}
        )
    members = nomination.member_count or _members(nomination).count()
    holders = (
        AwardRecord.objects.in_force()
        .filter(award=award, year=nomination.year, person__unit_id=nomination.unit_id)
        .exclude(award_type__in=ctx.excluded_types)
        .values("person_id")
        .distinct()
        .count()
    )
    if "percent" in params:
        percent = holders * 100 / members if members else 0
        passed = members > 0 and percent >= float(params["percent"])
        evidence = _(
            "%(award)s năm %(year)s: %(have)s/%(members)s thành viên (%(pct)s%%) %(mark)s — cần ≥ %(need)s%%"
        ) % {
            "award": award.name,
            "year": nomination.year,
            "have": holders,
            "members": members,
            "pct": round(percent),
            "mark": OK if passed else FAIL,
            "need": params["percent"],
        }
    else:
        needed = int(params.get("count", 1))
        passed = holders >= needed
        evidence = _("%(award)s năm %(year)s: %(have)s thành viên %(mark)s — cần ít nhất %(need)s") % {
            "award": award.name,
            "year": nomination.year,
            "have": holders,
            "mark": OK if passed else FAIL,
            "need": needed,
        }
    return Finding(label, passed, evidence, rule.group)


def _no_discipline(rule: Rule, ctx: _Context) -> Finding:
    nomination = ctx.nomination
    label = rule.description or rule.get_kind_display()
    level = rule.params.get("level", "reprimand")
    levels = [lv for lv, rank in DISCIPLINE_RANK.items() if rank >= DISCIPLINE_RANK.get(level, 1)]
    disciplines = DisciplineRecord.objects.filter(year=nomination.year, level__in=levels).select_related("person")
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        disciplines = disciplines.filter(person_id=nomination.person_id)
    elif nomination.nominee_kind == RecipientKind.COLLECTIVE:
        disciplines = disciplines.filter(person__unit_id=nomination.unit_id)
    else:
        return Finding(label, None, _("Không áp dụng cho hộ gia đình."), rule.group)
    found = list(disciplines.order_by("id"))
    level_label = DisciplineRecord.Level(level).label.lower()
    if not found:
        return Finding(
            label,
            True,
            _("Năm %(year)s không có kỷ luật từ mức %(level)s trở lên %(mark)s")
            % {"year": nomination.year, "level": level_label, "mark": OK},
            rule.group,
        )
    listed = "; ".join(
        f"{d.person.full_name}: {d.get_level_display().lower()}"
        + (f" (QĐ {d.decision_number})" if d.decision_number else "")
        for d in found
    )
    return Finding(
        label,
        False,
        _("Năm %(year)s có kỷ luật %(mark)s — %(list)s") % {"year": nomination.year, "mark": FAIL, "list": listed},
        rule.group,
    )


def _exclude_award_types(rule: Rule, ctx: _Context) -> Finding:
    labels = ", ".join(AwardType(t).label.lower() for t in rule.params.get("types", []) if t in AwardType.values)
    return Finding(
        rule.description or rule.get_kind_display(),
        None,
        _("Không tính các khen thưởng loại: %(types)s") % {"types": labels},
        rule.group,
    )


def _quota(rule: Rule, ctx: _Context) -> Finding:
    nomination = ctx.nomination
    label = rule.description or rule.get_kind_display()
    params = rule.params
    active = Nomination.objects.filter(award_id=nomination.award_id, year=nomination.year).exclude(
        status__in=[Nomination.Status.REJECTED, Nomination.Status.WITHDRAWN]
    )
    if params.get("scope", "unit") == "campaign":
        campaign_id = nomination.dossier.campaign_id
        if campaign_id is None:
            return Finding(label, None, _("Hồ sơ không thuộc phong trào thi đua nào."), rule.group)
        limit_units, limit_percent = params.get("max"), params.get("percent")
        if limit_units is None and limit_percent is None:
            from campaigns.models import AwardQuota  # noqa: PLC0415 -- campaigns builds on awards, not the reverse

            quota = AwardQuota.objects.filter(
                campaign_id=campaign_id, award_id=nomination.award_id, recipient=nomination.nominee_kind
            ).first()
            if quota is None:
                return Finding(label, None, _("Phong trào không đặt chỉ tiêu cho hình thức này."), rule.group)
            limit_units, limit_percent = quota.max_per_unit, quota.max_percent
        in_campaign = active.filter(dossier__campaign_id=campaign_id, nominee_kind=nomination.nominee_kind)
        parts, passed = [], True
        if limit_units is not None:
            used = in_campaign.filter(dossier__unit_id=nomination.dossier.unit_id).count()
            ok = used <= int(limit_units)
            passed &= ok
            parts.append(
                _("đơn vị đã đề nghị %(used)s/%(max)s %(mark)s")
                % {"used": used, "max": limit_units, "mark": OK if ok else FAIL}
            )
        if limit_percent is not None:
            from campaigns.models import Participant  # noqa: PLC0415 -- campaigns builds on awards, not the reverse

            participants = Participant.objects.filter(campaign_id=campaign_id, role="participant").count()
            allowed = int(participants * float(limit_percent) / 100)
            used = in_campaign.count()
            ok = used <= allowed
            passed &= ok
            parts.append(
                _("toàn phong trào %(used)s/%(allowed)s (%(pct)s%% của %(n)s đơn vị tham gia) %(mark)s")
                % {
                    "used": used,
                    "allowed": allowed,
                    "pct": f"{float(limit_percent):g}",
                    "n": participants,
                    "mark": OK if ok else FAIL,
                }
            )
        return Finding(label, passed, _("Chỉ tiêu phong trào: %(parts)s") % {"parts": "; ".join(parts)}, rule.group)
    limit = int(params.get("max", 1))
    used = active.filter(dossier__unit_id=nomination.dossier.unit_id).count()
    passed = used <= limit
    return Finding(
        label,
        passed,
        _("Chỉ tiêu của đơn vị năm %(year)s: đã đề nghị %(used)s/%(max)s %(mark)s")
        % {"year": nomination.year, "used": used, "max": limit, "mark": OK if passed else FAIL},
        rule.group,
    )


EVALUATORS = {
    Rule.Kind.CONSECUTIVE_TITLES: _consecutive_titles,
    Rule.Kind.INITIATIVE: _initiative,
    Rule.Kind.MEMBER_SHARE: _member_share,
    Rule.Kind.NO_DISCIPLINE: _no_discipline,
    Rule.Kind.EXCLUDE_AWARD_TYPES: _exclude_award_types,
    Rule.Kind.QUOTA: _quota,
}


def evaluate(nomination: Nomination, *, on: date | None = None) -> Eligibility:
    """The findings of every rule of the rule set in force on ``on`` (default: the dossier's receipt day)."""
    day = on or judging_day(nomination)
    rule_set = rule_set_for(nomination.award, day)
    result = Eligibility(rule_set=rule_set, judged_on=day)
    if rule_set is None:
        return result
    rules = list(rule_set.rules.all())
    ctx = _Context(nomination)
    for rule in rules:
        if rule.kind == Rule.Kind.EXCLUDE_AWARD_TYPES:
            ctx.excluded_types |= set(rule.params.get("types", []))
    for rule in rules:
        evaluator = EVALUATORS.get(rule.kind)
        if evaluator is None:
            result.findings.append(Finding(str(rule), None, _("Loại điều kiện chưa được hỗ trợ."), rule.group))
            continue
        result.findings.append(evaluator(rule, ctx))
    has_campaign_quota = any(r.kind == Rule.Kind.QUOTA and r.params.get("scope") == "campaign" for r in rules)
    if nomination.dossier.campaign_id and not has_campaign_quota:
        # A campaign's plan sets its own quotas (campaigns.AwardQuota): always show their use.
        plan_quota = Rule(kind=Rule.Kind.QUOTA, params={"scope": "campaign"}, description=_("Chỉ tiêu của phong trào"))
        result.findings.append(_quota(plan_quota, ctx))
    return result


def duplicate_findings(nomination: Nomination) -> list[str]:
    """Other proposals or awards that look like the same nominee, award and year, anywhere in the province."""
    found = []
    others = (
        Nomination.objects.filter(award_id=nomination.award_id, year=nomination.year)
        .exclude(pk=nomination.pk)
        .exclude(status__in=[Nomination.Status.REJECTED, Nomination.Status.WITHDRAWN])
        .select_related("dossier__unit")
    )
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        person = nomination.person
        same = Q(person_id=person.pk) | Q(search_text=person.search_text, person__birth_year=person.birth_year)
    elif nomination.nominee_kind == RecipientKind.COLLECTIVE:
        same = Q(unit_id=nomination.unit_id)
    else:
        same = Q(nominee_kind=RecipientKind.HOUSEHOLD, search_text=nomination.search_text)
    for other in others.filter(same):
        found.append(
            _("Cũng được đề nghị trong hồ sơ của %(unit)s (%(status)s)")
            % {"unit": other.dossier.unit.name, "status": other.get_status_display().lower()}
        )
    records = AwardRecord.objects.in_force().filter(award_id=nomination.award_id, year=nomination.year)
    if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
        records = records.filter(person_id=nomination.person_id)
    elif nomination.nominee_kind == RecipientKind.COLLECTIVE:
        records = records.filter(unit_id=nomination.unit_id)
    else:
        records = records.filter(recipient_kind=RecipientKind.HOUSEHOLD, search_text__startswith=nomination.search_text)
    for record in records:
        found.append(
            _("Đã được tặng %(award)s năm %(year)s%(decision)s")
            % {"award": nomination.award.name, "year": record.year, "decision": _decision(record)}
        )
    return found
