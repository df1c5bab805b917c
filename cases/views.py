from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from cases import actions
from cases.access import (
    ADD_NOTE,
    EDIT_CASE,
    READ_AUDIT,
    RECORD_CONSENT,
    RECORD_INTERVIEW,
    SEE_ASYLUM_FILE,
    UPLOAD,
    can,
    get_case_for_user,
    require,
    visible_cases,
    visible_notes,
)
from cases.forms import CaseForm, CaseMemberForm, CaseSearchForm, ConsentForm, NoteForm, TransitionForm
from cases.search import filter_cases
from cases.timeline import build_timeline
from core.errors import DomainError
from counselling.views_screening import case_links
from eligibility.access import SEE_ELIGIBILITY
from eligibility.case_packages import case_panel
from organisations.access import acting_office, memberships_of, roles_for_office
from organisations.models import Agency, AgencyKind, Office, Role
from people.access import get_person_for_user
from people.models import Household
from people.views import _apply_errors
from reintegration.access_referrals import partner_only
from reintegration.views_referrals import case_panel as referral_panel
from reintegration.views_referrals import partner_timeline
from tasks.access import ASSIGNABLE, visible_tasks
from travel.views_case import case_page_summary

PAGE_SIZE = 25


def _list_filter_choices(user):
    """Offices and counsellors the user can filter on: those of their scope."""
    office_ids = set()
    for m in memberships_of(user):
        if m.role in {Role.AGENCY_ADMIN, Role.ANALYST}:
            office_ids |= set(Office.objects.filter(agency=m.office.agency_id).values_list("pk", flat=True))
        elif m.role != Role.PARTNER_CASEWORKER:
            office_ids.add(m.office_id)
    offices = list(Office.objects.filter(pk__in=office_ids).order_by("name"))
    counsellors = list(
        get_user_model()
        .objects.filter(memberships__office__in=office_ids, memberships__role=Role.COUNSELLOR)
        .distinct()
        .order_by("first_name", "username")
    )
    return offices, counsellors


@login_required
def case_list(request):
    offices, counsellors = _list_filter_choices(request.user)
    form = CaseSearchForm(request.GET or None)
    country_list = [("", _("Any"))] + list(countries)
    form.fields["office"].choices = [("", _("Any"))] + [(o.pk, o.name) for o in offices]
    form.fields["counsellor"].choices = [("", _("Any"))] + [
        (u.pk, u.get_full_name() or u.username) for u in counsellors
    ]
    form.fields["nationality"].choices = country_list
    form.fields["country_of_return"].choices = country_list
    cases = (
        filter_cases(visible_cases(request.user), request.GET, user=request.user)
        .select_related("office", "principal", "counsellor")
        .order_by("-opened_at", "-pk")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "nav": "cases",
        },
    )


def _case_offices(user):
    seen = {}
    for m in memberships_of(user):
        if roles_for_office(user, m.office) & EDIT_CASE:
            seen[m.office.pk] = m.office
    return sorted(seen.values(), key=lambda o: o.name)


@login_required
def case_create(request, person_pk):
    person = get_person_for_user(request.user, person_pk, write=True)
    offices = _case_offices(request.user)
    if not offices:
        raise PermissionDenied
    _offices, counsellors = _list_filter_choices(request.user)
    household = Household.objects.filter(principal=person).first()
    members = list(household.members.select_related("person")) if household else []
    initial = {
        "office": offices[0].pk,
        "country_of_return": person.nationality.code,
        "counsellor": request.user.pk if any(u.pk == request.user.pk for u in counsellors) else "",
    }
    form = CaseForm(request.POST or None, offices=offices, counsellors=counsellors, household=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.open_case(
                by=request.user,
                office=form.cleaned_data["office"],
                principal=person,
                members=form.members(),
                **form.case_fields(),
            )
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s is open.") % {"number": case.number})
            return redirect("case-detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "person": person})


@login_required
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    sees_file = can(case, SEE_ASYLUM_FILE)
    notes = list(visible_notes(request.user, case))
    members = list(case.case_members.select_related("person").prefetch_related("person__documents"))
    partner = partner_only(case.user_roles)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "members": members,
            "travel": case_page_summary(case, members),
            "sees_file": sees_file,
            # A partner's timeline holds their organisation's notes only.
            "timeline": partner_timeline(notes)
            if partner
            else build_timeline(case, notes=notes, with_interviews=sees_file),
            "reintegration": referral_panel(request.user, case, members),
            "moves": actions.moves_for(request.user, case) if not case.user_roles <= {Role.ANALYST} else [],
            "can_edit": can(case, EDIT_CASE),
            "can_interview": can(case, RECORD_INTERVIEW),
            "can_consent": can(case, RECORD_CONSENT),
            "can_note": can(case, ADD_NOTE),
            "can_upload": can(case, UPLOAD),
            "can_audit": can(case, READ_AUDIT),
            "eligibility": case_panel(case) if can(case, SEE_ELIGIBILITY) else None,
            "attachments": case.attachments.select_related("uploaded_by") if sees_file else [],
            "note_form": NoteForm(),
            "tasks": visible_tasks(request.user).filter(case=case, done_at__isnull=True).select_related("assignee"),
            "can_add_task": can(case, ASSIGNABLE),
            "counselling_links": case_links(request.user, case),
            "upcoming": case.interviews.filter(next_appointment__gte=timezone.now())
            .order_by("next_appointment")
            .first()
            if sees_file
            else None,
        },
    )


