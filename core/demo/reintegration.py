"""The reintegration workspace of CaseContext, through the real actions
(reintegration.actions_*): the referral to the partner and its answer,
messages, the reintegration plan (sent back or amended now and then) and its
purchases in kind with a receipt, the monitoring visits with the
Reintegration Sustainability Survey, and a return story. Each record and
each of its events gets its moment in the history (core.demo.history).

The actions check some dates against the real today (nothing in the future)
and stamp "now"; the demo's dates all lie before today and are written
afterwards, like the rest of the case."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import ReferralStatus
from core.demo import texts
from core.demo.plan import S, weighted
from core.errors import DomainError
from reintegration import actions_monitoring as monitoring
from reintegration import actions_partner as partner_actions
from reintegration import actions_plans as plans
from reintegration import actions_purchases as purchases
from reintegration import actions_referrals as referrals
from reintegration import actions_stories as story_actions
from reintegration import rss
from reintegration.models import Area

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
# The currency a partner's plans use besides euros, per country of return.
LOCAL_CURRENCY = {"GN": "GNF", "GE": "GEL"}
# Euros for one unit, about: the partners' rate tables wobble around it.
EUROS_PER_UNIT = {"GNF": Decimal("0.000107"), "GEL": Decimal("0.3400")}
ROUND_TO = {"EUR": Decimal("10"), "GNF": Decimal("50000"), "GEL": Decimal("10")}


def receipt_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text: the scanned receipt of a
    purchase, made in memory."""
    text = " ".join(
        f"BT /F1 11 Tf 56 {780 - 18 * i} Td ({line.encode('latin-1', 'replace').decode('latin-1')}) Tj ET"
        for i, line in enumerate(lines)
    )
    stream = text.replace("\\", "\\\\").encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class ReintegrationMixin:
    """The referral, the plan, the purchases, the visits and the story."""

    def rfill(self, template: str, **extra) -> str:
        """fill(), with the same project for the person throughout (fill()
        picks one at random each time)."""
        if not getattr(self, "project", None):
            self.project = self.rng.choice(self.origin.goods) if self.origin.goods else "a small business"
        return self.fill(template, **{"goods": self.project, **extra})

    # --- the referral ------------------------------------------------------------

    def refer(self, departed: dt.datetime, until: dt.datetime) -> None:
        """Referred by the counsellor on the day of departure; accepted by the
        partner's caseworker within days (or still waiting, when the
        departure was recent, or once declined)."""
        rng, plan, b = self.rng, self.plan, self.b
        referred = self.between(departed, min(departed + 2 * HOUR, until))
        self.referral = referrals.refer_case(
            self.case,
            by=self.counsellor,
            partner=self.partner_office.agency,
            partner_office=self.partner_office,
            message=self.rfill(rng.choice(texts.REFERRAL_MESSAGES)),
        )
        self.stamp(self.referral, referred)
        self.referred_at = referred
        if self.partner_user is None:
            return
        recent = (self.today - departed.date()).days < 30
        answer = "accepted"
        if S.REINTEGRATION not in plan.path and plan.target == S.DEPARTED:
            if recent and rng.random() < 0.7:
                answer = "pending"
            elif b.declined < 1:
                answer = "declined"
        at = self.between(referred + HOUR, min(referred + rng.randint(1, 5) * DAY, until - HOUR))
        if answer == "pending":
            return
        if answer == "declined":
            b.declined += 1
            reason = self.rfill(rng.choice(texts.REFERRAL_DECLINES))
            referrals.decline_referral(self.referral, by=self.partner_user, reason=reason)
        else:
            referrals.accept_referral(self.referral, by=self.partner_user)
        self.history.add_event(self.referral, f"referral.{answer}", at)
        self.history.add_field(self.referral, "decided_at", at)
        self.referral.refresh_from_db()
        self.accepted_at = at if answer == "accepted" else None
        if answer == "accepted" and b.messages < b.plan_messages and rng.random() < 0.25:
            self.exchange(referred, at, until)

    def exchange(self, referred: dt.datetime, accepted: dt.datetime, until: dt.datetime) -> None:
        """A question from the counsellor and the partner's answer."""
        self.b.messages += 1
        question, answer = self.rng.choice(texts.MESSAGES)
        asked = self.between(referred, accepted)
        answered = self.between(accepted, min(accepted + 2 * DAY, until))
        for by, body, at in [(self.counsellor, question, asked), (self.partner_user, answer, answered)]:
            self.stamp(referrals.post_message(self.case, by=by, body=self.rfill(body)), at)

    def answered(self) -> bool:
        return self.referral is not None and self.referral.status == ReferralStatus.ACCEPTED

    def complete_referral(self) -> None:
        """The partner closes the referral just before the case is closed."""
        if not self.answered() or self.partner_user is None:
            return
        at = self.just_before_move()
        note = self.rfill(self.rng.choice(texts.COMPLETION_NOTES))
        self.referral = referrals.complete_referral(self.referral, by=self.partner_user, note=note)
        self.history.add_event(self.referral, "referral.completed", at)
        self.history.add_field(self.referral, "completed_at", at)

    def sharing_withdrawn(self, at: dt.datetime) -> None:
        """The consent to sharing was withdrawn at `at`: the action withdrew the referral then."""
        if self.referral is None:
            return
        self.referral.refresh_from_db()
        if self.referral.status == ReferralStatus.WITHDRAWN:
            self.history.add_event(self.referral, "referral.withdrawn", at)
            self.history.add_field(self.referral, "decided_at", at)

    # --- the plan and its purchases ---------------------------------------------------

    def reintegration_plan(self) -> None:
        """Drafted by the partner in the first weeks of reintegration, within
        the approved budget; approved by the sending office (sent back once
        now and then, amended once)."""
        if not self.answered() or self.partner_user is None:
            return
        rng, b = self.rng, self.b
        start, until = self.move_at[self.step], self.move_after(self.step)
        agency = self.referral.partner
        ceiling = plans.ceiling_for(self.case, agency, self.today)
        if ceiling.total is None or not ceiling.parts or ceiling.total < 300:
            return
        currency = LOCAL_CURRENCY.get(self.case.country_of_return.code, "EUR")
        has_rates = (agency.code, currency) in b.rate_agencies
        if currency != "EUR" and (not has_rates or (b.local_plans and rng.random() < 0.4)):
            currency = "EUR"
        b.local_plans += currency != "EUR"
        sent_back = b.sent_back < 2 and rng.random() < 0.3
        amended = not sent_back and b.amended < 1 and (until - start) > 70 * DAY
        budget = ceiling.total * Decimal(rng.choice(["0.7", "0.75", "0.8"]) if amended else rng.choice(["0.8", "0.9"]))
        areas = ["micro_business"] + rng.sample(["housing", "employment", "education"], k=rng.randint(0, 1))
        if self.health:
            areas.append("medical")
        shares = [rng.randint(5, 9) if area == "micro_business" else rng.randint(2, 4) for area in areas]
        book = plans.RateBook(agency, self.today, [currency])

        drafted = self.between(start + DAY, min(start + 10 * DAY, until - 20 * DAY))
        plan = plans.start_plan(self.case, by=self.partner_user, summary=self.rfill(rng.choice(texts.PLAN_SUMMARIES)))
        self.stamp(plan, drafted)
        at = drafted
        for area in dict.fromkeys(areas):
            at += dt.timedelta(minutes=rng.randint(2, 6))
            objective = plans.add_objective(plan, by=self.partner_user, area=area, description=self.item(area, 0))
            self.stamp(objective, at)
        lines = []
        for area, share in zip(areas, shares, strict=True):
            eur = budget * share / sum(shares)
            amount = self.round_amount(eur / (book.rate(currency) or 1), currency)
            if amount <= 0:
                continue
            at += dt.timedelta(minutes=rng.randint(2, 6))
            line = plans.add_line(
                plan,
                by=self.partner_user,
                category=area,
                description=self.item(area, 1),
                amount=amount,
                currency=currency,
                supplier=self.item(area, 2),
            )
            lines.append(self.stamp(line, at))
        submitted = self.between(drafted + HOUR, drafted + rng.randint(1, 6) * DAY)
        self.submit_plan(plan, submitted)
        if sent_back:
            b.sent_back += 1
            returned = self.between(submitted + HOUR, submitted + rng.randint(1, 3) * DAY)
            reason = self.rfill(rng.choice(texts.PLAN_RETURN_REASONS))
            plans.return_plan(plan, by=self.approver, reason=reason)
            self.history.add_event(plan, "plan.returned", returned)
            self.history.add_field(plan, "decided_at", returned)
            changed = self.between(returned + HOUR, returned + 3 * DAY)
            line = lines[0]
            plans.update_line(
                line,
                by=self.partner_user,
                category=line.category,
                description=line.description,
                amount=self.round_amount(line.amount * Decimal("0.85"), line.currency),
                currency=line.currency,
                supplier=line.supplier,
            )
            self.history.add_event(line, "plan.line_changed", changed)
            submitted = self.between(changed + HOUR, changed + 2 * DAY)
            self.submit_plan(plan, submitted)
        approved = self.between(submitted + HOUR, submitted + rng.randint(1, 4) * DAY)
        plan = self.approve_plan(plan, approved)
        b.plans += 1
        purchases_until = min(self.closing_at(), self.horizon) - DAY
        if amended:
            b.amended += 1
            plan = self.amend(plan, approved + rng.randint(30, 50) * DAY, ceiling.total - budget)
            approved = plan.decided_at_demo
        self.purchases(plan, approved, purchases_until)

    def item(self, area: str, i: int) -> str:
        return self.rfill(texts.PLAN_ITEMS[area][i])

    def round_amount(self, amount: Decimal, currency: str) -> Decimal:
        step = ROUND_TO.get(currency, Decimal("10"))
        return (Decimal(amount) / step).quantize(Decimal("1"), ROUND_DOWN) * step

    def submit_plan(self, plan, at: dt.datetime) -> None:
        plans.submit_plan(plan, by=self.partner_user)
        self.history.add_event(plan, "plan.submitted", at)
        self.history.add_field(plan, "submitted_at", at)

    def approve_plan(self, plan, at: dt.datetime):
        plan = plans.approve_plan(plan, by=self.approver)
        self.history.add_event(plan, "plan.approved", at)
        self.history.add_field(plan, "decided_at", at)
        plan.decided_at_demo = at
        return plan

    def amend(self, approved_plan, started: dt.datetime, room: Decimal):
        """Version 2: a line added within what is left of the budget; version 1
        is superseded when it is approved."""
        rng = self.rng
        started = min(started, self.closing_at() - 10 * DAY)
        plan = plans.start_plan(self.case, by=self.partner_user)
        self.stamp(plan, started)
        area = "employment" if not plan.lines.filter(category=Area.EMPLOYMENT).exists() else "housing"
        amount = self.round_amount(room * Decimal("0.6"), "EUR")
        line = plans.add_line(
            plan,
            by=self.partner_user,
            category=area,
            description=self.item(area, 1),
            amount=amount,
            currency="EUR",
            supplier=self.item(area, 2),
        )
        self.stamp(line, started + dt.timedelta(minutes=5))
        submitted = self.between(started + HOUR, started + 2 * DAY)
        self.submit_plan(plan, submitted)
        approved = self.between(submitted + HOUR, submitted + rng.randint(1, 3) * DAY)
        plan = self.approve_plan(plan, approved)
        self.history.add_event(approved_plan, "plan.superseded", approved)
        return plan

    def closing_at(self) -> dt.datetime:
        """The end of the case's reintegration work: its closure, else now."""
        for step in range(self.step + 1, len(self.plan.path)):
            if self.plan.path[step] not in {S.MONITORING}:
                return self.move_at[step]
        return self.horizon

    def purchases(self, plan, approved: dt.datetime, until: dt.datetime) -> None:
        """A few purchases in kind, each with its receipt; one of them (once
        in the demo) after the programme's window, to show the warning."""
        rng, b = self.rng, self.b
        arrival = plans.arrival_date(self.case)
        window_end = plans.add_months(arrival, plans.WINDOW_MONTHS)
        last_day = until.astimezone(self.tz).date()
        first_day = (approved + DAY).astimezone(self.tz).date()
        late_wanted = not b.late_purchase and last_day > window_end + dt.timedelta(days=3)
        if last_day <= first_day or (not late_wanted and rng.random() < 0.5):
            return
        lines = list(plan.lines.all())
        picks = rng.sample(lines, k=min(len(lines), rng.randint(1, 2)))
        days = []
        for line in picks:
            span = (min(last_day, window_end) - first_day).days
            if span > 0:
                days.append((line, first_day + dt.timedelta(days=rng.randint(0, min(span, 90)))))
        if late_wanted:
            b.late_purchase = True
            late = window_end + dt.timedelta(days=rng.randint(2, min(30, (last_day - window_end).days)))
            days.append((lines[0], late))
        for line, day in days:
            if day < b.rates_from:
                continue
            amount = self.round_amount(line.amount * Decimal(rng.choice(["0.4", "0.5", "0.6"])), line.currency)
            what = self.rfill(rng.choice(texts.PURCHASES), line=line.description)
            supplier = line.supplier or self.item(line.category, 2)
            receipt = receipt_pdf(
                [
                    "RECEIPT",
                    supplier,
                    f"Date: {day.isoformat()}",
                    what,
                    f"Amount: {amount} {line.currency}",
                    f"Paid by: {self.partner_office.name}",
                ]
            )
            upload = SimpleUploadedFile(f"receipt-{day.isoformat()}.pdf", receipt, content_type="application/pdf")
            d = purchases.record_disbursement(
                self.case,
                by=self.partner_user,
                what=what,
                supplier=supplier,
                on=day,
                amount=amount,
                currency=line.currency,
                proof=upload,
                line=line,
            )
            ptz = ZoneInfo(self.partner_office.timezone)
            at = min(
                dt.datetime.combine(day, dt.time(rng.randint(14, 17), rng.choice([0, 20, 40])), tzinfo=ptz),
                self.horizon - dt.timedelta(minutes=5),
            )
            self.stamp(d.proof, at)
            self.stamp(d, at + dt.timedelta(seconds=30))

    # --- monitoring visits -------------------------------------------------------------

    def schedule_monitoring(self, departed: dt.datetime, until: dt.datetime) -> None:
        """The visits are scheduled from the arrival, by the night's refresh."""
        made = monitoring.schedule_visits(self.case)
        if made:
            self.history.add_event(self.case, "monitoring.scheduled", self.between(departed, departed + 12 * HOUR))
        self.visits = made

    def record_visits(self) -> None:
        """The partner records the visits that came due while the case was
        followed: each within days of its due date, with the survey. Now and
        then the last one due is left undone, overdue."""
        if not getattr(self, "visits", None) or self.partner_user is None or not self.accepted_at:
            return
        rng, b = self.rng, self.b
        ended = self.case.status not in monitoring.MONITORED
        stop = (self.move_at[-1] if ended else self.horizon).astimezone(self.tz).date()
        due = [v for v in self.visits if v.due_on < stop]
        if not ended and due and b.overdue < b.plan_overdue and rng.random() < 0.35:
            b.overdue += 1
            due = due[:-1]
        arrival = monitoring.arrival_date(self.case)
        first = max(arrival, self.accepted_at.astimezone(self.tz).date())
        q = rss.current_questionnaire()
        ptz = ZoneInfo(self.partner_office.timezone)
        mood = rng.uniform(0.3, 0.7)
        for i, visit in enumerate(due):
            done_on = max(first, min(visit.due_on + dt.timedelta(days=rng.randint(-6, 12)), stop - DAY))
            if done_on >= stop:
                continue
            mode = weighted(rng, {"home": 55, "office": 20, "phone": 20, "video": 5})
            answers = self.survey(q, mood + 0.1 * i)
            visit = monitoring.record_visit(
                visit,
                by=self.partner_user,
                done_on=done_on,
                mode=mode,
                findings=self.rfill(rng.choice(texts.VISIT_FINDINGS)),
                answers=answers,
            )
            at = min(
                dt.datetime.combine(done_on, dt.time(rng.randint(15, 18), rng.choice([0, 30])), tzinfo=ptz),
                self.horizon - dt.timedelta(minutes=5),
            )
            self.stamp(visit, at)
            self.history.add_field(visit, "recorded_at", at)
            self.stamp(visit.survey, at + dt.timedelta(seconds=20))
            self.last_visit_at = at

    def survey(self, q, level: float) -> dict:
        """Answers around `level` (0 worst, 1 best), now and then a question left blank."""
        rng = self.rng
        answers = {}
        for indicator in q.indicators:
            if rng.random() < 0.05:
                continue
            options = [o for o in indicator.options if o.value is not None]
            target = min(1.0, max(0.0, level + rng.uniform(-0.25, 0.25)))
            answers[indicator.code] = min(options, key=lambda o: abs(float(o.value) - target)).code
        return answers

    # --- a return story ----------------------------------------------------------------

    def return_story(self) -> None:
        """With the returnee's consent, the partner writes a story; the first
        is published by the sending office, the second waits for review."""
        b = self.b
        if b.stories >= 2 or self.plan.target != S.MONITORING or not getattr(self, "last_visit_at", None):
            return
        rng = self.rng
        p = self.principal_member
        consented = self.last_visit_at + dt.timedelta(minutes=10)
        try:
            consent = story_actions.record_story_consent(
                self.case,
                by=self.partner_user,
                purpose="story",
                state="given",
                date=consented.astimezone(self.tz).date(),
                language=self.languages_of[p.person.pk][0],
                method="signed_form",
            )
            # Recorded in the sending office's time zone (its day is the consent's date).
            self.stamp(consent, consented.astimezone(self.tz))
            written = self.between(consented + DAY, consented + 6 * DAY)
            story = story_actions.create_story(
                self.case,
                by=self.partner_user,
                title=self.rfill(rng.choice(texts.STORY_TITLES)),
                body=self.rfill(texts.STORY_BODIES[0 if p.sex == "male" else 1]),
                place=self.case.region_of_return,
            )
        except DomainError:
            return  # a name in the story: not this case
        self.stamp(story, written)
        submitted = self.between(written + HOUR, written + 2 * DAY)
        story_actions.submit_story(story, by=self.partner_user)
        self.history.add_event(story, "story.submitted", submitted)
        if b.stories == 0:
            reviewed = self.between(submitted + HOUR, submitted + 3 * DAY)
            story_actions.review_story(story, by=self.approver, approve=True, now=reviewed)
            self.history.add_event(story, "story.approved", reviewed)
            published = self.between(reviewed + HOUR, reviewed + 2 * DAY)
            story_actions.publish_story(story, by=self.approver, now=published)
            self.history.add_event(story, "story.published", published)
        b.stories += 1


