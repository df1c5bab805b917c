"""One case, walked through the lifecycle with the real actions: opened,
counselled (interviews, consents), moved on by whoever holds the role, with
notes and, after departure, a referral to the partner. Every record gets the
moment the plan gives it in the history, written afterwards (core.demo.history)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django_countries import countries

from cases import actions as case_actions
from cases.models import Referral
from core.demo import texts
from core.demo.household import HouseholdMixin
from core.demo.journey import JourneyMixin
from core.demo.organisations import PARTNER_STAFF, PARTNERS
from core.demo.origins import Origin
from core.demo.packages import PackageMixin
from core.demo.plan import CHAIN, HOST, REFERRAL_SOURCES, SOURCE_PHRASES, Plan, S, number_word, pronouns, weighted
from core.languages import language_name
from counselling import actions as counselling_actions
from people.models import Relation


class CaseContext(HouseholdMixin, PackageMixin, JourneyMixin):
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
        self.counselling_consent_given = False
        self.languages_of: dict[int, list[str]] = {}
        # Nothing happens today or later, in the office's time zone either.
        self.horizon = min(builder.horizon, dt.datetime.combine(self.today, dt.time.min, tzinfo=self.tz))
        self.history = builder.history
        self.clock: dt.datetime | None = None  # the last record stamped by tick(); None until the case is open
        self.pending = []  # the household's records, made just before the case is opened
        self.step = -1  # the index in plan.path of the move being made

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
                    self.add_travel_documents()
                    self.book_journey()
                if to == S.DEPARTED and rng.random() < 0.3:
                    self.pre_departure_note()
                self.move(to)
            if to == S.ELIGIBILITY:
                self.decide_packages()
            if step == self.counselling_step and S.APPLICATION not in plan.path:
                self.record_interviews()
                self.record_consents(None)
            if to == S.TRAVEL_PREPARATION:
                self.travel_notes()
            if to == S.DEPARTED:
                self.after_departure(partner_consent)
        self.closing_notes()
        self.history.add_people([m.person.pk for m in self.members])

    def move(self, to: str) -> None:
        rng, plan = self.rng, self.plan
        by, reason = self.counsellor, ""
        if to in {S.TRAVEL_PREPARATION, S.CLOSED, S.CANCELLED, S.FORCED_RETURN, S.OTHER_EXIT}:
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
                self.consent(self.principal, "partner_sharing", "withdrawn", self.just_before_move())
        elif to in texts.EXIT_REASONS:
            reason = rng.choice(texts.EXIT_REASONS[to])
            if to == S.WITHDRAWN and rng.random() < 0.5 and self.counselling_consent_given:
                self.consent(self.principal, "counselling", "withdrawn", self.just_before_move())
        self.transition(to, by, reason)
        if to in {S.CLOSED, S.OTHER_EXIT} and self.referral is not None:
            # No action exists yet for referrals (the reintegration issue); the
            # demo sets the outcome on the row directly.
            self.referral.status = "completed"
            self.referral.save(update_fields=["status"])

    def transition(self, to: str, by, reason: str = "") -> None:
        self.case = case_actions.transition(self.case, to, by=by, reason=reason)
        self.history.add_move(self.case, self.move_at[self.step])

    # --- the case, interviews and consents -----------------------------------

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

    def record_interviews(self) -> None:
        if self.interviews or not self.interview_plan:
            return
        rng, plan = self.rng, self.plan
        p = self.principal_member
        speaks = self.languages_of[p.person.pk]
        interpreter = ""
        if p.person.interpreter_needed and self.origin.interpreters:
            language = speaks[0]
        else:
            language = next((c for c in (self.office.default_language, "fr", "en") if c in speaks), speaks[0])
        open_before_departure = plan.target in CHAIN[1:6]
        for i, (held_at, phase, intention) in enumerate(self.interview_plan):
            last = i == len(self.interview_plan) - 1
            if p.person.interpreter_needed and self.origin.interpreters:
                interpreter = rng.choice(self.origin.interpreters)
            mode = weighted(rng, {"in_person": 80, "phone": 12, "video": 8})
            if last and open_before_departure and rng.random() < 0.75:
                next_appointment = self.upcoming()
            elif not last:
                next_appointment = self.interview_plan[i + 1][0]
            else:
                next_appointment = None
            topics, notes = self.interview_content(phase, interpreter, mode)
            participants = "Principal applicant"
            came_with_family = "came with" in notes and len(self.members) > 1
            if came_with_family or (len(self.members) > 1 and rng.random() < 0.6):
                participants = "Principal applicant and " + self.household_phrase()
            if interpreter:
                participants += f"; interpreter ({interpreter})"
            interview = counselling_actions.record_interview(
                self.case,
                by=self.counsellor,
                held_at=held_at,
                mode=mode,
                location="" if mode != "in_person" else rng.choice(texts.LOCATIONS[self.office.code]),
                language=language,
                interpreter=interpreter,
                participants=participants,
                topics=topics,
                notes=notes,
                intention=intention,
                next_appointment=next_appointment,
            )
            self.interviews.append(interview)
            self.written_up.append(held_at + dt.timedelta(minutes=rng.randint(15, 60)))
            self.stamp(interview, self.written_up[-1])
        self.interview_language = language
        self.interpreted = bool(interpreter)

    def interview_content(self, phase: str, interpreter: str, mode: str) -> tuple[list[str], str]:
        rng = self.rng
        interp = f", with {interpreter} interpreting" if interpreter else ""
        if mode == "phone":
            interp += " (by phone)"
        elif mode == "video":
            interp += " (video call)"
        if phase == "orientation":
            pool = texts.ORIENTATION_SUMMONS if self.source == "summons" else texts.ORIENTATION
            if not any(m.relation == Relation.CHILD for m in self.members):
                pool = [t for t in pool if "{household}" not in t]
            template = rng.choice(pool)
            topics = ["voluntary_nature", "procedure_status", "assistance_package", "confidentiality"]
        elif phase == "consideration":
            if self.health and rng.random() < 0.6:
                template = texts.HEALTH
                topics = ["health", "reintegration", "fears"]
            else:
                template = rng.choice(texts.CONSIDERATION)
                topics = ["reintegration", "fears", "family", "assistance_package"]
        else:
            template = rng.choice(texts.DECISION)
            topics = ["voluntary_nature", "travel_documents", "next_steps"]
        if len(self.members) > 1 and "family" not in topics and rng.random() < 0.5:
            topics.append("family")
        topics = rng.sample(topics, k=max(2, len(topics) - rng.randint(0, 1)))
        return topics, self.fill(template, interp=interp)

    def record_consents(self, partner_consent: str | None) -> None:
        """Signed at the decision interview, just before the application; when
        no application was made, at the first interview."""
        rng, plan = self.rng, self.plan
        self.counselling_consent_given = False
        if not self.interviews:
            return
        decided = S.APPLICATION in plan.path
        if decided:
            state = "given"
            self.clock = self.written_up[-1]
        else:
            state = weighted(rng, {"given": 50, "refused": 15, None: 35})
            self.clock = self.written_up[0]
        if state:
            self.consent(self.principal, "counselling", state, self.tick())
            self.counselling_consent_given = state == "given"
            spouse = next((m for m in self.members if m.relation == Relation.SPOUSE), None)
            if spouse and state == "given" and rng.random() < 0.7:
                self.consent(spouse.person, "counselling", "given", self.tick())
        stats = weighted(rng, {"given": 72, "refused": 12, None: 16})
        if stats:
            self.consent(self.principal, "statistics", stats, self.tick())
        if partner_consent:
            self.consent(
                self.principal, "partner_sharing", partner_consent, self.tick(), partner=self.partner_office.agency
            )
        if stats == "given" and rng.random() < 0.06:
            # Thought better of it at a later meeting.
            if decided:
                later = self.between(self.move_at[self.step], self.move_after(self.step))
            else:
                later = self.written_up[-1] + dt.timedelta(minutes=5) if len(self.written_up) > 1 else None
            if later:
                self.consent(self.principal, "statistics", "withdrawn", later)

    def consent(self, person, purpose: str, state: str, at: dt.datetime, partner=None) -> None:
        """Recorded at `at`, and dated that day."""
        interpreted = getattr(self, "interpreted", False)
        method = weighted(self.rng, {"signed_form": 70, "oral_interpreter": 25 if interpreted else 0, "electronic": 5})
        consent = case_actions.record_consent(
            self.case,
            by=self.counsellor,
            person=person,
            purpose=purpose,
            state=state,
            date=at.astimezone(self.tz).date(),
            language=getattr(self, "interview_language", self.languages_of[person.pk][0]),
            method=method,
            partner=partner,
        )
        self.stamp(consent, at)

    # --- notes and referrals -----------------------------------------------------

    def travel_notes(self) -> None:
        rng = self.rng
        approved, until = self.move_at[self.step], self.move_after(self.step)
        if rng.random() < 0.4:
            at = self.between(approved, min(approved + dt.timedelta(hours=1), until))
            self.note(self.approver, self.office, rng.choice(texts.APPROVER_NOTES), at=at)
        if rng.random() < 0.6:
            needs_lp = any(state != "passport" for state in self.doc_state.values())
            template = texts.TRAVEL_NOTES[rng.randint(0, 1)] if needs_lp else texts.TRAVEL_NOTES[2]
            # In the first half of the travel preparation: the laissez-passer comes later.
            at = self.between(approved, approved + (until - approved) / 2)
            self.note(self.travel, self.office, self.fill(template), at=at)

    def pre_departure_note(self) -> None:
        interpreter = self.interviews[-1].interpreter if self.interviews else ""
        interp = f", with {interpreter} interpreting" if interpreter else ""
        template = self.rng.choice(texts.PRE_DEPARTURE_NOTES)
        at = self.between(self.move_at[self.step - 1], self.move_at[self.step])
        self.note(self.counsellor, self.office, self.fill(template, interp=interp), at=at)

    def after_departure(self, partner_consent: str | None) -> None:
        rng, plan = self.rng, self.plan
        departed, until = self.move_at[self.step], self.move_after(self.step)
        if rng.random() < 0.6:
            at = self.between(departed, min(departed + dt.timedelta(hours=3), until))
            self.note(self.travel, self.office, self.fill(rng.choice(texts.DEPARTURE_NOTES)), at=at)
        refer = partner_consent == "given" and (S.REINTEGRATION in plan.path or rng.random() < 0.6)
        if refer:
            # No action exists yet for referrals (the reintegration issue
            # builds them); until then the demo creates the row directly.
            status = "accepted" if S.REINTEGRATION in plan.path or rng.random() < 0.8 else "pending"
            self.referral = Referral.objects.create(case=self.case, partner=self.partner_office.agency, status=status)
            referred = self.between(departed, min(departed + dt.timedelta(hours=2), until))
            self.stamp(self.referral, referred)
            if S.REINTEGRATION in plan.path and self.partner_user:
                at = self.between(referred, until)
                self.note(self.partner_user, self.partner_office, self.fill(rng.choice(texts.PARTNER_NOTES)), at=at)

    def closing_notes(self) -> None:
        rng, plan = self.rng, self.plan
        if S.MONITORING in plan.path and self.partner_user and self.referral and rng.random() < 0.8:
            step = plan.path.index(S.MONITORING)
            at = self.between(self.move_at[step], self.move_after(step))
            body = self.fill(rng.choice(texts.MONITORING_NOTES))
            self.note(self.partner_user, self.partner_office, body, "agency", at=at)
        if plan.furthest != S.INTAKE and rng.random() < 0.05:
            # Any time while the case was open.
            until = self.move_at[-1] if plan.target not in CHAIN else self.horizon
            at = self.between(self.opened_at, until)
            self.note(self.counsellor, self.office, self.fill(rng.choice(texts.AGENCY_NOTES)), "agency", at=at)

    def pick_counsellor_note(self) -> str:
        rng = self.rng
        lang = self.office.default_language
        if lang == "nl" and rng.random() < 0.4:
            return self.fill(rng.choice(texts.COUNSELLOR_NOTES_NL))
        if lang == "fr" and rng.random() < 0.4:
            return self.fill(rng.choice(texts.COUNSELLOR_NOTES_FR))
        return self.fill(rng.choice(texts.COUNSELLOR_NOTES))

    def note(self, by, office, body: str, visibility: str = "office", *, at: dt.datetime) -> None:
        body = body[:1].upper() + body[1:]
        self.stamp(case_actions.add_note(self.case, by=by, office=office, body=body, visibility=visibility), at)

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
