"""The demo loader (manage.py load_demo): what it creates, that it goes
through the actions (audit trail, guards), that it is deterministic and that
a second run changes nothing.

The --small set is loaded once for the TestSmallDemo class (and rolled back
after it); the full set is loaded once, in one test, because it takes tens of
seconds."""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from cases.lifecycle import PRE_DEPARTURE, Status, find_move
from cases.models import CaseMember, Consent, Note, Referral, ReturnCase, Transition
from core.demo.build import FULL_PLAN, SMALL_PLAN
from core.demo.organisations import DEMO_PASSWORD, STAFF
from core.models import AuditEvent
from counselling.models import Interview
from eligibility.access import DECIDE
from eligibility.loader import load_directory
from eligibility.models import Decision, DecisionStatus, RuleVersion
from organisations.access import partner_agency_ids, roles_for_office
from organisations.models import Membership
from people.models import Person
from reintegration.access_plans import APPROVE_PLAN
from reintegration.access_referrals import is_addressee
from reintegration.actions_plans import arrival_date, ceiling_for, valuation_date, value_lines
from reintegration.actions_purchases import window_warning
from reintegration.models import (
    BudgetLine,
    Disbursement,
    ExchangeRate,
    Message,
    MonitoringVisit,
    Plan,
    RetroactiveRegistration,
    RssWeights,
    Story,
)
from tasks.rules import refresh_auto_tasks
from travel.models import Booking, DepartureOutcome, DocumentRequest, PremiumPayment
from travel.readiness import confirmed_booking, premium_at_departure

