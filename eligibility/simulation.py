"""Policy simulation: a draft rule version run over the cases of a period,
next to the published version in force for each case, changing nothing.
The rules page and `manage.py simulate_rules` both call simulate().

Each case is read at its application date (the first move to "application"),
or the day it was opened when it has not applied yet: a simulation of a past
period must not depend on the day it is run."""

import datetime
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from cases.lifecycle import Status
from cases.models import ReturnCase, Transition
from eligibility.case_facts import facts_for_case
from eligibility.models import RuleVersion
from eligibility.service import evaluate_with, version_in_force

TOP = 20
CHUNK = 500
ZERO = Decimal("0.00")

Progress = Callable[[int, int], None]


@dataclass
class CaseChange:
    """One case, before (published rules) and after (the draft)."""

    case_id: int
    number: str
    office: str
    nationality: str  # ISO code, "" when unknown
    date: datetime.date
    before_version: str | None
    before_eligible: bool | None
    before_total: Decimal
    after_eligible: bool | None
    after_total: Decimal
    before_missing: list[str] = field(default_factory=list)
    after_missing: list[str] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        return self.after_total - self.before_total

    @property
    def eligibility_changed(self) -> bool:
        return self.before_eligible != self.after_eligible

    @property
    def changed(self) -> bool:
        return self.eligibility_changed or self.before_total != self.after_total


@dataclass
class Line:
    """A row of a before/after table: cases counted and money summed."""

    key: str
    label: str
    cases: int = 0
    count_before: int = 0  # eligible cases, or cases receiving the component
    count_after: int = 0
    before: Decimal = ZERO
    after: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass
class Simulation:
    draft: RuleVersion
    date_from: datetime.date
    date_to: datetime.date
    currency: str
    evaluated: int = 0
    changed: int = 0
    eligibility_changed: int = 0
    # Cases on a date when no published version was in force: "before" is
    # then "not eligible, nothing".
    without_published_rules: int = 0
    # Cases whose evaluation lacks facts a rule needs: their totals are partial.
    incomplete_before: int = 0
    incomplete_after: int = 0
    # A published version in force used another currency than the draft.
    other_currency: bool = False
    total: Line = field(default_factory=lambda: Line("", ""))
    by_component: dict[str, Line] = field(default_factory=dict)
    by_nationality: dict[str, Line] = field(default_factory=dict)
    top: list[CaseChange] = field(default_factory=list)

    @property
    def components(self) -> list[Line]:
        return sorted(self.by_component.values(), key=lambda line: line.key)

    @property
    def nationalities(self) -> list[Line]:
        """Largest budget change first, then by name."""
        return sorted(self.by_nationality.values(), key=lambda line: (-abs(line.difference), line.label))

    @property
    def outside_draft_validity(self) -> bool:
        """The period reaches outside the dates the draft says it is valid for."""
        content = self.draft.content  # the rule file's own dates, whatever state the instance is in
        start = datetime.date.fromisoformat(content["valid_from"])
        end = datetime.date.fromisoformat(content["valid_to"]) if content.get("valid_to") else None
        return self.date_from < start or (end is not None and self.date_to > end)


def cases_opened_between(cases: QuerySet, date_from: datetime.date, date_to: datetime.date) -> QuerySet:
    """Cases opened from `date_from` to `date_to` inclusive, in the current time zone."""
    return cases.filter(opened_at__date__gte=date_from, opened_at__date__lte=date_to)


def _with_application_time(cases: QuerySet) -> QuerySet:
    # The same first move to "application" as case_facts.application_date,
    # read with the case instead of one query per case.
    first = Transition.objects.filter(case=OuterRef("pk"), to_status=Status.APPLICATION).order_by("at", "pk")
    return cases.annotate(applied_at=Subquery(first.values("at")[:1]))


def case_date(case: ReturnCase) -> datetime.date:
    moment = getattr(case, "applied_at", None) or case.opened_at
    return timezone.localdate(moment)


