"""The facts the eligibility evaluators read (``awards.eligibility_kinds``), loaded for many nominations at once."""

from datetime import date
from functools import cached_property

from django.db.models import Count, Q

from awards.models import (
    AchievementConfirmation,
    Award,
    AwardRecord,
    DisciplineRecord,
    Initiative,
    Nomination,
    PendingMatter,
    RecipientKind,
    RuleSet,
    TaskRating,
)
from thiduakt import write_cache
from thiduakt.models import Person
from thiduakt.text import fold


def _all_rule_sets() -> list[RuleSet]:
    """Every rule set with its rules, newest first: the law the evaluators apply, the same for every nomination.
    Kept until a rule set or a rule is written (``thiduakt.write_cache``), so that a page evaluating a nominee
    does not read the law again at each visit (two queries), nor the awards below (one)."""
    return write_cache.until_write(
        "eligibility-rule-sets",
        lambda: list(RuleSet.objects.prefetch_related("rules").order_by("-valid_from", "-id")),
        alone=True,
    )


def _every_award() -> list[Award]:
    return write_cache.until_write("eligibility-awards", lambda: list(Award.objects.all()), alone=True)


class Batch:
    """What the evaluators read for many nominations at once: one query per kind of fact, whatever their number.

    ``evaluate`` makes a batch of one; ``evaluate_many`` (the voting room, the meeting packet) one for the
    whole agenda. Each fact is loaded on first use, for every nomination of the batch, and kept in memory
    in the order the evaluators read it.
    """

    def __init__(self, nominations: list[Nomination], today: date):
        self.nominations = list(nominations)
        self.today = today
        self.person_ids = {n.person_id for n in self.nominations if n.nominee_kind == RecipientKind.INDIVIDUAL}
        self.unit_ids = {n.unit_id for n in self.nominations if n.nominee_kind == RecipientKind.COLLECTIVE}
        self.households = {
            fold(n.household_name) for n in self.nominations if n.nominee_kind == RecipientKind.HOUSEHOLD
        }
        self._awards: dict[str, Award | None] = {}

    def award(self, code: str) -> Award | None:
        if code not in self._awards:
            self._awards.update({a.code: a for a in self._all_awards})
            self._awards.setdefault(code, None)
        return self._awards[code]

    @cached_property
    def _all_awards(self) -> list[Award]:
        return _every_award()

    @cached_property
    def records(self) -> list[AwardRecord]:
        """Every award record in force of the batch's nominees, by year then id."""
        who = Q(person_id__in=self.person_ids) | Q(unit_id__in=self.unit_ids)
        for name in self.households:
            who |= Q(recipient_kind=RecipientKind.HOUSEHOLD, search_text__startswith=name)
        return list(AwardRecord.objects.in_force().select_related("award").filter(who).order_by("year", "id"))

    def records_of(self, nomination: Nomination) -> list[AwardRecord]:
        if nomination.nominee_kind == RecipientKind.INDIVIDUAL:
            return [r for r in self.records if r.person_id == nomination.person_id]
        if nomination.nominee_kind == RecipientKind.COLLECTIVE:
            return [r for r in self.records if r.unit_id == nomination.unit_id]
        name = fold(nomination.household_name)
        return [
            r for r in self.records if r.recipient_kind == RecipientKind.HOUSEHOLD and r.search_text.startswith(name)
        ]

    @cached_property
    def confirmations(self) -> dict[int, dict[str, AchievementConfirmation]]:
        found: dict[int, dict[str, AchievementConfirmation]] = {}
        for c in (
            AchievementConfirmation.objects.filter(nomination_id__in=[n.pk for n in self.nominations])
            .select_related("confirmed_by")
            .order_by("id")
        ):
            found.setdefault(c.nomination_id, {})[c.fact] = c
        return found

    @cached_property
    def initiatives(self) -> list[Initiative]:
        return list(Initiative.objects.filter(person_id__in=self.person_ids).order_by("year", "id"))

    @cached_property
    def ratings(self) -> list[TaskRating]:
        return list(
            TaskRating.objects.filter(Q(person_id__in=self.person_ids) | Q(unit_id__in=self.unit_ids)).order_by(
                "-year", "id"
            )
        )

    @cached_property
    def disciplines(self) -> list[DisciplineRecord]:
        return list(
            DisciplineRecord.objects.filter(Q(person_id__in=self.person_ids) | Q(person__unit_id__in=self.unit_ids))
            .select_related("person")
            .order_by("year", "id")
        )

    @cached_property
    def matters(self) -> list[PendingMatter]:
        return list(
            PendingMatter.objects.filter(Q(person_id__in=self.person_ids) | Q(unit_id__in=self.unit_ids))
            .filter(started_on__lte=self.today)
            .order_by("started_on", "id")
        )

    @cached_property
    def unit_sizes(self) -> dict[int, int]:
        """How many people each collective nominee has on record (its members when none are given)."""
        rows = Person.objects.filter(unit_id__in=self.unit_ids).values("unit_id").annotate(n=Count("id"))
        return {row["unit_id"]: row["n"] for row in rows}

    @cached_property
    def member_titles(self) -> list[tuple[int, int, int, str, int]]:
        """(award, year, unit, award type, person) of the titles in force held by members of collective nominees."""
        rows = (
            AwardRecord.objects.in_force()
            .filter(person__unit_id__in=self.unit_ids, year__in={n.year for n in self.nominations})
            .values_list("award_id", "year", "person__unit_id", "award_type", "person_id")
            .distinct()
        )
        return list(rows)

    @cached_property
    def proposals(self) -> list[dict]:
        """Counts of active proposals by award, year, unit, campaign and kind (what the quotas count)."""
        return list(
            Nomination.objects.filter(
                award_id__in={n.award_id for n in self.nominations}, year__in={n.year for n in self.nominations}
            )
            .exclude(status__in=[Nomination.Status.REJECTED, Nomination.Status.WITHDRAWN])
            .values("award_id", "year", "dossier__unit_id", "dossier__campaign_id", "nominee_kind")
            .annotate(n=Count("id"))
        )

    def proposal_count(self, nomination: Nomination, **match) -> int:
        return sum(
            row["n"]
            for row in self.proposals
            if row["award_id"] == nomination.award_id
            and row["year"] == nomination.year
            and all(row[key] == value for key, value in match.items())
        )

    def campaign(self, nomination: Nomination):
        """The campaign of the nomination's dossier (None when none), read once for the whole batch."""
        if nomination.dossier.campaign_id is None:
            return None
        return self._campaigns.get(nomination.dossier.campaign_id)

    @cached_property
    def _campaigns(self) -> dict:
        from campaigns.models import Campaign  # noqa: PLC0415 -- campaigns builds on awards, not the reverse

        return {c.pk: c for c in Campaign.objects.filter(pk__in=self._campaign_ids)}

    @cached_property
    def _campaign_ids(self) -> set[int]:
        return {n.dossier.campaign_id for n in self.nominations if n.dossier.campaign_id}

    @cached_property
    def plan_quotas(self) -> dict[tuple[int, int, str], object]:
        from campaigns.models import AwardQuota  # noqa: PLC0415 -- campaigns builds on awards, not the reverse

        found = {}
        for plan in AwardQuota.objects.filter(campaign_id__in=self._campaign_ids):
            found.setdefault((plan.campaign_id, plan.award_id, plan.recipient), plan)
        return found

    @cached_property
    def participant_counts(self) -> dict[int, int]:
        from campaigns.models import Participant  # noqa: PLC0415 -- campaigns builds on awards, not the reverse

        rows = (
            Participant.objects.filter(campaign_id__in=self._campaign_ids, role="participant")
            .values("campaign_id")
            .annotate(n=Count("id"))
        )
        return {row["campaign_id"]: row["n"] for row in rows}

    @cached_property
    def rule_sets(self) -> list[RuleSet]:
        award_ids = {n.award_id for n in self.nominations}
        return [s for s in _all_rule_sets() if s.award_id in award_ids]

    def rule_set_for(self, award_id: int, day: date) -> RuleSet | None:
        return next(
            (
                s
                for s in self.rule_sets
                if s.award_id == award_id and s.valid_from <= day and (s.valid_to is None or s.valid_to >= day)
            ),
            None,
        )
