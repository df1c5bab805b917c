"""The vulnerability screening of a case: every member with their latest
screening, its follow-ups and the earlier ones; and the form to screen one
member. Only for the counsellors and team leaders of the case's office
(counselling.access_screening)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import CaseMember
from core.errors import DomainError
from counselling.access_screening import can_print_sheet, can_screen, get_case_for_screening
from counselling.actions_screening import follow_up_advice, record_screening
from counselling.forms_screening import ADULT_AGE, ScreeningForm, age_on, suggestions
from counselling.models import Screening, ScreeningAnswer, ScreeningAnswerValue, ScreeningQuestion
from people.models import Vulnerability, VulnerabilityKind
from people.views import _apply_errors

YES = ScreeningAnswerValue.YES


def case_links(user, case) -> list[tuple[str, str]]:
    """(url, label) of this module's pages the user may open from the case
    page: the screening and the information sheet."""
    links = []
    if can_screen(user, case):
        links.append((reverse("screening", args=[case.pk]), _("Vulnerability screening")))
    if can_print_sheet(user, case):
        links.append((reverse("sheet", args=[case.pk]), _("Information sheet for the person")))
    return links


def _members(case):
    members = list(CaseMember.objects.filter(case=case).select_related("person").order_by("pk"))
    members.sort(key=lambda m: m.person_id != case.principal_id)
    return members


def _annotate_answers(screening, recorded_kinds: set[str], country: str) -> None:
    for a in screening.ordered_answers:
        a.kept = a.answer != YES and a.question in recorded_kinds
        a.advice = follow_up_advice(a.question, country) if a.answer == YES else []


@login_required
def screening_page(request, pk):
    case = get_case_for_screening(request.user, pk)
    members = _members(case)
    people_ids = [m.person_id for m in members]
    order = {code: i for i, code in enumerate(ScreeningQuestion.values)}
    screenings = (
        Screening.objects.filter(case=case, person__in=people_ids)
        .select_related("screened_by")
        .prefetch_related(
            Prefetch("answers", queryset=ScreeningAnswer.objects.select_related("task", "task__assignee"))
        )
    )
    by_person: dict[int, list[Screening]] = {}
    for s in screenings:
        s.ordered_answers = sorted(s.answers.all(), key=lambda a: order.get(a.question, 99))
        by_person.setdefault(s.person_id, []).append(s)
    vulnerabilities: dict[int, list[Vulnerability]] = {}
    for v in Vulnerability.objects.filter(person__in=people_ids).order_by("pk"):
        vulnerabilities.setdefault(v.person_id, []).append(v)
    country = case.office.country.code
    today = timezone.localdate()
    for m in members:
        m.screenings = by_person.get(m.person_id, [])
        m.latest = m.screenings[0] if m.screenings else None
        m.earlier = m.screenings[1:]
        m.vulnerabilities = vulnerabilities.get(m.person_id, [])
        kinds = {v.kind for v in m.vulnerabilities}
        for s in m.screenings:
            _annotate_answers(s, kinds, country)
        # Vulnerabilities the screen does not ask about (single parent), or
        # recorded before any screening, listed as they are.
        asked = set(ScreeningQuestion.values)
        m.other_vulnerabilities = [v for v in m.vulnerabilities if v.kind not in asked]
        m.age = age_on(m.person, today)
    return render(
        request,
        "counselling/screening.html",
        {
            "case": case,
            "members": members,
            "may_record": case.is_open,
            "vulnerability_labels": dict(VulnerabilityKind.choices),
        },
    )


@login_required
def screening_new(request, pk, person_pk):
    case = get_case_for_screening(request.user, pk)
    members = _members(case)
    member = next((m for m in members if m.person_id == person_pk), None)
    if member is None:
        raise Http404
    if not case.is_open:
        messages.error(request, _("This case is closed: a screening can no longer be recorded."))
        return redirect("screening", pk=case.pk)
    person = member.person
    today = timezone.localdate()
    adult_on_case = any(
        (ages := age_on(m.person, today)) is not None and ages[0] >= ADULT_AGE
        for m in members
        if m.person_id != person.pk
    )
    suggested = suggestions(person, today, adult_on_case=adult_on_case)
    form = ScreeningForm(
        request.POST or None,
        suggested=suggested,
        initial={"screened_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = record_screening(
                case,
                person,
                by=request.user,
                answers=form.answers(),
                screened_at=form.cleaned_data["screened_at"],
                notes=form.cleaned_data["notes"],
            )
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _summary(screening))
            return redirect(reverse("screening", args=[case.pk]) + f"#person-{person.pk}")
    previous = Screening.objects.filter(case=case, person=person).select_related("screened_by").first()
    return render(
        request,
        "counselling/screening_form.html",
        {"case": case, "member": member, "person": person, "form": form, "previous": previous},
    )


def _summary(screening) -> str:
    labels = dict(ScreeningQuestion.choices)
    parts = [_("The screening is recorded.")]
    if screening.new_vulnerabilities:
        names = ", ".join(str(labels.get(v.kind, v.kind)) for v in screening.new_vulnerabilities)
        parts.append(_("Vulnerabilities recorded on the person: %(names)s.") % {"names": names})
    if screening.new_tasks:
        parts.append(_("Follow-up tasks created: %(n)d.") % {"n": len(screening.new_tasks)})
    if screening.kept:
        names = ", ".join(str(labels[q]) for q in screening.kept)
        parts.append(
            _(
                "Recorded earlier and kept, although this screening did not answer yes: %(names)s. "
                "Correct the person's record if it was wrong."
            )
            % {"names": names}
        )
    return " ".join(parts)
