"""One case, walked through the lifecycle with the real actions: opened,
counselled (interviews, consents), moved on by whoever holds the role, with
notes and, after departure, a referral to the partner."""

import datetime as dt
from zoneinfo import ZoneInfo

from django_countries import countries

from cases import actions as case_actions
from cases.models import Referral
from core.demo import texts
from core.demo.household import HouseholdMixin
from core.demo.organisations import PARTNER_STAFF, PARTNERS
from core.demo.origins import Origin
from core.demo.plan import CHAIN, HOST, REFERRAL_SOURCES, SOURCE_PHRASES, Plan, S, number_word, pronouns, weighted
from core.languages import language_name
from counselling import actions as counselling_actions
from people.models import Relation


class CaseContext(HouseholdMixin):
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
        self.referral = None
        self.counselling_consent_given = False
        self.languages_of: dict[int, list[str]] = {}

    # --- the walk ----------------------------------------------------------------

    def build(self) -> None:
        rng, plan = self.rng, self.plan
        self.make_household()
        self.open_case()
        self.interview_plan = self.plan_interviews()
        partner_consent = None
        if S.DEPARTED in plan.path and self.partner_office is not None:
            if S.REINTEGRATION in plan.path:
                partner_consent = "given"
            else:
                partner_consent = weighted(rng, {"given": 80, "refused": 12, None: 8})
        for step, to in enumerate(plan.path):
            if to == S.COUNSELLING and step > 0:  # the reopen after a withdrawal
                self.transition(to, self.approver, rng.choice(texts.EXIT_REASONS["reopen"]))
                continue
            if to == S.APPLICATION:
                self.record_interviews()
                self.record_consents(partner_consent)
            if to == S.READY_TO_DEPART:
                self.add_travel_documents()
            self.move(to)
            if to == S.COUNSELLING and S.APPLICATION not in plan.path:
                self.record_interviews()
                self.record_consents(None)
            if to == S.TRAVEL_PREPARATION:
                self.travel_notes()
            if to == S.DEPARTED:
                self.after_departure(partner_consent)
        self.closing_notes()

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
                self.consent(self.principal, "partner_sharing", "withdrawn", self.days_ago(rng.randint(1, 20)))
        elif to in texts.EXIT_REASONS:
            reason = rng.choice(texts.EXIT_REASONS[to])
            if to == S.WITHDRAWN and rng.random() < 0.5 and self.counselling_consent_given:
                self.consent(self.principal, "counselling", "withdrawn", self.days_ago(plan.end_ago))
        self.transition(to, by, reason)
        if to in {S.CLOSED, S.OTHER_EXIT} and self.referral is not None:
            # No action exists yet for referrals (the reintegration issue); the
            # demo sets the outcome on the row directly.
            self.referral.status = "completed"
            self.referral.save(update_fields=["status"])

    def transition(self, to: str, by, reason: str = "") -> None:
        self.case = case_actions.transition(self.case, to, by=by, reason=reason)

    # --- the case, interviews and consents -----------------------------------

    def open_case(self) -> None:
        rng, plan = self.rng, self.plan
        visa = self.origin.visa_required
        if self.agency == "fedasil":
            weights = {"asylum_pending": 30, "asylum_rejected": 40, "irregular_stay": 25, "other": 5}
            if not visa:
                weights = {"asylum_pending": 10, "asylum_rejected": 20, "irregular_stay": 65, "other": 5}
        else:
            weights = {"asylum_pending": 15, "asylum_rejected": 35, "irregular_stay": 45, "other": 5}
        status = weighted(rng, weights)
        stage, decision, removal = "", None, None
        earliest = plan.start_ago + rng.randint(5, 60)
        if status == "asylum_pending":
            stage = weighted(rng, {"lodged": 2, "intake": 2, "first_negative": 3, "appeal": 4})
            if stage in {"first_negative", "appeal"}:
                decision = self.days_ago(earliest + rng.randint(10, 300))
        elif status == "asylum_rejected":
            stage = "final_rejection"
            decision = self.days_ago(earliest + rng.randint(0, 200))
            if rng.random() < (0.6 if self.agency == "fedasil" else 0.75):
                removal = min(decision + dt.timedelta(days=rng.randint(5, 40)), self.days_ago(1))
        elif status == "irregular_stay" and rng.random() < (0.35 if self.agency == "fedasil" else 0.8):
            removal = self.days_ago(earliest + rng.randint(0, 200))
        self.source = weighted(rng, REFERRAL_SOURCES[self.agency])
        assigned = plan.target != S.INTAKE or rng.random() < 0.6
        self.case = case_actions.open_case(
            by=self.counsellor,
            office=self.office,
            principal=self.principal,
            members=[(m.person, m.relation) for m in self.members[1:]],
            country_of_return=self.origin.country,
            region_of_return=rng.choice(self.origin.regions),
            administrative_status=status,
            procedure_stage=stage,
            asylum_decision_date=decision,
            removal_order_date=removal,
            referral_source=self.source,
            counsellor=self.counsellor if assigned else None,
        )
        if rng.random() < 0.3:
            self.note(self.counsellor, self.office, self.pick_counsellor_note())

    def plan_interviews(self) -> list[tuple[dt.datetime, str, str]]:
        """(held_at, phase, intention) for each interview, oldest first."""
        rng, plan = self.rng, self.plan
        if plan.furthest == S.INTAKE:
            return []
        decided = S.APPLICATION in plan.path
        if plan.furthest == S.COUNSELLING:
            n = rng.choice([1, 1, 2])
        else:
            n = weighted(rng, {1: 25, 2: 45, 3: 30})
        span = max(plan.start_ago - plan.end_ago, 0)
        # Distinct working days, oldest first (two weekend days can fall on the same Friday).
        days = sorted({self.working_day(plan.start_ago - round(span * i / max(n - 1, 1))) for i in range(n)})
        n = len(days)
        phases = ["orientation"] + ["consideration"] * (n - 1)
        if decided:
            if n == 3 and S.DEPARTED in plan.path:
                phases = ["orientation", "decision", "pre_departure"]
            else:
                phases[-1] = "decision"
        out = []
        for i, (day, phase) in enumerate(zip(days, phases, strict=True)):
            if phase in {"decision", "pre_departure"}:
                intention = "decided"
            elif plan.target == S.WITHDRAWN and i == n - 1:
                intention = "declined"
            elif phase == "orientation":
                intention = weighted(rng, {"considering": 3, "not_considering": 2})
            else:
                intention = weighted(rng, {"considering": 5, "not_considering": 1})
            hour, minute = rng.randint(9, 16), rng.choice([0, 15, 30, 45])
            out.append((dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz), phase, intention))
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
            if came_with_family or (len(self.members) > 1 and phase != "pre_departure" and rng.random() < 0.6):
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
        elif phase == "decision":
            template = rng.choice(texts.DECISION)
            topics = ["voluntary_nature", "travel_documents", "next_steps"]
        else:
            template = rng.choice(texts.PRE_DEPARTURE)
            topics = ["travel_documents", "next_steps", "reintegration"]
        if len(self.members) > 1 and "family" not in topics and rng.random() < 0.5:
            topics.append("family")
        topics = rng.sample(topics, k=max(2, len(topics) - rng.randint(0, 1)))
        return topics, self.fill(template, interp=interp)

    def record_consents(self, partner_consent: str | None) -> None:
        rng, plan = self.rng, self.plan
        self.counselling_consent_given = False
        if not self.interviews:
            return
        first = self.interviews[0].held_at.astimezone(self.tz).date()
        decision = self.interviews[-1].held_at.astimezone(self.tz).date()
        if S.APPLICATION in plan.path:
            state = "given"
        else:
            state = weighted(rng, {"given": 50, "refused": 15, None: 35})
        if state:
            self.consent(self.principal, "counselling", state, first)
            self.counselling_consent_given = state == "given"
            spouse = next((m for m in self.members if m.relation == Relation.SPOUSE), None)
            if spouse and state == "given" and rng.random() < 0.7:
                self.consent(spouse.person, "counselling", "given", first)
        stats = weighted(rng, {"given": 72, "refused": 12, None: 16})
        if stats:
            self.consent(self.principal, "statistics", stats, first)
            if stats == "given" and rng.random() < 0.06 and first < self.today:
                # Thought better of it at a later meeting.
                self.consent(self.principal, "statistics", "withdrawn", decision if decision > first else self.today)
        if partner_consent:
            self.consent(
                self.principal, "partner_sharing", partner_consent, decision, partner=self.partner_office.agency
            )

    def consent(self, person, purpose: str, state: str, date: dt.date, partner=None) -> None:
        interpreted = getattr(self, "interpreted", False)
        method = weighted(self.rng, {"signed_form": 70, "oral_interpreter": 25 if interpreted else 0, "electronic": 5})
        case_actions.record_consent(
            self.case,
            by=self.counsellor,
            person=person,
            purpose=purpose,
            state=state,
            date=min(date, self.today),
            language=getattr(self, "interview_language", self.languages_of[person.pk][0]),
            method=method,
            partner=partner,
        )

    # --- notes and referrals -----------------------------------------------------

    def travel_notes(self) -> None:
        rng = self.rng
        if rng.random() < 0.4:
            self.note(self.approver, self.office, rng.choice(texts.APPROVER_NOTES))
        if rng.random() < 0.6:
            needs_lp = any(state != "passport" for state in self.doc_state.values())
            template = texts.TRAVEL_NOTES[rng.randint(0, 1)] if needs_lp else texts.TRAVEL_NOTES[2]
            self.note(self.travel, self.office, self.fill(template))

    def after_departure(self, partner_consent: str | None) -> None:
        rng, plan = self.rng, self.plan
        if rng.random() < 0.6:
            self.note(self.travel, self.office, self.fill(rng.choice(texts.DEPARTURE_NOTES)))
        refer = partner_consent == "given" and (S.REINTEGRATION in plan.path or rng.random() < 0.6)
        if refer:
            # No action exists yet for referrals (the reintegration issue
            # builds them); until then the demo creates the row directly.
            status = "accepted" if S.REINTEGRATION in plan.path or rng.random() < 0.8 else "pending"
            self.referral = Referral.objects.create(case=self.case, partner=self.partner_office.agency, status=status)
        if S.REINTEGRATION in plan.path and self.partner_user and self.referral:
            self.note(self.partner_user, self.partner_office, self.fill(rng.choice(texts.PARTNER_NOTES)))

    def closing_notes(self) -> None:
        rng, plan = self.rng, self.plan
        if S.MONITORING in plan.path and self.partner_user and self.referral and rng.random() < 0.8:
            self.note(self.partner_user, self.partner_office, self.fill(rng.choice(texts.MONITORING_NOTES)), "agency")
        if plan.furthest != S.INTAKE and rng.random() < 0.05:
            self.note(self.counsellor, self.office, self.fill(rng.choice(texts.AGENCY_NOTES)), "agency")

    def pick_counsellor_note(self) -> str:
        rng = self.rng
        lang = self.office.default_language
        if lang == "nl" and rng.random() < 0.4:
            return self.fill(rng.choice(texts.COUNSELLOR_NOTES_NL))
        if lang == "fr" and rng.random() < 0.4:
            return self.fill(rng.choice(texts.COUNSELLOR_NOTES_FR))
        return self.fill(rng.choice(texts.COUNSELLOR_NOTES))

    def note(self, by, office, body: str, visibility: str = "office") -> None:
        body = body[:1].upper() + body[1:]
        case_actions.add_note(self.case, by=by, office=office, body=body, visibility=visibility)

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
            "years": self.years_in_host,
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

    def working_day(self, ago: int) -> dt.date:
        """The weekday `ago` days back (at least yesterday), or the Friday before."""
        day = self.days_ago(max(ago, 1))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def upcoming(self) -> dt.datetime:
        day = self.today + dt.timedelta(days=self.rng.randint(1, 21))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        hour, minute = self.rng.randint(9, 16), self.rng.choice([0, 30])
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)