@login_required
@require_POST
def case_transition(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid next step."))
        return redirect("case-detail", pk=case.pk)
    try:
        case = actions.transition(
            case, form.cleaned_data["to_status"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The case is now “%(status)s”.") % {"status": case.get_status_display()})
    return redirect("case-detail", pk=case.pk)


@login_required
def consent_create(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, RECORD_CONSENT)
    members = list(case.case_members.select_related("person"))
    partners = Agency.objects.filter(
        Q(kind__in=[AgencyKind.PARTNER, AgencyKind.NGO]) | Q(offices__country=case.country_of_return)
    ).distinct()
    form = ConsentForm(
        request.POST or None,
        members=members,
        partners=list(partners),
        initial={"language": case.office.default_language, "person": case.principal_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consent(case, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("case-detail", pk=case.pk)
    return render(request, "cases/case_subform.html", {"case": case, "form": form, "title": _("Record a consent")})


@login_required
@require_POST
def note_create(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, ADD_NOTE)
    form = NoteForm(request.POST)
    office = acting_office(request.user, case.office)
    if form.is_valid():
        try:
            actions.add_note(case, by=request.user, office=office, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("case-detail", pk=case.pk)
    else:
        messages.error(request, _("Write something in the note."))
    return redirect("case-detail", pk=case.pk)


@login_required
def case_edit(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, EDIT_CASE)
    _offices, counsellors = _list_filter_choices(request.user)
    initial = {f: getattr(case, f) for f in actions.CASE_FIELDS}
    initial["country_of_return"] = case.country_of_return.code
    initial["counsellor"] = case.counsellor_id or ""
    form = CaseForm(request.POST or None, counsellors=counsellors, initial=initial)
    version = request.POST.get("version", case.version)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(case, by=request.user, expected_version=int(version), **form.case_fields())
        except (DomainError, ValidationError, ValueError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The case is updated."))
            return redirect("case-detail", pk=case.pk)
    return render(
        request,
        "cases/case_subform.html",
        {
            "case": case,
            "form": form,
            "title": _("Change the case details"),
            "version": version,
        },
    )


@login_required
def case_member_add(request, pk):
    """Put on the case a household member of the principal who is not on it yet."""
    case = get_case_for_user(request.user, pk, write=True)
    require(case, EDIT_CASE)
    household = Household.objects.filter(principal=case.principal).first()
    on_case = set(case.case_members.values_list("person_id", flat=True))
    candidates = [
        m for m in (household.members.select_related("person") if household else []) if m.person_id not in on_case
    ]
    form = CaseMemberForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        try:
            actions.add_member(case, member.person, by=request.user, relation=member.relation)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is now on the case.") % {"name": member.person.full_name})
            return redirect("case-detail", pk=case.pk)
    return render(
        request,
        "cases/case_subform.html",
        {
            "case": case,
            "form": form,
            "title": _("Add a household member to the case"),
            "empty_hint": None
            if candidates
            else _(
                "Every household member is already on this case. Add a new "
                "member to the household from the person's page first."
            ),
        },
    )