ARABIC = re.compile(r"[\u0600-\u06FF]")
GEORGIAN = re.compile(r"[\u10A0-\u10FF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
GEEZ = re.compile(r"[\u1200-\u137F]")
PAST_APPLICATION = {
    Status.APPLICATION,
    Status.ELIGIBILITY,
    Status.TRAVEL_PREPARATION,
    Status.READY_TO_DEPART,
    Status.DEPARTED,
    Status.REINTEGRATION,
    Status.MONITORING,
    Status.CLOSED,
}
MAIN_PROGRAMME = {"fedasil": "fedasil-return", "ofii": "ofii-return"}


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def reached(case, status: str) -> bool:
    return case.transitions.filter(to_status=status).exists()


# --- checks shared by the small and the full set ----------------------------------


def check_every_status(plan: dict) -> None:
    """The planned cases, and the two registered after the return by a partner."""
    planned = ReturnCase.objects.filter(retroactive__isnull=True)
    counts = {s: planned.filter(status=s).count() for s in Status.values}
    assert counts == {str(s): n for s, n in plan.items()}
    assert all(counts[s] >= 1 for s in Status.values), counts
    retro = ReturnCase.objects.filter(retroactive__isnull=False)
    assert sorted(retro.values_list("status", "retroactive__status")) == [
        ("departed", "pending"),
        ("reintegration", "accepted"),
    ]


def check_logins() -> None:
    for spec in STAFF:
        user = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert user is not None, spec.username
        assert user.email.endswith("@example.org") and user.first_name and user.last_name
        assert Membership.objects.filter(user=user, role=spec.role, office__code=spec.office).exists()


def check_audit_trail() -> None:
    for case in ReturnCase.objects.all():
        events = AuditEvent.objects.filter(case_id=case.pk)
        assert events.filter(action="case.opened").count() == 1, case.number
        assert events.filter(action="case.transition").count() == case.transitions.count() - 1, case.number
    assert AuditEvent.objects.filter(action="person.registered").count() == Person.objects.count()
    assert AuditEvent.objects.filter(action="interview.recorded").count() == Interview.objects.count()
    assert AuditEvent.objects.filter(action="consent.recorded").count() == Consent.objects.count()


def travel_day(case) -> dt.date:
    last = case.departure_outcomes.order_by("recorded_at", "pk").last()
    if last is not None and last.outcome == "postponed" and case.status == Status.TRAVEL_PREPARATION:
        return last.new_date
    if last is not None and last.booking is not None and last.outcome != "postponed":
        return last.booking.travel_date
    return confirmed_booking(case).travel_date


def check_guards_were_met() -> None:
    """What the lifecycle guards demand is in the data, for every case that
    went past them (the actions checked it; this checks the data)."""
    for case in ReturnCase.objects.prefetch_related("case_members__person__documents"):
        if reached(case, Status.APPLICATION):
            assert case.interviews.exists(), case.number
            assert case.consents.filter(person=case.principal, purpose="counselling", state="given").exists()
        if reached(case, Status.READY_TO_DEPART):
            # Documents valid on the day of the journey: the one the case
            # left (or did not) on, the one it is booked on, or the day a
            # departure was postponed to.
            days = {travel_day(case)}
            for member in case.case_members.all():
                assert any(
                    d.doc_type in {"passport", "laissez_passer"}
                    and (d.expiry_date is None or all(d.expiry_date >= day for day in days))
                    for d in member.person.documents.all()
                ), (case.number, member.person.full_name)
        if reached(case, Status.REINTEGRATION):
            assert case.consents.filter(purpose="partner_sharing", state="given").exists(), case.number
            # Accepted (later completed, or withdrawn when the person withdrew consent to sharing).
            assert case.referrals.filter(status__in=["accepted", "completed", "withdrawn"]).exists(), case.number
    now = timezone.now()
    assert not Interview.objects.filter(held_at__gt=now).exists()
    assert Interview.objects.filter(next_appointment__gt=now, next_appointment__lt=now + dt.timedelta(days=30)).exists()


def check_history() -> None:
    """The demo is back-dated into a plausible past: each case's transitions
    in order from its opening, interviews before the application they led
    to, nothing after now, closed cases opened long ago."""
    now = timezone.now()
    for case in ReturnCase.objects.select_related("office").prefetch_related("transitions", "interviews", "consents"):
        transitions = sorted(case.transitions.all(), key=lambda t: t.pk)
        times = [t.at for t in transitions]
        assert times == sorted(times), case.number
        assert times[0] == case.opened_at and transitions[0].from_status == "", case.number
        application = next((t.at for t in transitions if t.to_status == Status.APPLICATION), None)
        if application is not None:
            assert case.interviews.all() and all(i.held_at < application for i in case.interviews.all()), case.number
        if case.status == Status.CLOSED:
            assert case.opened_at < now - dt.timedelta(days=184), case.number
        if case.status not in PRE_DEPARTURE:  # only open cases before departure have an appointment to come
            assert all(not i.next_appointment or i.next_appointment < now for i in case.interviews.all()), case.number
        tz = ZoneInfo(case.office.timezone)
        for consent in case.consents.all():
            assert consent.recorded_at.astimezone(tz).date() == consent.date, case.number
    for model, field in [
        (Transition, "at"),
        (Consent, "recorded_at"),
        (Note, "created_at"),
        (AuditEvent, "at"),
        (Decision, "proposed_at"),
        (Decision, "decided_at"),
    ]:
        assert not model.objects.filter(**{f"{field}__gt": now}).exists(), model.__name__
    # The actions stamped "now"; the demo moved every record and its audit
    # event back, to before the day it was loaded.
    today = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=timezone.get_current_timezone())
    assert not AuditEvent.objects.filter(at__gte=today).exists()
    for model, field in [(Consent, "recorded_at"), (Note, "created_at")]:
        events = dict(AuditEvent.objects.filter(object_type=model._meta.label_lower).values_list("object_id", "at"))
        assert all(events[str(pk)] == at for pk, at in model.objects.values_list("pk", field)), model.__name__


