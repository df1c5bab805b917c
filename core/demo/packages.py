"""The facts the assistance rules read, and the eligibility decisions.

Each case gets what a counsellor records about the person's stay: the arrival
in the host country, the asylum decision, the removal order and, in France,
the prefecture that issued it. They are consistent with each other (arrival
first, then the asylum decision, then the removal order, all before the case
was opened) and with the case's plan: a case that goes on to travel
preparation has a package the rules find eligible on its application date
(eligibility.case_facts), proposed by the counsellor and approved by a second
person, a team leader or the agency administrator (four eyes), through
eligibility.actions, before the move. Some cases still at the eligibility
step have a proposal waiting, or one that was sent back.

The rule files decide the amounts: the demo only makes sure the facts they
need are there. OFII's grid (from 12 October 2023) falls with the time since
the removal order, so every OFII case with a package has one, spread over the
grid's three bands; Lille's removal orders name the prefecture, so the Channel
scheme (from 4 December 2025) applies to its Channel-crossing nationalities."""

import datetime as dt

from django.utils import timezone

from cases.lifecycle import PRE_DEPARTURE
from cases.models import Transition
from core.demo import texts
from core.demo.organisations import PARTNERS
from core.demo.plan import S, weighted
from eligibility import actions as eligibility_actions
from eligibility.countries import in_group

# Each sending agency's own programme; EURP (Frontex) is run by both.
MAIN_PROGRAMME = {"fedasil": "fedasil-return", "ofii": "ofii-return"}
EURP = "eurp"

# The prefectures that issue the removal orders (OQTF) seen by each OFII office.
AUTHORITIES = {
    "MRS": {"prefecture-bouches-du-rhone": 1},
    "BOB": {"prefecture-seine-saint-denis": 1},
    "LYS": {"prefecture-rhone": 1},
    "LIL": {"prefecture-nord": 65, "prefecture-pas-de-calais": 30, "prefecture-somme": 5},
}
# Days from the removal order to the application, by band of OFII's grid
# (visa-required nationals: 1,200 / 600 / 400 EUR; visa-exempt: 500 / 250 / 0).
BANDS = {"within_a_month": (0, 30), "two_to_four_months": (31, 120), "after_four_months": (121, 420)}
BAND_WEIGHTS = {"within_a_month": 4, "two_to_four_months": 4, "after_four_months": 3}
# What becomes of the package: by how far the case goes.
APPROVED = {"approved", "returned_approved"}


