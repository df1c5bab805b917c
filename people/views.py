from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.access import SEE_ASYLUM_FILE, visible_cases
from core import audit
from core.errors import DomainError
from people import actions, views_duplicates
from people.access import EDIT_PERSON, get_person_for_user, shown_vulnerabilities
from people.forms import AliasForm, DocumentForm, HouseholdMemberForm, PersonForm, VulnerabilityForm, offices_for
from people.models import Household
from people.views_match import hold_for_duplicates, overridden_matches, record_override
from reintegration.access_referrals import partner_only
from reintegration.views_referrals import partner_person_context


def _apply_errors(form, exc) -> None:
    """Show an action's refusal on the form, on the field it names."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        field = getattr(exc, "field", None)
        form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))


@login_required
def person_create(request):
    offices = offices_for(request.user)
    if not offices:
        raise PermissionDenied
    form = PersonForm(request.POST or None, offices=offices, initial={"office": offices[0].pk})
    if request.method == "POST" and form.is_valid():
        if held := hold_for_duplicates(request, form, "people/person_form.html", {"nav": "register"}):
            return held
        overridden = overridden_matches(request, form)
        try:
            with transaction.atomic():
                person = actions.register_person(
                    by=request.user, office=form.cleaned_data["office"], aliases=form.aliases(), **form.person_fields()
                )
                record_override(request.user, person, overridden)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            return redirect("person-detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "nav": "register"})


@login_required
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    if person.merged_into_id:
        return views_duplicates.merged_person_redirect(request, person)
    audit.record_access(request.user, "person.viewed", person, person_id=person.pk)
    cases = visible_cases(request.user).filter(case_members__person=person).select_related("office")
    if partner_only(person.user_roles):
        # A partner caseworker sees what reintegration needs, nothing more.
        return render(request, "reintegration/partner_person.html", partner_person_context(person, cases))
    household = Household.objects.filter(principal=person).first()
    vulnerabilities, protection_held_back = shown_vulnerabilities(person, person.user_roles)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "vulnerabilities": vulnerabilities,
            "protection_held_back": protection_held_back,
            "cases": cases,
            "household_members": household.members.select_related("person") if household else [],
            "can_edit": bool(person.user_roles & EDIT_PERSON),
            "sees_files": bool(person.user_roles & SEE_ASYLUM_FILE),
            **views_duplicates.person_duplicate_context(request.user, person),
        },
    )


@login_required
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    initial = {f: getattr(person, f) for f in actions.PERSON_FIELDS}
    initial.update(
        nationality=person.nationality.code,
        country_of_birth=person.country_of_birth.code,
        date_of_birth=person.dob_display if person.date_of_birth else "",
        languages=list(person.languages.values_list("language", flat=True)),
    )
    if person.date_of_birth and person.dob_precision == "full":
        initial["date_of_birth"] = person.date_of_birth.isoformat()
    elif person.date_of_birth and person.dob_precision == "year_month":
        initial["date_of_birth"] = person.date_of_birth.strftime("%Y-%m")
    form = PersonForm(request.POST or None, initial=initial)
    del form.fields["other_names"]  # other names are added one by one, with their kind
    version = request.POST.get("version", person.version)
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        languages = fields.pop("languages")
        try:
            actions.update_person(person, by=request.user, expected_version=int(version), languages=languages, **fields)
        except (DomainError, ValidationError, ValueError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The record is updated."))
            return redirect("person-detail", pk=person.pk)
    return render(
        request,
        "people/person_add.html",
        {
            "person": person,
            "form": form,
            "title": _("Change the person's details"),
            "version": version,
        },
    )


ADD_FORMS = {
    "document": (DocumentForm, actions.add_document, _("Add an identity or travel document")),
    "alias": (AliasForm, actions.add_alias, _("Add another name")),
    "vulnerability": (VulnerabilityForm, actions.add_vulnerability, _("Record a vulnerability")),
}


@login_required
def person_add(request, pk, what):
    if what not in ADD_FORMS:
        raise Http404
    person = get_person_for_user(request.user, pk, write=True)
    form_class, action, title = ADD_FORMS[what]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(person, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("person-detail", pk=person.pk)
    return render(request, "people/person_add.html", {"person": person, "form": form, "title": title})


@login_required
def household_member_add(request, pk):
    principal = get_person_for_user(request.user, pk, write=True)
    form = HouseholdMemberForm(request.POST or None, initial={"nationality": principal.nationality.code})
    if request.method == "POST" and form.is_valid():
        context = {"person": principal, "title": _("Add a household member")}
        if held := hold_for_duplicates(request, form, "people/person_add.html", context):
            return held
        overridden = overridden_matches(request, form)
        data = form.person_fields()
        relation = data.pop("relation")
        try:
            with transaction.atomic():  # both or neither
                member = actions.register_person(
                    by=request.user, office=principal.registered_by_office, aliases=form.aliases(), **data
                )
                actions.add_household_member(principal, member, by=request.user, relation=relation)
                record_override(request.user, member, overridden)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is added to the household.") % {"name": member.full_name})
            return redirect("person-detail", pk=principal.pk)
    return render(
        request,
        "people/person_add.html",
        {
            "person": principal,
            "form": form,
            "title": _("Add a household member"),
        },
    )