def check_decisions() -> None:
    """Four eyes before travel preparation: every case that got there has its
    agency's package approved by someone other than the proposer, who may
    decide on the case's office; each package was eligible on the facts of
    the application day; proposals wait at the eligibility step; the
    decisions and their audit events are dated in the case's past."""
    today = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=timezone.get_current_timezone())
    decisions = list(
        Decision.objects.select_related("case__office__agency", "rule_version__programme", "proposed_by", "decided_by")
    )
    assert {d.status for d in decisions} >= {DecisionStatus.APPROVED, DecisionStatus.PROPOSED}
    by_case = {}
    for d in decisions:
        by_case.setdefault(d.case_id, []).append(d)
        assert d.eligible is True and d.result["eligible"] is True, d.pk
        assert d.total > 0 and Decimal(d.result["total"]) == d.total, d.pk
        assert d.proposed_at < today, d.pk
        if d.status == DecisionStatus.PROPOSED:
            assert d.decided_by is None and d.decided_at is None, d.pk
            assert d.case.status == Status.ELIGIBILITY, d.case.number
        else:  # approved or sent back: by another person, who may decide there
            assert d.proposed_at < d.decided_at < today, d.pk
            assert d.decided_by != d.proposed_by, d.pk
            assert roles_for_office(d.decided_by, d.case.office) & DECIDE, d.pk
        if d.status == DecisionStatus.RETURNED:
            assert d.reason, d.pk
    transitions = {}
    for t in Transition.objects.order_by("pk"):
        transitions.setdefault(t.case_id, {}).setdefault(t.to_status, t.at)
    for case in ReturnCase.objects.select_related("office__agency"):
        moves = transitions[case.pk]
        mine = by_case.get(case.pk, [])
        for d in mine:
            # Frozen on the facts of the application day; proposed once the
            # case was sent for the decision, decided before travel preparation.
            assert d.facts["date"] == timezone.localdate(moves[Status.APPLICATION]).isoformat(), case.number
            assert d.proposed_at > moves[Status.ELIGIBILITY], case.number
            if Status.TRAVEL_PREPARATION in moves:
                assert (d.decided_at or d.proposed_at) < moves[Status.TRAVEL_PREPARATION], case.number
        if Status.TRAVEL_PREPARATION in moves:
            main = MAIN_PROGRAMME[case.office.agency.code]
            assert any(d.status == DecisionStatus.APPROVED and d.rule_version.programme.code == main for d in mine), (
                case.number
            )
    events = AuditEvent.objects.filter(object_type="eligibility.decision").values_list(
        "action", "object_id", "at", "case_id"
    )
    expected = {("eligibility.proposed", str(d.pk), d.proposed_at, d.case_id) for d in decisions}
    expected |= {(f"eligibility.{d.status}", str(d.pk), d.decided_at, d.case_id) for d in decisions if d.decided_at}
    assert sorted(events, key=str) == sorted(expected, key=str)