# --- for the whole demo: rates, survey weights, returnees registered by partners ---------


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first day of each of the last `months` months, oldest first, and this month's."""
    first = today.replace(day=1)
    return [plans.add_months(first, -k) for k in range(months, -1, -1)]


# Who fills which rate table (the partner's caseworker) and for which currency.
RATE_TABLES = [("mamadou", "GNF"), ("mariama", "GNF"), ("nino", "GEL")]
RATE_MONTHS = 36


def fill_rate_tables(builder) -> None:
    """The partners' rates on the first of each month for three years,
    entered that morning by their caseworker."""
    rng = builder.rng
    builder.rate_agencies = set()
    starts = month_starts(builder.today, RATE_MONTHS)
    builder.rates_from = starts[0]
    for username, currency in RATE_TABLES:
        user = builder.users[username]
        agency = user.memberships.get().office.agency
        tz = ZoneInfo(user.memberships.get().office.timezone)
        builder.rate_agencies.add((agency.code, currency))
        base = EUROS_PER_UNIT[currency]
        for day in starts:
            wobble = Decimal(rng.randint(-20, 20)) / Decimal(1000)  # within 2 %
            rate = purchases.set_rate(
                agency, by=user, currency=currency, on=day, euros_per_unit=(base * (1 + wobble)).quantize(base / 1000)
            )
            at = dt.datetime.combine(day, dt.time(9, rng.randint(0, 59)), tzinfo=tz)
            builder.history.add_global(rate, min(at, builder.horizon - dt.timedelta(minutes=1)))


