"""Demo vulnerability screenings, recorded through counselling's action so
that the flags on the people, the follow-up tasks and the audit trail are
the real ones; then back-dated to a few days after each case was opened.

The case's counsellor screens every member of a few open cases per sending
office: the age questions from the date of birth (as the form suggests),
and one situation per household from a fixed rotation (a medical condition,
a pregnancy, distress, a disability, or nothing to report). Two households
show the restricted questions: signs of trafficking in Brussels, violence
from a former husband in Marseille. One Brussels principal is screened
again a week later, answering "no" where a vulnerability stays recorded
(the page says it is kept). Follow-ups already due are done; the last case
of each office was screened this week, so its follow-ups are still open.

Call add_screenings(builder) after builder.build_cases(). Deterministic: no
randomness, cases taken in id order."""

import datetime as dt

from django.utils import timezone

from cases.lifecycle import Status
from cases.models import CaseMember, ReturnCase
from core.demo.history import update_times
from core.models import AuditEvent
from counselling.actions_screening import FOLLOW_UPS, record_screening
from counselling.forms_screening import ADULT_AGE, age_on, suggestions
from counselling.models import Screening
from people.models import Vulnerability
from tasks.models import Task

OPEN = [Status.COUNSELLING, Status.APPLICATION, Status.ELIGIBILITY, Status.TRAVEL_PREPARATION]
PER_OFFICE = {"BXL": 6, "GNT": 2, "ANT": 2, "MRS": 5, "LIL": 2}
FRENCH = {"MRS", "LIL", "LGE", "CRL", "BOB", "LYS"}

# One situation per household, in turn: (question, details in English, in French).
ROTATION = [
    (
        "medical",
        "Type 2 diabetes, on insulin; needs a supply for the first months.",
        "Diabète de type 2 sous insuline ; il faut prévoir le traitement des premiers mois.",
    ),
    (None, "", ""),
    (
        "mental_health",
        "Sleeps badly, nightmares about the journey; agrees to see a psychologist.",
        "Dort mal, cauchemars liés au voyage ; d'accord pour voir un psychologue.",
    ),
    (
        "pregnancy",
        "About 24 weeks pregnant; expected delivery in three months.",
        "Enceinte d'environ 24 semaines ; accouchement prévu dans trois mois.",
    ),
    (
        "disability",
        "Walks with crutches since a road accident; needs help at the airport.",
        "Marche avec des béquilles depuis un accident de la route ; aide nécessaire à l'aéroport.",
    ),
    (None, "", ""),
]
SENSITIVE = {
    "BXL": ("trafficking", "Recruiter kept her passport and says she still owes a debt. Spoke to us alone."),
    "MRS": ("gender_based_violence", "Violences de son ancien mari ; craint de retrouver sa famille au retour."),
}
ASKED_NO = ["medical", "pregnancy", "disability", "mental_health", "trafficking", "gender_based_violence"]


def _members(case) -> list:
    members = list(CaseMember.objects.filter(case=case).select_related("person").order_by("pk"))
    members.sort(key=lambda m: m.person_id != case.principal_id)
    return members


def _answers(person, members, day: dt.date, situation, details: str, *, principal: bool, sensitive=None) -> dict:
    adults = [m for m in members if m.person_id != person.pk and (a := age_on(m.person, day)) and a[0] >= ADULT_AGE]
    found = {q: (a, "") for q, (a, _why) in suggestions(person, day, adult_on_case=bool(adults)).items() if a}
    ages = age_on(person, day)
    adult = ages is not None and ages[0] >= ADULT_AGE
    for question in ASKED_NO:
        if question == "pregnancy" and person.sex != "female":
            continue
        if question in ("trafficking", "gender_based_violence") and not adult:
            continue  # asked of adults, in private
        found.setdefault(question, ("no", ""))
    if principal and situation and (situation != "pregnancy" or (person.sex == "female" and adult)):
        found[situation] = ("yes", details)
    if principal and sensitive:
        found[sensitive[0]] = ("yes", sensitive[1])
    return found


def _screen(case, person, at: dt.datetime, today: dt.date, **kwargs) -> Screening:
    """Record the screening, then put it, what it recorded and its audit
    events at `at`; its tasks due from that day, and done when already due."""
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    screening = record_screening(case, person, by=case.counsellor, screened_at=at, **kwargs)
    update_times(Screening, {screening.pk: at}, ("recorded_at",))
    vulnerabilities = [v.pk for v in screening.new_vulnerabilities]
    if vulnerabilities:
        update_times(Vulnerability, dict.fromkeys(vulnerabilities, at))
    events = AuditEvent.objects.filter(pk__gt=last_event).values_list("pk", flat=True)
    update_times(AuditEvent, dict.fromkeys(events, at))
    task_ids = [t.pk for t in screening.new_tasks]
    if task_ids:
        update_times(Task, dict.fromkeys(task_ids, at))
    for task in screening.new_tasks:
        question = task.kind.removeprefix("screening_")
        due = at.date() + dt.timedelta(days=FOLLOW_UPS[question].due_in_days)
        done = at + dt.timedelta(days=max(1, FOLLOW_UPS[question].due_in_days - 1)) if due < today else None
        Task.objects.filter(pk=task.pk).update(due=due, done_at=done, done_by=task.assignee if done else None)
    return screening


def add_screenings(builder) -> int:
    now = timezone.now()
    today = timezone.localdate()
    turn = made = 0
    rescreen = None
    for office, count in PER_OFFICE.items():
        cases = (
            ReturnCase.objects.filter(office__code=office, status__in=OPEN, counsellor__isnull=False)
            .select_related("office", "counsellor", "principal")
            .order_by("pk")[:count]
        )
        sensitive = SENSITIVE.get(office)
        for n, case in enumerate(cases):
            situation, english, french = ROTATION[turn % len(ROTATION)]
            turn += 1
            details = french if office in FRENCH else english
            at = min(case.opened_at + dt.timedelta(days=3, hours=2), now - dt.timedelta(days=1))
            if n == len(cases) - 1:
                at = max(case.opened_at + dt.timedelta(hours=2), now - dt.timedelta(days=2))  # this week: tasks open
            members = _members(case)
            ages = age_on(case.principal, at.date())
            restricted = None
            if sensitive and case.principal.sex == "female" and ages and ages[0] >= ADULT_AGE:
                restricted, sensitive = sensitive, None
            for m in members:
                principal = m.person_id == case.principal_id
                answers = _answers(
                    m.person, members, at.date(), situation, details, principal=principal, sensitive=restricted
                )
                _screen(case, m.person, at, today, answers=answers)
                made += 1
                if office == "BXL" and situation == "medical" and rescreen is None and principal:
                    rescreen = (case, m.person, at)
    if rescreen is not None:
        case, person, first = rescreen
        at = min(first + dt.timedelta(days=7), now - dt.timedelta(hours=3))
        answers = {q: ("no", "") for q in ASKED_NO if q != "pregnancy" or person.sex == "female"}
        answers["medical"] = ("no", "Seen by the doctor: fit to travel, with the insulin in the hand luggage.")
        _screen(case, person, at, today, answers=answers, notes="Screened again after the doctor's visit.")
        made += 1
    return made