def check_journeys() -> None:
    """The journey, through the travel actions: laissez-passer requests in
    every state, bookings confirmed, provisional and cancelled, an outcome
    recorded for every move from ready to depart on the day, at its moment,
    the premium paid at departure and never more than approved, and cases
    ready to depart that pass the lifecycle guards."""
    midnight = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=timezone.get_current_timezone())
    requests = list(DocumentRequest.objects.select_related("case__office", "document"))
    assert {r.status for r in requests} == {"requested", "issued", "refused", "withdrawn"}
    for r in requests:
        tz = ZoneInfo(r.case.office.timezone)
        assert r.created_at < midnight and r.created_at.astimezone(tz).date() == r.requested_on, r.pk
        assert r.consulate and r.issuing_country == r.case.country_of_return, r.pk
        assert (r.document is not None) == (r.status == "issued"), r.pk
        if r.status == "issued":
            assert r.requested_on <= r.issued_on < r.document.expiry_date, r.pk
        assert (r.last_reminder_on is None) == (r.reminders_sent == 0) and r.reminders_sent <= 3, r.pk
        if r.status == "requested":
            assert r.case.status in PRE_DEPARTURE, r.case.number
    # Still waiting in travel preparation, some for weeks.
    today = timezone.localdate()
    waiting = [today - r.requested_on for r in requests if r.status == "requested"]
    assert max(waiting) > dt.timedelta(days=21)

    bookings = list(Booking.objects.prefetch_related("segments"))
    assert {b.status for b in bookings} == {"confirmed", "provisional", "cancelled"}
    assert AuditEvent.objects.filter(action="booking.changed").exists()
    for b in bookings:
        assert b.created_at <= b.updated_at < midnight, b.reference
        assert (b.cancelled_at is not None) == (b.status == "cancelled"), b.reference
        if b.cancelled_at:
            assert b.created_at < b.cancelled_at == b.updated_at and b.cancel_reason, b.reference

    # Every move from ready to depart but the postponements is the day's outcome, recorded then.
    outcomes = {
        (o.case_id, o.recorded_at): o for o in DepartureOutcome.objects.select_related("booking", "case__office")
    }
    kinds = {"departed": "departed", "no_show": "no_show", "withdrawn": "cancelled", "travel_preparation": "postponed"}
    moves = Transition.objects.filter(from_status=Status.READY_TO_DEPART)
    assert moves.count() == len(outcomes)
    for t in moves:
        o = outcomes[(t.case_id, t.at)]
        assert o.outcome == kinds[t.to_status] and o.booking is not None, o.pk
        assert o.date == t.at.astimezone(ZoneInfo(o.case.office.timezone)).date(), o.pk
        assert o.booking.status == ("confirmed" if o.outcome == "departed" else "cancelled"), o.pk
    assert {o.outcome for o in outcomes.values()} >= {"departed", "no_show", "postponed"}
    postponed = [o for o in outcomes.values() if o.outcome == "postponed"]
    assert all(o.new_date > o.date for o in postponed)

    # The premium at departure: exactly what was approved, once, to a member.
    paid = {}
    for p in PremiumPayment.objects.select_related("decision", "case"):
        assert p.signed_off_at < midnight and p.currency == p.decision.currency, p.receipt_number
        assert p.case.case_members.filter(person=p.paid_to).exists(), p.receipt_number
        paid[p.decision_id] = paid.get(p.decision_id, Decimal("0")) + p.amount
    departed = set(Transition.objects.filter(to_status=Status.DEPARTED).values_list("case_id", flat=True))
    approved = Decision.objects.filter(status=DecisionStatus.APPROVED)
    assert paid
    for d in approved:
        allowed = premium_at_departure(d)
        assert paid.get(d.pk, 0) <= allowed, d.pk
        assert paid.get(d.pk, 0) == (allowed if d.case_id in departed else 0), d.pk

    guards = find_move(Status.TRAVEL_PREPARATION, Status.READY_TO_DEPART).guards
    for case in ReturnCase.objects.filter(status=Status.READY_TO_DEPART):
        assert [guard(case) for guard in guards] == [None] * len(guards), case.number

    # Each audit event of the journey at its own moment, in order, in the past.
    events = AuditEvent.objects.filter(
        object_type__in=["travel.documentrequest", "travel.booking", "travel.departureoutcome", "travel.premiumpayment"]
    ).order_by("pk")
    last = {}
    for e in events:
        key = (e.object_type, e.object_id)
        assert e.at < midnight and e.at >= last.get(key, e.at), (e.action, key)
        last[key] = e.at
    reminded = AuditEvent.objects.filter(action="document_request.reminded").order_by("pk")
    last_reminder = {e.object_id: e.at for e in reminded}
    for r in requests:
        if r.last_reminder_on:
            tz = ZoneInfo(r.case.office.timezone)
            assert last_reminder[str(r.pk)].astimezone(tz).date() == r.last_reminder_on, r.pk


def check_open_return_places() -> None:
    """Belgian cases after a final rejection, still before departure: 30 days
    after the removal order (or the decision), shown while they last."""
    today = timezone.localdate()
    places = ReturnCase.objects.exclude(open_return_place_until=None).select_related("office__agency")
    for case in places:
        assert case.office.agency.code == "fedasil" and case.procedure_stage == "final_rejection", case.number
        assert case.status in PRE_DEPARTURE and case.open_return_place_until >= today, case.number
        start = case.removal_order_date or case.asylum_decision_date
        assert case.open_return_place_until == start + dt.timedelta(days=30), case.number
    return places