def _amounts(result: dict) -> dict[str, tuple[str, Decimal]]:
    return {c["code"]: (c["label"], Decimal(c["amount"])) for c in result["components"]}


def simulate(
    draft: RuleVersion,
    cases: QuerySet,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    progress: Progress | None = None,
    every: int = CHUNK,
    on_case: Callable[[CaseChange], None] | None = None,
) -> Simulation:
    """Run `draft` over the cases of `cases` opened in the period. Reads only.

    `progress(done, total)` is called every `every` cases and at the end;
    `on_case(change)` for every case, changed or not (the command writes the
    changed ones to CSV). The cases are streamed, never all held in memory."""
    programme = draft.programme
    selected = cases_opened_between(cases, date_from, date_to)
    total_cases = selected.count()
    rows = _with_application_time(selected.select_related("office", "principal")).order_by("pk")
    sim = Simulation(
        draft=draft,
        date_from=date_from,
        date_to=date_to,
        currency=draft.content["currency"],
        total=Line("total", _("All cases")),
    )
    # Few distinct dates, many cases: look the version in force up once a day.
    in_force: dict[datetime.date, RuleVersion | None] = {}
    heap: list[tuple] = []
    tie = itertools.count()
    done = 0
    for case in rows.iterator(chunk_size=CHUNK):
        day = case_date(case)
        if day not in in_force:
            in_force[day] = version_in_force(programme, day)
        published = in_force[day]
        facts = facts_for_case(case, on=day)
        after = evaluate_with(draft, facts)
        if published is None:
            before = {"eligible": False, "total": "0.00", "components": [], "missing_facts": []}
            sim.without_published_rules += 1
        else:
            before = evaluate_with(published, facts)
            sim.other_currency |= before["currency"] != sim.currency
        change = CaseChange(
            case_id=case.pk,
            number=case.number,
            office=case.office.code,
            nationality=facts.nationality or "",
            date=day,
            before_version=published.label if published else None,
            before_eligible=before["eligible"],
            before_total=Decimal(before["total"]),
            after_eligible=after["eligible"],
            after_total=Decimal(after["total"]),
            before_missing=list(before["missing_facts"]),
            after_missing=list(after["missing_facts"]),
        )
        _count(sim, change, _amounts(before), _amounts(after))
        if change.changed:
            key = (abs(change.difference), change.eligibility_changed, -change.case_id, next(tie))
            item = (key, change)
            if len(heap) < TOP:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
        if on_case is not None:
            on_case(change)
        done += 1
        if progress is not None and done % every == 0:
            progress(done, total_cases)
    if progress is not None and done % every != 0:
        progress(done, total_cases)
    sim.top = [change for _key, change in sorted(heap, key=lambda item: item[0], reverse=True)]
    return sim


def _add(line: Line, change: CaseChange) -> None:
    line.cases += 1
    line.count_before += change.before_eligible is True
    line.count_after += change.after_eligible is True
    line.before += change.before_total
    line.after += change.after_total


def _count(sim: Simulation, change: CaseChange, before: dict, after: dict) -> None:
    sim.evaluated += 1
    sim.changed += change.changed
    sim.eligibility_changed += change.eligibility_changed
    sim.incomplete_before += bool(change.before_missing)
    sim.incomplete_after += bool(change.after_missing)
    _add(sim.total, change)
    code = change.nationality
    if code not in sim.by_nationality:
        label = (str(countries.name(code)) or code) if code else _("Unknown")
        sim.by_nationality[code] = Line(code, label)
    _add(sim.by_nationality[code], change)
    for side, amounts in (("before", before), ("after", after)):
        for component, (label, amount) in amounts.items():
            line = sim.by_component.get(component)
            if line is None:
                line = sim.by_component[component] = Line(component, label)
            elif side == "after":
                line.label = label  # the draft's wording wins
            if side == "before":
                line.count_before += 1
                line.before += amount
            else:
                line.count_after += 1
                line.after += amount
