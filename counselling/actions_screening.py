"""Recording a vulnerability screening: one transaction for the screening,
its answers, the vulnerabilities a "yes" records on the person, the follow-up
tasks and the audit event.

Decisions, as implemented:
- History: a screening is never edited; a new one is a new row, and the page
  shows every earlier one with who screened and when.
- A "yes" records the vulnerability on the person (people.actions
  .add_vulnerability) unless one of that kind is already recorded; the answer
  then points at the existing one.
- A later "no" (or "not asked") never removes a recorded vulnerability: the
  model (people.Vulnerability) has no "resolved" state and people/ has no
  action to end one, so the flag stays and the screening page says so next
  to the answer ("recorded earlier, kept"), for the counsellor to correct the
  record by hand if it was wrong. Nothing is deleted silently.
- Follow-up tasks: each "yes" with a follow-up makes a task on the case, for
  the case's counsellor (when they work at its office; else the office's),
  due a few days after today in the office's time zone; not again while the
  task from an earlier screening of the same person and question is open.
- Trafficking and gender-based violence: their tasks have a neutral title
  (the office's task lists are read by travel officers and analysts too);
  what to do, with the specialised centres, is on the screening page only.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseMember
from core import audit
from core.errors import DomainError
from counselling.models import (
    SENSITIVE_QUESTIONS,
    Screening,
    ScreeningAnswer,
    ScreeningAnswerValue,
    ScreeningQuestion,
)
from people import actions as people_actions
from people.models import Person, Vulnerability
from tasks.actions import assignable_staff, create_task, office_today
from tasks.models import Task

Q = ScreeningQuestion
YES, NO, NOT_ASKED = ScreeningAnswerValue.YES, ScreeningAnswerValue.NO, ScreeningAnswerValue.NOT_ASKED
DETAILS_MAX = 2000
# Task.kind of the follow-up tasks: "screening_<question>".
TASK_KIND_PREFIX = "screening_"


@dataclass(frozen=True)
class FollowUp:
    title: Promise
    due_in_days: int
    # What to do, shown on the screening page (and, for questions that are
    # not sensitive, in the task's details).
    advice: Promise
    # Specialised services, by the ISO code of the office's country.
    services: dict | None = None


PROTECTION_TITLE = gettext_lazy("Protection follow-up from the vulnerability screening (see the screening page)")

FOLLOW_UPS: dict[str, FollowUp] = {
    Q.UNACCOMPANIED_MINOR: FollowUp(
        gettext_lazy("Guardian and best-interests assessment before any return step"),
        3,
        gettext_lazy(
            "Check that a guardian is appointed and involved, and that a best-interests assessment and family "
            "tracing are done before any step towards return."
        ),
    ),
    Q.MEDICAL: FollowUp(
        gettext_lazy("Medical certificate and fit-to-travel check"),
        14,
        gettext_lazy(
            "Ask for a medical certificate and a fit-to-travel check; check that treatment and medicines are "
            "available in the country of return (a question to the country can help)."
        ),
    ),
    Q.PREGNANCY: FollowUp(
        gettext_lazy("Fit-to-travel certificate for the pregnancy"),
        7,
        gettext_lazy(
            "Ask for a doctor's fit-to-travel certificate with the expected date of delivery: airlines limit "
            "travel late in pregnancy. Plan antenatal care after arrival."
        ),
    ),
    Q.ELDERLY: FollowUp(
        gettext_lazy("Assistance for the journey and care on arrival"),
        14,
        gettext_lazy(
            "Check the assistance needed for the journey (wheelchair, escort) and who cares for the person on arrival."
        ),
    ),
    Q.DISABILITY: FollowUp(
        gettext_lazy("Assistance for the journey and reintegration (disability)"),
        14,
        gettext_lazy(
            "Check the assistance needed for the journey (mobility, devices, escort) and what reintegration must "
            "plan for."
        ),
    ),
    Q.MENTAL_HEALTH: FollowUp(
        gettext_lazy("Psychological support and continuity of care"),
        7,
        gettext_lazy(
            "Offer psychological support now, and check continuity of care and medicines in the country of return."
        ),
    ),
    Q.TRAFFICKING: FollowUp(
        PROTECTION_TITLE,
        2,
        gettext_lazy(
            "With the person's agreement, refer them to a specialised centre for victims of trafficking, and "
            "assess the risk of re-trafficking before any return step."
        ),
        {
            "BE": gettext_lazy("In Belgium: Payoke (Antwerp), Pag-Asa (Brussels) or Sürya (Liège)."),
            "FR": gettext_lazy("In France: the national Ac.Sé scheme for the protection of victims of trafficking."),
        },
    ),
    Q.GBV: FollowUp(
        PROTECTION_TITLE,
        3,
        gettext_lazy(
            "With the person's agreement, offer specialised support (medical, psychological, legal) and check "
            "their safety on return."
        ),
        {
            "BE": gettext_lazy("In Belgium: a Sexual Assault Care Centre (CPVS / ZSG)."),
            "FR": gettext_lazy("In France: 3919 (Violences Femmes Info) or a France Victimes association."),
        },
    ),
}


def follow_up_advice(question: str, country_code: str) -> list[str]:
    """What to do after a "yes", in the reader's language: the advice, then
    the specialised services of the office's country, if known."""
    follow = FOLLOW_UPS.get(question)
    if follow is None:
        return []
    lines = [str(follow.advice)]
    if follow.services and country_code in follow.services:
        lines.append(str(follow.services[country_code]))
    return lines


