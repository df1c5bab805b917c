"""One case, walked through the lifecycle with the real actions: opened,
counselled (interviews, consents: core.demo.records), moved on by whoever
holds the role, its journey prepared (core.demo.journey), with notes and,
after departure, a referral to the partner. Every record gets the moment the
plan gives it in the history, written afterwards (core.demo.history)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django_countries import countries

from cases import actions as case_actions
from core.demo import texts
from core.demo.household import HouseholdMixin
from core.demo.journey import OUTCOMES, JourneyMixin
from core.demo.organisations import PARTNER_STAFF, PARTNERS
from core.demo.origins import Origin
from core.demo.packages import PackageMixin
from core.demo.plan import HOST, REFERRAL_SOURCES, SOURCE_PHRASES, Plan, S, number_word, pronouns, weighted
from core.demo.records import RecordsMixin
from core.demo.reintegration import ReintegrationMixin
from core.languages import language_name
from people.models import Relation

EXITS = {S.WITHDRAWN, S.NO_SHOW, S.ABSCONDED, S.CANCELLED, S.FORCED_RETURN, S.OTHER_EXIT}


class CaseContext(HouseholdMixin, PackageMixin, RecordsMixin, JourneyMixin, ReintegrationMixin):
    """Everything about one case while it is being built."""

    def __init__(self, builder, plan: Plan, office, origin: Origin, counsellor, approver, travel):
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.plan = plan
        self.office = office
        self.agency = office.agency.code
        self.tz = ZoneInfo(office.timezone)
        self.origin = origin
        self.counsellor = counsellor
        self.approver = approver
        self.travel = travel
        self.partner_office = None
        self.partner_user = None
        partner_code = PARTNERS[self.agency].get(origin.country)
        if partner_code:
            self.partner_office = builder.offices[partner_code]
            self.partner_user = builder.users.get(PARTNER_STAFF.get(partner_code, ""))
        self.interviews = []
        self.written_up: list[dt.datetime] = []  # when each interview was recorded
        self.referral = None
        self.accepted_at: dt.datetime | None = None  # when the partner accepted the referral
        self.visits = []  # the monitoring visits scheduled at the arrival
        self.last_visit_at: dt.datetime | None = None
        self.counselling_consent_given = False
        self.languages_of: dict[int, list[str]] = {}
        # Nothing happens today or later, in the office's time zone either.
        self.horizon = min(builder.horizon, dt.datetime.combine(self.today, dt.time.min, tzinfo=self.tz))
        self.history = builder.history
        self.clock: dt.datetime | None = None  # the last record stamped by tick(); None until the case is open
        self.pending = []  # the household's records, made just before the case is opened
        self.step = -1  # the index in plan.path of the move being made
        self.departures: dict[int, dt.datetime] = {}  # per move to ready to depart: when the flight leaves
        self.requests = []  # the laissez-passer requests still pending
        self.documents_at: dt.datetime | None = None  # when the last laissez-passer was issued

    # --- the walk ----------------------------------------------------------------

    def build(self) -> None:
        rng, plan = self.rng, self.plan
        self.plan_timeline()
        self.plan_package()
        self.plan_facts()
        self.make_household()
        self.open_case()
        partner_consent = None
        if S.DEPARTED in plan.path and self.partner_office is not None:
            if S.REINTEGRATION in plan.path:
                partner_consent = "given"
            else:
                partner_consent = weighted(rng, {"given": 80, "refused": 12, None: 8})
        for step, to in enumerate(plan.path):
            self.step = step
            if to == S.COUNSELLING and step > 0:  # the reopen after a withdrawal
                self.transition(to, self.approver, rng.choice(texts.EXIT_REASONS["reopen"]))
            else:
                if to == S.APPLICATION:
                    self.record_interviews()
                    self.record_consents(partner_consent)
                if to == S.READY_TO_DEPART:
                    self.book_journey()
                if to == S.DEPARTED and rng.random() < 0.3:
                    self.pre_departure_note()
                self.move(to)
            if to == S.ELIGIBILITY:
                self.decide_packages()
            if step == self.counselling_step and S.APPLICATION not in plan.path:
                self.record_interviews()
                self.record_consents(None)
            if to == S.TRAVEL_PREPARATION and step == plan.path.index(to):  # not after a postponement
                self.travel_notes()
                self.prepare_travel()
            if to == S.DEPARTED:
                self.pay_premium()
                self.after_departure(partner_consent)
            if to == S.REINTEGRATION:
                self.reintegration_plan()
        self.record_visits()
        self.return_story()
        self.closing_notes()
        self.history.add_people([m.person.pk for m in self.members])

    def move(self, to: str) -> None:
        rng, plan = self.rng, self.plan
        by, reason = self.counsellor, ""
        on_the_day = self.case.status == S.READY_TO_DEPART and to in OUTCOMES
        if on_the_day:  # what happened on the departure day, recorded by the travel desk
            by = self.travel
            if to == S.TRAVEL_PREPARATION:
                reason = rng.choice(texts.POSTPONEMENTS)
        elif to in {S.TRAVEL_PREPARATION, S.CLOSED, S.CANCELLED, S.FORCED_RETURN, S.OTHER_EXIT}:
            by = self.approver
        elif to in {S.READY_TO_DEPART, S.DEPARTED}:
            by = self.travel
        elif to == S.NO_SHOW:
            by = self.travel if self.travel != self.approver else self.counsellor
        elif to in {S.REINTEGRATION, S.MONITORING} and self.partner_user and self.referral:
            by = self.partner_user
        if to == S.CLOSED:
            reason = rng.choice(texts.EXIT_REASONS["closed"][plan.furthest])
        elif to == S.FORCED_RETURN:
            reason = rng.choice(texts.EXIT_REASONS["forced_return"][self.agency])
        elif to == S.OTHER_EXIT:
            after = plan.furthest in {S.REINTEGRATION, S.MONITORING}
            reason = rng.choice(texts.EXIT_REASONS["other_exit"]["after" if after else "before"])
            if "withdrew consent" in reason:
                at = self.just_before_move()
                self.consent(self.principal, "partner_sharing", "withdrawn", at)
                self.sharing_withdrawn(at)
        elif to in texts.EXIT_REASONS:
            reason = rng.choice(texts.EXIT_REASONS[to])
            if to == S.WITHDRAWN and rng.random() < 0.5 and self.counselling_consent_given:
                self.consent(self.principal, "counselling", "withdrawn", self.just_before_move())
        if to in EXITS and self.requests:
            self.withdraw_requests(self.just_before_move())
        if to in {S.CLOSED, S.OTHER_EXIT}:
            self.complete_referral()
        if on_the_day:
            self.record_departure_day(to, by, reason)
        else:
            self.transition(to, by, reason)

    def transition(self, to: str, by, reason: str = "") -> None:
        self.case = case_actions.transition(self.case, to, by=by, reason=reason)
        self.history.add_move(self.case, self.move_at[self.step])

    # --- the case ---------------------------------------------------------------------

    def open_case(self) -> None:
        rng, plan = self.rng, self.plan
        sources = REFERRAL_SOURCES[self.agency]
        if not self.facts["removal_order_date"]:  # summoned after a removal order only
            sources = {k: w for k, w in sources.items() if k != "summons"}
        self.source = weighted(rng, sources)
        assigned = plan.target != S.INTAKE or rng.random() < 0.6
        self.case = case_actions.open_case(
            by=self.counsellor,
            office=self.office,
            principal=self.principal,
            members=[(m.person, m.relation) for m in self.members[1:]],
            country_of_return=self.origin.country,
            region_of_return=rng.choice(self.origin.regions),
            **self.facts,
            referral_source=self.source,
            counsellor=self.counsellor if assigned else None,
        )
        # The household was registered just before, a record every two minutes.
        for k, obj in enumerate(self.pending):
            self.history.add(obj, self.opened_at - dt.timedelta(minutes=2 * (len(self.pending) - k)))
        self.history.add_move(self.case, self.opened_at)
        self.clock = self.opened_at
        if rng.random() < 0.3:
            until = self.move_at[0] if self.move_at else self.horizon
            self.note(self.counsellor, self.office, self.pick_counsellor_note(), at=self.between(self.opened_at, until))

    # --- the timeline ----------------------------------------------------------------

    def plan_timeline(self) -> None:
        """The moment of the opening, of each move and of each interview, in
        order: the counselling move before the interviews of its day, the
        interviews (held before the application they lead to) before any
        other move of their day."""
        plan = self.plan
        # Offices work on weekdays: a Saturday or Sunday becomes the Friday
        # before or the Monday after, between the days before and after. Flights
        # leave on any day.
        days = [self.days_ago(ago) for ago in [plan.opened_ago, *plan.moves_ago]]
        steps = [S.INTAKE, *plan.path]
        for i, day in enumerate(days):
            if steps[i] != S.DEPARTED:
                lo = days[i - 1] if i else day - dt.timedelta(days=3)
                hi = days[i + 1] if i + 1 < len(days) else self.days_ago(1)
                days[i] = self.working_day(day, lo, hi)
        opened_day, *move_days = days
        counselling = [i for i, to in enumerate(plan.path) if to == S.COUNSELLING]
        self.counselling_step = counselling[-1] if counselling else None
        interviews = self.plan_interviews(move_days)
        slots = [(opened_day, 0, "open", 0)]
        slots += [
            (day, 1 if to == S.COUNSELLING else 3, "move", i)
            for i, (day, to) in enumerate(zip(move_days, plan.path, strict=True))
        ]
        slots += [(day, 2, "interview", i) for i, (day, _phase, _intention) in enumerate(interviews)]
        self.move_at = [None] * len(move_days)
        self.interview_plan = []
        after = None
        for day, _rank, kind, i in sorted(slots):
            at = self.moment(day, after)
            after = at + dt.timedelta(minutes=10)
            if kind == "open":
                self.opened_at = at
                after = at + dt.timedelta(minutes=30)
            elif kind == "move":
                self.move_at[i] = at
            else:
                self.interview_plan.append((at, *interviews[i][1:]))
                after = at + dt.timedelta(minutes=90)  # written up, consents signed

    def plan_interviews(self, move_days: list[dt.date]) -> list[tuple[dt.date, str, str]]:
        """(day, phase, intention) for each interview, oldest first: from the
        (last) start of counselling to the application, or the exit, or now."""
        rng, plan = self.rng, self.plan
        if self.counselling_step is None:
            return []
        decided = S.APPLICATION in plan.path
        start = move_days[self.counselling_step]
        if decided:
            end = move_days[plan.path.index(S.APPLICATION)]
        elif self.counselling_step + 1 < len(plan.path):
            end = move_days[self.counselling_step + 1]  # the exit
        else:
            end = self.days_ago(1)
        if plan.furthest == S.COUNSELLING:
            n = rng.choice([1, 1, 2])
        else:
            n = weighted(rng, {1: 25, 2: 45, 3: 30})
        span = (end - start).days
        # The decision on the day of the application or just before; a first
        # meeting within days of the start of counselling.
        last = end - dt.timedelta(days=rng.randint(0, min(2, span)) if decided else rng.randint(0, span // 2))
        first = start + dt.timedelta(days=rng.randint(0, min(5, (last - start).days // 3)))
        if n == 1:
            picks = [last if decided else first]
        else:
            picks = [first + dt.timedelta(days=round((last - first).days * i / (n - 1))) for i in range(n)]
        # Distinct working days, oldest first (two weekend days can fall on the same Friday).
        days = sorted({self.working_day(day, start, end) for day in picks})
        n = len(days)
        phases = ["orientation"] + ["consideration"] * (n - 1)
        if decided:
            phases[-1] = "decision"
        out = []
        for i, (day, phase) in enumerate(zip(days, phases, strict=True)):
            if phase == "decision":
                intention = "decided"
            elif plan.target == S.WITHDRAWN and i == n - 1:
                intention = "declined"
            elif phase == "orientation":
                intention = weighted(rng, {"considering": 3, "not_considering": 2})
            else:
                intention = weighted(rng, {"considering": 5, "not_considering": 1})
            out.append((day, phase, intention))
        return out

    # --- wording and dates -----------------------------------------------------

    def household_phrase(self) -> str:
        p = self.principal_member
        words = pronouns(p.sex)
        spouse = any(m.relation == Relation.SPOUSE for m in self.members)
        kids = sum(1 for m in self.members if m.relation == Relation.CHILD)
        partner = ("her husband" if p.sex == "female" else "his wife") if spouse else ""
        children = {0: "", 1: "their child" if spouse else f"{words['his']} child"}.get(
            kids, f"their {number_word(kids)} children" if spouse else f"{words['his']} {number_word(kids)} children"
        )
        return " and ".join(x for x in (partner, children) if x) or "a friend"

    def fill(self, template: str, **extra) -> str:
        p = self.principal_member
        words = pronouns(p.sex)
        title = ("Mr " if p.sex == "male" else "Ms ") + p.person.family_name
        values = {
            **words,
            "title": title,
            "Title": title,
            "title_nl": ("dhr. " if p.sex == "male" else "mevr. ") + p.person.family_name,
            "title_fr": ("M. " if p.sex == "male" else "Mme ") + p.person.family_name,
            "country": countries.name(self.origin.country),
            "region": self.case.region_of_return if hasattr(self, "case") else self.origin.regions[0],
            "language": language_name(self.languages_of[p.person.pk][0]),
            "host": HOST[self.agency],
            "stay": self.stay_phrase(),
            "source": SOURCE_PHRASES.get(getattr(self, "source", ""), "a friend"),
            "goods": self.rng.choice(self.origin.goods) if self.origin.goods else "a small business",
            "household": self.household_phrase(),
            "health": (self.health or "no particular concern.").format(**words),
            "hub": self.rng.choice(texts.HUBS),
            "interp": "",
            **extra,
        }
        values["Doc_status"] = texts.DOC_STATUS[self.doc_state[p.person.pk]].format(**values)
        return template.format(**values)

    def days_ago(self, n: int) -> dt.date:
        return self.today - dt.timedelta(days=n)

    def working_day(self, day: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
        """`day`, or the Friday before or the Monday after when it falls on a
        weekend, as long as that stays within lo..hi."""
        if day.weekday() < 5:
            return day
        friday = day - dt.timedelta(days=day.weekday() - 4)
        monday = day + dt.timedelta(days=7 - day.weekday())
        return friday if friday >= lo else monday if monday <= hi else day

    def moment(self, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
        """Office hours on `day`, but after `after`; before today in any case."""
        rng = self.rng
        at = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])), tzinfo=self.tz)
        if after is not None and at <= after:
            at = after + dt.timedelta(minutes=rng.randint(5, 45))
        return min(at, self.horizon - dt.timedelta(minutes=1))

    def between(self, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
        """A moment after lo and before hi, in office hours where there is room."""
        hi = min(hi, self.horizon)
        if hi - lo <= dt.timedelta(minutes=2):
            return lo + (hi - lo) / 2
        lo, hi = lo + dt.timedelta(minutes=1), hi - dt.timedelta(minutes=1)
        first, last = lo.astimezone(self.tz).date(), hi.astimezone(self.tz).date()
        if first == last:
            return lo + (hi - lo) * self.rng.random()
        day = first + dt.timedelta(days=self.rng.randint(0, (last - first).days))
        at = self.moment(day)
        if at < lo:  # earlier on lo's day: within two hours after lo instead
            at = lo + (min(hi, lo + dt.timedelta(hours=2)) - lo) * self.rng.random()
        elif at > hi:  # later on hi's day: within two hours before hi instead
            at = hi - (hi - max(lo, hi - dt.timedelta(hours=2))) * self.rng.random()
        return at

    def move_after(self, step: int) -> dt.datetime:
        """The moment of the move after `step`, or the horizon if there is none."""
        return self.move_at[step + 1] if step + 1 < len(self.move_at) else self.horizon

    def just_before_move(self) -> dt.datetime:
        """A few minutes before the move being made (after the move and the
        records before it)."""
        previous = self.move_at[self.step - 1] if self.step > 0 else self.opened_at
        lo = max(previous, self.clock, self.move_at[self.step] - dt.timedelta(minutes=40))
        return self.between(lo, self.move_at[self.step])

    def tick(self) -> dt.datetime:
        self.clock += dt.timedelta(minutes=self.rng.randint(1, 3))
        return self.clock

    def stamp(self, obj, at: dt.datetime | None = None):
        """Give `obj` its time in the history: `at`; or before the case is
        opened (the household), just before the opening; or after that, a
        minute or two after the last record."""
        if at is None and self.clock is None:
            self.pending.append(obj)
        else:
            self.history.add(obj, at or self.tick())
        return obj

    def upcoming(self) -> dt.datetime:
        day = self.today + dt.timedelta(days=self.rng.randint(1, 21))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        hour, minute = self.rng.randint(9, 16), self.rng.choice([0, 30])
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)