class PackageMixin:
    """The facts and the eligibility decisions of CaseContext."""

    # --- the plan ------------------------------------------------------------------

    def plan_package(self) -> None:
        """Whether the case gets a proposal, and what becomes of it. Cases
        going on to travel preparation need an approved package (a few were
        sent back once first); those still at the eligibility step follow
        plan.ELIGIBILITY_PACKAGES; an exit from the eligibility step sometimes
        came after a proposal was sent back."""
        rng, plan = self.rng, self.plan
        if S.TRAVEL_PREPARATION in plan.path:
            kind = weighted(rng, {"approved": 95, "returned_approved": 5})
        elif plan.target == S.ELIGIBILITY:
            kind = plan.package
        elif plan.furthest == S.ELIGIBILITY:
            kind = weighted(rng, {"returned": 20, None: 80})
        else:
            kind = None
        self.package_plan = kind
        # A proposal is only possible when the rules find the person eligible.
        self.needs_facts = kind is not None
        # EURP as well, now and then, where the agency has no partner of its own.
        no_partner = self.origin.country not in PARTNERS[self.agency]
        self.with_eurp = kind in APPROVED and no_partner and rng.random() < 0.3

    @property
    def application_day(self) -> dt.date | None:
        """The date the rules are applied on: the day of the application, as
        eligibility.case_facts reads it from the transition."""
        if S.APPLICATION not in self.plan.path:
            return None
        return timezone.localdate(self.move_at[self.plan.path.index(S.APPLICATION)])

    def plan_facts(self) -> None:
        """The administrative situation and its dates, as open_case records them."""
        rng = self.rng
        opened = self.opened_at.astimezone(self.tz).date()
        fedasil = self.agency == "fedasil"
        # OFII's grid needs the date of a removal order.
        needs_removal = not fedasil and self.needs_facts

        def before(lo: int, hi: int) -> dt.date:
            return opened - dt.timedelta(days=rng.randint(lo, hi))

        if fedasil:
            weights = {"asylum_pending": 30, "asylum_rejected": 40, "irregular_stay": 25, "other": 5}
            if not self.origin.visa_required:
                weights = {"asylum_pending": 10, "asylum_rejected": 20, "irregular_stay": 65, "other": 5}
        elif needs_removal:
            weights = {"asylum_rejected": 40, "irregular_stay": 50, "other": 10}
        else:
            weights = {"asylum_pending": 15, "asylum_rejected": 35, "irregular_stay": 45, "other": 5}
        status = weighted(rng, weights)
        stage, decision, removal = "", None, None
        if status == "asylum_pending":
            stage = weighted(rng, {"lodged": 2, "intake": 2, "first_negative": 3, "appeal": 4})
            if stage in {"first_negative", "appeal"}:
                arrival = before(365, 1460)  # one to four years of procedure
                decision = before(10, 300)
            else:
                arrival = before(20, 330)
        elif status == "asylum_rejected":
            stage = "final_rejection"
            arrival = before(365, 1460)
            decision = before(5, 200)
            if needs_removal or rng.random() < (0.6 if fedasil else 0.75):
                removal = min(decision + dt.timedelta(days=rng.randint(5, 40)), opened)
        elif status == "irregular_stay":
            # Some came only weeks ago: too soon for OFII's three months of
            # presence, which may be why an application went no further.
            applied = self.application_day
            stuck = not fedasil and applied is not None
            recent = not needs_removal and rng.random() < (0.5 if stuck else 0.3)
            arrival = before(180, 3000)
            if recent and stuck:
                arrival = min(opened - dt.timedelta(days=10), applied - dt.timedelta(days=rng.randint(30, 85)))
            elif recent:
                arrival = before(15, 120)
            if needs_removal or rng.random() < (0.35 if fedasil else 0.8):
                removal = opened - dt.timedelta(days=rng.randint(0, min(200, (opened - arrival).days - 10)))
        else:  # a residence permit that was not renewed
            arrival = before(700, 3650)
            if needs_removal or (not fedasil and rng.random() < 0.5):
                removal = before(0, 200)
        if needs_removal:
            removal = self.removal_in_band(opened)
            if decision:
                decision = min(decision, removal - dt.timedelta(days=rng.randint(5, 40)))
        place_until = None
        if fedasil and stage == "final_rejection" and self.plan.target in PRE_DEPARTURE:
            decision, removal, place_until = self.open_return_place(opened, decision, removal)
        # The arrival comes first: months before a decision on an asylum claim,
        # weeks before a removal order.
        if decision:
            arrival = min(arrival, decision - dt.timedelta(days=rng.randint(120, 400)))
        if removal:
            arrival = min(arrival, removal - dt.timedelta(days=rng.randint(10, 60)))
        if needs_removal:  # three months of presence at least, on the application date
            arrival = min(arrival, self.application_day - dt.timedelta(days=rng.randint(100, 300)))
        authority = ""
        if removal and self.office.code in AUTHORITIES and (self.office.code in {"MRS", "LIL"} or rng.random() < 0.6):
            authority = weighted(rng, AUTHORITIES[self.office.code])
        self.facts = {
            "administrative_status": status,
            "procedure_stage": stage,
            "asylum_decision_date": decision,
            "removal_order_date": removal,
            "removal_order_authority": authority,
            "arrival_date": arrival,
            "open_return_place_until": place_until,
        }
        self.days_in_host = (opened - arrival).days

    def open_return_place(self, opened: dt.date, decision: dt.date, removal: dt.date | None) -> tuple:
        """Belgium gives an open return place for 30 days after a final
        rejection (from the removal order, if there is one): shown where it
        has not ended yet. For the first two cases opened within the last
        month, it ends within days: the decision (or order) was 25 to 30 days ago."""
        rng, today = self.rng, self.today
        since_opened = (today - opened).days
        if self.b.places_ending < 2 and since_opened <= 30:
            self.b.places_ending += 1
            latest = today - dt.timedelta(days=rng.randint(max(25, since_opened), 30))
            if removal:
                removal = latest
                decision = min(decision, removal - dt.timedelta(days=rng.randint(5, 40)))
            else:
                decision = latest
        until = (removal or decision) + dt.timedelta(days=30)
        return decision, removal, until if until >= today else None

    def removal_in_band(self, opened: dt.date) -> dt.date:
        """A removal order before the opening, in one of the grid's bands as
        counted to the application date. Not after four months for a
        visa-exempt national: the grid gives nothing then."""
        rng, applied = self.rng, self.application_day
        gap = (applied - opened).days
        visa_required = in_group(self.origin.country, "visa_required")
        bands = {}
        for band, (lo, hi) in BANDS.items():
            if max(lo, gap) <= hi and (visa_required or band != "after_four_months"):
                bands[band] = (max(lo, gap), hi)
        lo, hi = bands[weighted(rng, {band: BAND_WEIGHTS[band] for band in bands})]
        return applied - dt.timedelta(days=rng.randint(lo, hi))

    def stay_phrase(self) -> str:
        """How long the person has been in the host country, in words."""
        days = self.days_in_host
        if days < 45:
            return "a few weeks"
        if days < 365:
            return f"{days // 30} months"
        years = days // 365
        return "a year" if years == 1 else f"{years} years"

    # --- the decisions -----------------------------------------------------------

    def decide_packages(self) -> None:
        """At the eligibility step: the counsellor proposes the package on the
        day the case is sent for the decision; the approver sends it back or
        approves it, shortly before travel preparation starts."""
        kind = self.package_plan
        if kind is None:
            return
        # The rules read the application date from its transition: give it its
        # planned time now (the rest of the history is written in batches).
        step = self.plan.path.index(S.APPLICATION)
        Transition.objects.filter(case=self.case, to_status=S.APPLICATION).update(at=self.move_at[step])
        programmes = [self.b.programmes[MAIN_PROGRAMME[self.agency]]]
        if self.with_eurp:
            programmes.append(self.b.programmes[EURP])
        sent, until = self.move_at[self.step], self.move_after(self.step)
        proposed_at = self.between(sent, min(sent + dt.timedelta(hours=2), until))
        decisions = [self.propose(programme, proposed_at) for programme in programmes]
        if kind.startswith("returned"):
            returned_at = self.between(proposed_at, proposed_at + (min(until, self.horizon) - proposed_at) / 2)
            self.send_back(decisions[0], returned_at)
            if kind == "returned":
                return
            proposed_at = self.between(returned_at, returned_at + (min(until, self.horizon) - returned_at) / 2)
            decisions[0] = self.propose(programmes[0], proposed_at)
        if kind in APPROVED:
            lo = max(proposed_at, until - dt.timedelta(hours=2))
            for decision in decisions:
                self.approve(decision, self.between(lo, until))

    def propose(self, programme, at: dt.datetime):
        decision = eligibility_actions.propose_decision(self.case, by=self.counsellor, programme=programme)
        if decision.facts["date"] != self.application_day.isoformat():
            raise RuntimeError(f"{self.case.number}: facts of {decision.facts['date']}, not of the application day.")
        self.history.add_decision(decision, proposed=at)
        return decision

    def approve(self, decision, at: dt.datetime) -> None:
        decision = eligibility_actions.approve_decision(decision, by=self.approver)
        self.history.add_decision(decision, decided=at)

    def send_back(self, decision, at: dt.datetime) -> None:
        reason = self.rng.choice(texts.RETURN_REASONS)
        decision = eligibility_actions.return_decision(decision, by=self.approver, reason=reason)
        self.history.add_decision(decision, decided=at)