def case_people(case) -> list[Person]:
    """The case's members, the principal first."""
    members = CaseMember.objects.filter(case=case).select_related("person").order_by("pk")
    people = [m.person for m in members]
    people.sort(key=lambda p: p.pk != case.principal_id)
    return people


def _clean_answers(answers: dict) -> dict[str, tuple[str, str]]:
    """{question: (answer, details)} for every question; a question left out
    is "not asked". Raises DomainError naming the field at fault."""
    unknown = sorted(set(answers) - set(Q.values))
    if unknown:
        raise DomainError(_("Unknown questions: %(names)s.") % {"names": ", ".join(unknown)}, field="answers")
    cleaned = {}
    for question in Q.values:
        answer, details = answers.get(question, (NOT_ASKED, ""))
        if answer not in ScreeningAnswerValue.values:
            raise DomainError(_("Choose yes, no or not asked."), field=f"answer_{question}")
        details = (details or "").strip()
        if len(details) > DETAILS_MAX:
            raise DomainError(
                _("Keep the details under %(max)d characters.") % {"max": DETAILS_MAX}, field=f"details_{question}"
            )
        cleaned[question] = (answer, details)
    return cleaned


def _open_follow_up(case, person, question: str) -> Task | None:
    """The open task an earlier screening of this person made for this question."""
    earlier = (
        ScreeningAnswer.objects.filter(
            screening__case=case, screening__person=person, question=question, task__done_at__isnull=True
        )
        .exclude(task=None)
        .select_related("task")
        .first()
    )
    return earlier.task if earlier else None


def _make_task(case, person, question: str, *, by) -> Task:
    follow = FOLLOW_UPS[question]
    office = case.office
    counsellor = case.counsellor
    assignee = counsellor if counsellor and assignable_staff(office).filter(pk=counsellor.pk).exists() else None
    if question in SENSITIVE_QUESTIONS:
        details = _("For %(name)s. What to do is on the case's screening page.") % {"name": person.full_name}
    else:
        details = "\n".join([_("For %(name)s.") % {"name": person.full_name}, str(follow.advice)])
    task = create_task(
        by=by,
        office=office,
        case=case,
        assignee=assignee,
        title=str(follow.title),
        due=office_today(office) + datetime.timedelta(days=follow.due_in_days),
        details=details,
    )
    # An automatic task of the screening, not one typed by hand.
    Task.objects.filter(pk=task.pk).update(kind=f"{TASK_KIND_PREFIX}{question}")
    task.kind = f"{TASK_KIND_PREFIX}{question}"
    return task


@transaction.atomic
def record_screening(
    case, person, *, by, answers: dict, screened_at: datetime.datetime | None = None, notes: str = ""
) -> Screening:
    """Record a screening of `person`, a member of `case`. `answers` maps
    question codes to (answer, details). The returned screening carries what
    it changed: `new_vulnerabilities`, `new_tasks`, and `kept` (questions
    answered no or not asked whose vulnerability stays recorded)."""
    if not case.is_open:
        raise DomainError(_("This case is closed: a screening can no longer be recorded."))
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise DomainError(_("This person is not a member of the case."), field="person")
    cleaned = _clean_answers(answers)
    now = timezone.now()
    screened_at = screened_at or now
    if screened_at > now + datetime.timedelta(minutes=5):
        raise DomainError(_("A screening cannot be recorded before it has taken place."), field="screened_at")
    # Two screenings of one person at once queue up here, so that a
    # vulnerability is never recorded twice.
    person = Person.objects.select_for_update().get(pk=person.pk)
    recorded = {}
    for v in Vulnerability.objects.filter(person=person).order_by("pk"):
        recorded.setdefault(v.kind, v)

    screening = Screening.objects.create(
        case=case, person=person, screened_at=screened_at, screened_by=by, notes=(notes or "").strip()
    )
    new_vulnerabilities, new_tasks, kept = [], [], []
    for question, (answer, details) in cleaned.items():
        row = ScreeningAnswer(screening=screening, question=question, answer=answer, details=details)
        if answer == YES:
            vulnerability = recorded.get(question)
            if vulnerability is None:
                vulnerability = people_actions.add_vulnerability(person, by=by, kind=question, details=details)
                recorded[question] = vulnerability
                new_vulnerabilities.append(vulnerability)
            row.vulnerability = vulnerability
            if question in FOLLOW_UPS and _open_follow_up(case, person, question) is None:
                row.task = _make_task(case, person, question, by=by)
                new_tasks.append(row.task)
        elif question in recorded:
            kept.append(question)
        row.save()

    audit.record(
        by,
        "screening.recorded",
        screening,
        case_id=case.pk,
        person_id=person.pk,
        changes={
            "screened_at": [None, screened_at],
            # The answers, never their details (free text about health and violence).
            **{f"answer_{q}": [None, a] for q, (a, _details) in cleaned.items()},
            "vulnerabilities_added": [None, [v.kind for v in new_vulnerabilities]],
            "tasks_created": [None, [t.pk for t in new_tasks]],
        },
    )
    screening.new_vulnerabilities = new_vulnerabilities
    screening.new_tasks = new_tasks
    screening.kept = kept
    return screening