def check_rerun_changes_nothing() -> None:
    before = table_counts()
    output = load()
    assert "already loaded" in output
    assert "sofie" in output and DEMO_PASSWORD in output
    assert table_counts() == before


# --- the small set ---------------------------------------------------------------------


@pytest.fixture(scope="class")
def small_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        output = load("--small")
        yield output
        transaction.set_rollback(True)


@pytest.mark.usefixtures("small_demo")
class TestSmallDemo:
    def test_small_set_has_forty_cases_in_every_status(self, db):
        assert ReturnCase.objects.filter(retroactive__isnull=True).count() == sum(SMALL_PLAN.values()) == 40
        check_every_status(SMALL_PLAN)

    def test_every_persona_logs_in_with_the_demo_password(self, db):
        check_logins()

    def test_the_output_lists_the_logins_and_the_cases_by_status(self, db, small_demo):
        for spec in STAFF:
            assert re.search(rf"^{spec.username}\s+{DEMO_PASSWORD}\s", small_demo, re.M), spec.username
        assert re.search(r"^Closed for another reason\s+2$", small_demo, re.M)
        assert re.search(r"^Total\s+42$", small_demo, re.M)  # and two registered by partners
        assert "Loaded the eligibility rules" in small_demo  # none were loaded before
        counts = {s: Decision.objects.filter(status=s).count() for s in DecisionStatus.values}
        line = f"{counts['proposed']} proposed, {counts['approved']} approved, {counts['returned']} sent back"
        assert re.search(rf"^Eligibility decisions: {line} \({sum(counts.values())} in all\)$", small_demo, re.M)

    def test_every_case_has_its_audit_trail(self, db):
        check_audit_trail()

    def test_the_data_meets_the_lifecycle_guards(self, db):
        check_guards_were_met()

    def test_every_case_has_a_plausible_history(self, db):
        check_history()

    def test_packages_are_approved_by_a_second_person_before_travel_preparation(self, db):
        check_decisions()
        # The team leaders of Brussels and Marseille have a proposal waiting.
        waiting = Decision.objects.filter(status=DecisionStatus.PROPOSED)
        assert {"BXL", "MRS"} <= set(waiting.values_list("case__office__code", flat=True))

    def test_the_journeys_go_through_the_travel_actions(self, db):
        check_journeys()
        check_open_return_places()

    def test_a_provisional_booking_leaves_tomorrow_and_a_departure_was_postponed_to_tomorrow(self, db):
        made = refresh_auto_tasks(timezone.localdate())
        assert [t.kind for t in made].count("departure-unconfirmed") == 2
        assert refresh_auto_tasks(timezone.localdate()) == []

    def test_the_reintegration_workspace_goes_through_its_actions(self, db):
        check_reintegration(full=False)

    def test_running_again_changes_no_table(self, db):
        check_rerun_changes_nothing()


# --- the full set -------------------------------------------------------------------------