def load_survey_weights(builder) -> None:
    """The survey's shipped weights, as manage.py load_rss_weights stores
    them, when none are stored yet: loaded before the first visit."""
    from reintegration.models import RssWeights

    if RssWeights.objects.exists():
        return
    new, _same = rss.load_weights()
    if new:
        monitoring.make_current(new[-1])
    at = builder.horizon - dt.timedelta(days=3 * 365)
    for weights in new:
        builder.history.add_global(weights, at)


def register_retroactive(builder) -> None:
    """Two returnees who came back without a case, registered by partners for
    the Brussels desk: one accepted by its team leader, one registered two
    days ago and waiting for an answer."""
    from organisations.models import Office

    brussels = Office.objects.get(code="BXL")
    marc = builder.users["marc"]
    specs = [
        # (caseworker, office, person, region, language, days ago returned, registered, answered)
        (
            "nino",
            "CITBS",
            {"given_name": "Levan", "family_name": "Tsiklauri", "sex": "male", "nationality": "GE"},
            dt.date(1987, 3, 14),
            "Kutaisi",
            "ka",
            (34, 27, 25),
        ),
        (
            "mamadou",
            "IOMCKY",
            {"given_name": "Ibrahima", "family_name": "Soumah", "sex": "male", "nationality": "GN"},
            dt.date(1994, 9, 2),
            "Kindia",
            "fr",
            (9, 2, None),
        ),
    ]
    for username, office_code, person, born, region, language, (returned, registered, answered) in specs:
        user = builder.users[username]
        office = builder.offices[office_code]
        tz = ZoneInfo(office.timezone)
        reg_day = builder.today - dt.timedelta(days=registered)
        reg_at = dt.datetime.combine(reg_day, dt.time(10, builder.rng.randint(0, 50)), tzinfo=tz)
        registration = partner_actions.register_retroactive(
            by=user,
            partner_office=office,
            sending_office=brussels,
            person={**person, "date_of_birth": born},
            returned_on=builder.today - dt.timedelta(days=returned),
            country_of_return=person["nationality"],
            region_of_return=region,
            travel_means="air",
            consent_date=reg_at.astimezone(ZoneInfo(brussels.timezone)).date(),
            consent_language=language,
            consent_method="signed_form",
            now=reg_at,
        )
        case = registration.case
        h = builder.history
        principal = case.principal
        h.add(principal, reg_at - dt.timedelta(minutes=4))
        h.add_people([principal.pk])
        h.add_move(case, reg_at - dt.timedelta(minutes=3))
        h.add(case.consents.get(), reg_at - dt.timedelta(minutes=2))
        h.add(case.referrals.get(), reg_at - dt.timedelta(minutes=2))
        h.add_move(case, reg_at - dt.timedelta(minutes=1))
        h.add(registration, reg_at)
        task = case.tasks.get()
        h.add(task, reg_at)
        if answered is None:
            continue
        answer_at = reg_at + dt.timedelta(days=registered - answered, hours=3)
        partner_actions.decide(registration, by=marc, accept=True, now=answer_at)
        case.refresh_from_db()
        h.add_move(case, answer_at)
        h.add_event(registration, "retroactive.accepted", answer_at)
        h.add_event(task, "task.completed", answer_at)
        h.add_field(task, "done_at", answer_at)
