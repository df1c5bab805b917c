"""The records of CaseContext: interviews, consents, notes and referrals,
each at the moment the plan gives it."""

import datetime as dt

from cases import actions as case_actions
from core.demo import texts
from core.demo.plan import CHAIN, S, weighted
from counselling import actions as counselling_actions
from people.models import Relation


class RecordsMixin:
    """Interviews, consents, notes and referrals."""

    # --- interviews and consents -------------------------------------------------

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
        refer = partner_consent == "given" and (
            S.REINTEGRATION in plan.path or plan.target == S.DEPARTED or rng.random() < 0.6
        )
        if refer:
            self.refer(departed, until)
            if S.REINTEGRATION in plan.path and self.accepted_at:
                at = self.between(self.accepted_at, until)
                self.note(self.partner_user, self.partner_office, self.fill(rng.choice(texts.PARTNER_NOTES)), at=at)
        self.schedule_monitoring(departed, until)

    def closing_notes(self) -> None:
        rng, plan = self.rng, self.plan
        if S.MONITORING in plan.path and self.partner_user and self.accepted_at and rng.random() < 0.8:
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