def test_full_demo_has_every_status_every_script_and_a_second_run_changes_nothing(db):
    output = load()
    assert "Loaded the demo data" in output
    assert ReturnCase.objects.filter(retroactive__isnull=True).count() == sum(FULL_PLAN.values()) >= 300
    check_every_status(FULL_PLAN)
    check_logins()

    scripts = list(Person.objects.exclude(original_script_name="").values_list("original_script_name", flat=True))
    for name, script in [("Arabic", ARABIC), ("Georgian", GEORGIAN), ("Cyrillic", CYRILLIC), ("Ge'ez", GEEZ)]:
        assert any(script.search(s) for s in scripts), name

    sizes = {case.case_members.count() for case in ReturnCase.objects.all()}
    assert sizes == {1, 2, 3, 4, 5}
    assert CaseMember.objects.filter(relation="child").exists()
    offices = set(ReturnCase.objects.values_list("office__agency__code", flat=True))
    assert offices == {"fedasil", "ofii"}
    assert set(Person.objects.values_list("dob_precision", flat=True)) == {"full", "year", "year_month", "unknown"}
    assert Consent.objects.filter(state="refused").exists() and Consent.objects.filter(state="withdrawn").exists()
    departed = ReturnCase.objects.filter(status__in=["departed", "reintegration", "monitoring"])
    assert Referral.objects.filter(case__in=departed, status="accepted").count() >= departed.count() // 2
    assert set(Referral.objects.values_list("partner__code", flat=True)) == {"iom", "caritas", "ofii"}

    check_audit_trail()
    check_guards_were_met()
    check_history()
    check_decisions()
    assert Decision.objects.filter(status=DecisionStatus.RETURNED, case__status=Status.ELIGIBILITY).exists()
    # OFII's allowance falls with the time since the removal order: the bands
    # of its grid show in the approved packages.
    ofii = Decision.objects.filter(status=DecisionStatus.APPROVED, rule_version__programme__code="ofii-return")
    allowances = [c for d in ofii for c in d.result["components"] if c["code"] == "allowance"]
    amounts = {c["members"][0] for c in allowances}  # the principal's
    assert len(amounts & {"1200.00", "600.00", "400.00", "500.00", "250.00"}) >= 3, amounts
    check_journeys()
    check_reintegration(full=True)
    assert DepartureOutcome.objects.filter(outcome="cancelled").exists()  # withdrawn on the day
    places = check_open_return_places()
    soon = timezone.localdate() + dt.timedelta(days=5)
    assert places.filter(open_return_place_until__lte=soon).count() == 2
    # Every automatic task rule finds work in the demo, as send_reminders runs it.
    with transaction.atomic():
        kinds = Counter(t.kind for t in refresh_auto_tasks(timezone.localdate()))
        assert set(kinds) == {"no-travel-document", "laissez-passer-pending", "return-place-ending"} | {
            "departure-unconfirmed",
            "monitoring-visit-overdue",  # a few visits left undone
        }, kinds
        assert kinds["monitoring-visit-overdue"] < 15, kinds
        transaction.set_rollback(True)
    check_rerun_changes_nothing()


# --- determinism and refusals --------------------------------------------------------------


def snapshot() -> list:
    cases = ReturnCase.objects.order_by("number").prefetch_related(
        "case_members__person",
        "interviews",
        "notes",
        "eligibility_decisions__rule_version__programme",
        "document_requests__person",
        "bookings__segments",
        "departure_outcomes",
        "premium_payments",
        "referrals",
        "reintegration_plans__lines",
        "monitoring_visits__survey",
        "messages",
        "stories",
    )
    disbursements = {}
    for d in Disbursement.objects.select_related("plan", "proof").order_by("pk"):
        disbursements.setdefault(d.plan.case_id, []).append(
            (d.what, d.on, d.amount, d.currency, d.amount_eur, d.recorded_at, d.proof.size)
        )
    rates = list(
        ExchangeRate.objects.order_by("agency__code", "currency", "on").values_list(
            "currency", "on", "euros_per_unit", "entered_at"
        )
    )
    return [rates] + [
        (
            case.number,
            case.status,
            case.country_of_return.code,
            case.open_return_place_until,
            sorted(
                (r.person.full_name, r.consulate, r.requested_on, r.status, r.reminders_sent, r.issued_on, r.created_at)
                for r in case.document_requests.all()
            ),
            sorted(
                (b.reference, b.status, b.departs_at, b.version, b.created_at, b.updated_at, len(b.segments.all()))
                for b in case.bookings.all()
            ),
            sorted((o.outcome, o.date, o.new_date, o.recorded_at) for o in case.departure_outcomes.all()),
            sorted((p.receipt_number, p.amount, p.paid_on, p.signed_off_at) for p in case.premium_payments.all()),
            sorted(
                (m.person.full_name, m.person.original_script_name, str(m.person.date_of_birth))
                for m in case.case_members.all()
            ),
            sorted((i.held_at, i.notes, i.next_appointment) for i in case.interviews.all()),
            sorted(n.body for n in case.notes.all()),
            sorted(
                (d.rule_version.programme.code, d.status, d.total, d.proposed_at, d.decided_at)
                for d in case.eligibility_decisions.all()
            ),
            sorted(
                (r.partner.code, r.status, r.reason, r.message, r.created_at, r.decided_at, r.completed_at)
                for r in case.referrals.all()
            ),
            sorted(
                (
                    p.version,
                    p.status,
                    p.summary,
                    p.ceiling,
                    p.drafted_at,
                    p.submitted_at,
                    p.decided_at,
                    sorted((ln.description, ln.amount, ln.currency) for ln in p.lines.all()),
                )
                for p in case.reintegration_plans.all()
            ),
            disbursements.get(case.pk, []),
            sorted(
                (
                    v.months,
                    v.due_on,
                    v.done_on,
                    v.findings,
                    v.recorded_at,
                    getattr(getattr(v, "survey", None), "answers", None),
                    getattr(getattr(v, "survey", None), "composite", None),
                )
                for v in case.monitoring_visits.all()
            ),
            sorted((m.body, m.created_at) for m in case.messages.all()),
            sorted((s.title, s.status, s.written_at, s.published_at) for s in case.stories.all()),
        )
        for case in cases
    ]


def is_partner_of(user, referral) -> bool:
    return user is not None and is_addressee(user, referral)


def check_reintegration(*, full: bool) -> None:
    """The reintegration workspace, made by its actions: referrals by the
    counsellor under a consent naming the partner, answered by the partner's
    caseworker; plans within the approved budget, approved by someone else
    than their drafter; purchases with a receipt; visits recorded with the
    survey's scores; messages, stories and registrations after the return."""
    midnight = dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=timezone.get_current_timezone())
    referrals = list(Referral.objects.select_related("case__counsellor", "consent", "partner", "decided_by"))
    statuses = Counter(r.status for r in referrals)
    assert set(statuses) >= ({"pending", "accepted", "declined", "completed"} if full else {"accepted", "completed"})
    if full:
        assert statuses["declined"] == 1 and 1 <= statuses["pending"] <= 10, statuses
    created = set(AuditEvent.objects.filter(action="referral.created").values_list("object_id", flat=True))
    for r in referrals:
        assert r.created_by_id is not None and r.created_at < midnight, r.pk
        retroactive = hasattr(r.case, "retroactive")
        if not retroactive:  # refer_case, by the counsellor
            assert str(r.pk) in created and r.created_by == r.case.counsellor, r.pk
        if r.status in {"accepted", "completed", "declined"}:
            assert is_partner_of(r.decided_by, r) and r.created_at <= r.decided_at < midnight, r.pk
        if r.status in {"accepted", "completed"}:
            # Shared under the principal's consent naming this partner.
            assert r.consent.purpose == "partner_sharing" and r.consent.state == "given", r.pk
            assert r.consent.partner_id == r.partner_id and r.consent.person_id == r.case.principal_id, r.pk
        if r.status == "declined":
            assert r.reason, r.pk
        if r.status == "completed":
            assert r.reason and r.decided_at < r.completed_at < midnight, r.pk
            assert r.case.status in {"closed", "other_exit"}, r.pk
        if r.status == "pending":
            assert r.case.status == "departed" and r.created_at > midnight - dt.timedelta(days=30), r.pk

    plans = list(Plan.objects.select_related("case__office", "referral__partner", "drafted_by", "decided_by"))
    assert {p.status for p in plans} == {"approved", "superseded"}
    assert AuditEvent.objects.filter(action="plan.returned").exists()
    for p in plans:
        total, missing = value_lines(p)
        ceiling = ceiling_for(p.case, p.referral.partner, valuation_date(p)).total
        assert not missing and total <= ceiling and total <= p.ceiling, p.pk
        assert is_partner_of(p.drafted_by, p.referral), p.pk
        assert p.decided_by != p.drafted_by and roles_for_office(p.decided_by, p.case.office) & APPROVE_PLAN, p.pk
        assert p.drafted_at < p.submitted_at < p.decided_at < midnight, p.pk
    currencies = set(BudgetLine.objects.values_list("currency", flat=True))
    assert "EUR" in currencies and (currencies & {"GNF", "GEL"} or not full), currencies  # at the partner's rates
    rates = ExchangeRate.objects.select_related("agency")
    assert {r.currency for r in rates} == {"GNF", "GEL"}
    assert all(r.agency.pk in partner_agency_ids(r.entered_by) and r.entered_at < midnight for r in rates)

    purchases = list(Disbursement.objects.select_related("plan__case", "line", "proof"))
    assert purchases
    late = 0
    for d in purchases:
        assert d.proof is not None and d.proof.content_type == "application/pdf", d.pk
        assert (Path(settings.ATTACHMENTS_ROOT) / d.proof.stored_name).read_bytes().startswith(b"%PDF"), d.pk
        assert d.recorded_at < midnight and d.proof.uploaded_at < midnight, d.pk
        late += bool(window_warning(arrival_date(d.plan.case), d.on, d.line.category if d.line else None))
    assert late == (1 if full else late), late

    visits = MonitoringVisit.objects.select_related("case", "recorded_by")
    assert visits.exists()
    done = [v for v in visits if v.done_on]
    assert done
    for v in done:
        survey = v.survey
        assert survey.weights is not None and None not in (survey.economic, survey.social, survey.psychosocial), v.pk
        assert survey.composite is not None and v.findings and v.recorded_at < midnight, v.pk
        # By the partner's caseworker (the referral withdrawn since, now and then, with the consent).
        taken = v.case.referrals.filter(status__in=["accepted", "completed", "withdrawn"], created_at__lt=midnight)
        assert any(is_partner_of(v.recorded_by, r) for r in taken), v.pk
    assert RssWeights.objects.filter(is_current=True).count() == 1

    authors = set(Message.objects.values_list("author__memberships__role", flat=True))
    assert {"counsellor", "partner_caseworker"} <= authors
    stories = Story.objects.select_related("consent")
    assert sorted(s.status for s in stories) == ["published", "submitted"]
    assert all(s.consent.purpose == "story" and s.consent.state == "given" for s in stories)
    pending = RetroactiveRegistration.objects.get(status="pending")
    assert pending.registered_by.username == "mamadou" and pending.case.office.code == "BXL"
    assert pending.created_at.date() == timezone.localdate() - dt.timedelta(days=2)
    assert pending.deadline > timezone.now()


def test_two_runs_on_empty_databases_give_the_same_data(db):
    """The second run finds the rules already loaded (manage.py load_rules
    first, as `make demo` does) and leaves them alone."""
    runs = []
    for rules_first in (False, True):
        with transaction.atomic():
            if rules_first:
                load_directory()
            versions = list(RuleVersion.objects.order_by("pk").values_list("pk", "label", "created_at"))
            output = load("--small")
            assert ("Loaded the eligibility rules" in output) is not rules_first
            if rules_first:
                assert list(RuleVersion.objects.order_by("pk").values_list("pk", "label", "created_at")) == versions
            runs.append(snapshot())
            transaction.set_rollback(True)
    assert not ReturnCase.objects.exists()
    assert runs[0] == runs[1]
    assert len(runs[0]) == 1 + 42  # the rates, the cases


def test_refuses_when_a_demo_username_is_taken_and_changes_nothing(db):
    get_user_model().objects.create_user(username="sofie", password="something-else")
    before = table_counts()
    with pytest.raises(CommandError, match="sofie"):
        load("--small")
    assert table_counts() == before
    assert not Transition.objects.exists()
