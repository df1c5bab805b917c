"""The candidate panel of the registration forms (a new person, a household
member): the records already known that look like the person being typed,
as the counsellor types, and the warning before a duplicate is created.

- With JavaScript, htmx posts the form here as the counsellor types (after a
  pause) and swaps the panel beside the form.
- Without it, the form's "Check for existing records" button posts here too,
  and the same page comes back with what was typed and the panel filled.
- On the final POST of the form, `hold_for_duplicates` shows the form again
  with the candidates instead of registering, while a record that looks
  like the same person exists and the counsellor has not ticked "I checked:
  this is a different person".

Only people who register people may ask (people.matching_present.may_match);
what they see of each candidate is decided in people.matching_present.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from core import audit
from people.matching_present import POSSIBLE_SCORE, STRONG_SCORE, may_match, present, present_likely_aid
from people.models import DobPrecision, Sex

# How many candidates the panel shows.
PANEL_LIMIT = 8
# From this score on, registering needs the "different person" tick: the
# bands of people.matching_present from "possibly the same person" up. A
# chance of one in three is worth a check before a second record. Measured
# on the bench's registries after a scan (bench/matching/results.md): among
# 20,000 people the hold fires for 96 % of those already known and 2 % of
# newcomers; among a million, 71 % and none of 100 (from 60 at the fixed
# prior it was 95 %/2 % and 95 %/41 %).
HOLD_SCORE = POSSIBLE_SCORE
# The tick, rendered in the panel and submitted with the registration form.
CONFIRM_FIELD = "different_person"
# The fields of the registration forms the query is made of.
QUERY_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "original_script_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "nationality",
    "document_number",
    "phone",
)

_DATE_START = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def lenient_dob(text: str, precision: str) -> tuple[datetime.date | None, str]:
    """What can be read of a date of birth being typed: "1990-05-1" (not yet
    a date) is still the year and month 1990-05. Never an error: the form
    itself says what is wrong when it is sent."""
    if precision == DobPrecision.UNKNOWN:
        return None, DobPrecision.UNKNOWN
    match = _DATE_START.match(text or "")
    if not match:
        return None, DobPrecision.UNKNOWN
    year, month, day = (int(g) if g else None for g in match.groups())
    if not 1900 <= year <= timezone.localdate().year:
        return None, DobPrecision.UNKNOWN
    wanted = {DobPrecision.YEAR: 1, DobPrecision.YEAR_MONTH: 2}.get(precision, 3)
    parts = [p for p in (year, month, day) if p is not None][:wanted]
    for n in range(len(parts), 0, -1):
        try:
            value = datetime.date(parts[0], parts[1] if n > 1 else 1, parts[2] if n > 2 else 1)
        except (ValueError, IndexError):
            continue
        if value <= timezone.localdate():
            return value, {1: DobPrecision.YEAR, 2: DobPrecision.YEAR_MONTH, 3: DobPrecision.FULL}[n]
    return None, DobPrecision.UNKNOWN


def enough_typed(fields: dict) -> bool:
    """A given name and a family name (two letters each), or a document
    number: less would list half the registry (and a phone number alone is
    shared by families: the core does not count it enough on its own)."""
    names = _letters(fields.get("given_name", "")) >= 2 and _letters(fields.get("family_name", "")) >= 2
    document = sum(ch.isalnum() for ch in fields.get("document_number", "")) >= 5
    return names or document


def typed_fields(data) -> dict:
    """The query's fields from a form being typed (request.POST), cleaned
    leniently: a half-typed date or an unknown country is left out."""
    text = {name: str(data.get(name, "") or "").strip()[:1000] for name in QUERY_FIELDS}
    dob, precision = lenient_dob(text["date_of_birth"], text["dob_precision"] or DobPrecision.FULL)
    nationality = text["nationality"].upper()
    # The name in the original script counts as one more name: the core
    # transliterates any script.
    other = ", ".join(n for n in (text["other_names"], text["original_script_name"]) if n)
    return {
        "given_name": text["given_name"],
        "family_name": text["family_name"],
        "other_names": other,
        "date_of_birth": dob,
        "dob_precision": precision,
        "sex": text["sex"] if text["sex"] in Sex.values else Sex.UNKNOWN,
        "nationality": nationality if nationality in countries else "",
        "document_number": text["document_number"],
        "phone": text["phone"],
    }


def cleaned_fields(cleaned: dict) -> dict:
    """The query's fields from a valid registration form."""
    precision = cleaned.get("dob_precision") or DobPrecision.UNKNOWN
    other = ", ".join(n for n in (cleaned.get("other_names", ""), cleaned.get("original_script_name", "")) if n)
    return {
        "given_name": cleaned.get("given_name", ""),
        "family_name": cleaned.get("family_name", ""),
        "other_names": other,
        "date_of_birth": cleaned.get("date_of_birth") if precision != DobPrecision.UNKNOWN else None,
        "dob_precision": precision,
        "sex": cleaned.get("sex") or Sex.UNKNOWN,
        "nationality": str(cleaned.get("nationality") or ""),
        "document_number": "",
        "phone": cleaned.get("phone", ""),
    }


def _search(fields: dict):
    from people.matching.record import Record
    from people.matching.search import candidates

    return candidates(Record.from_fields(**fields), limit=PANEL_LIMIT)


def panel(user, fields: dict, *, confirmed: bool = False, held: bool = False) -> dict:
    """The panel's context: state "too_little", "none" or "found", the
    candidates as the user may see them, and whether registering needs the
    "different person" tick (a candidate scoring HOLD_SCORE or more, seen or
    not: a record at another agency is as much a duplicate)."""
    if not enough_typed(fields):
        return {"state": "too_little", "confirm_field": CONFIRM_FIELD}
    found = _search(fields)
    shown = present(found, user)
    return {
        "state": "found" if shown else "none",
        "candidates": shown,
        "needs_tick": any(c.score >= HOLD_SCORE for c in found),
        "strong": any(c.score >= STRONG_SCORE for c in found),
        "confirmed": confirmed,
        "held": held,
        "confirm_field": CONFIRM_FIELD,
    }


def _initial(form_class, data) -> dict:
    """What was typed, as the initial values of an unbound form: the page
    shows it again without complaining about what is not finished yet."""
    from django import forms

    initial = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = data.getlist(name)
        elif isinstance(field, forms.BooleanField):
            initial[name] = bool(data.get(name))
        else:
            initial[name] = data.get(name)
    return initial


def _form_page(request, match: dict) -> HttpResponse:
    """Without JavaScript: the registration page again, with what was typed
    and the panel. `?household=<principal>` for the household member form."""
    from people.access import get_person_for_user
    from people.forms import HouseholdMemberForm, PersonForm, offices_for

    principal_pk = request.GET.get("household")
    if principal_pk:
        principal = get_person_for_user(request.user, principal_pk, write=True)
        form = HouseholdMemberForm(initial=_initial(HouseholdMemberForm, request.POST))
        context = {"person": principal, "form": form, "title": _("Add a household member"), "household_form": True}
        return render(request, "people/person_add.html", {**context, "match": match})
    offices = offices_for(request.user)
    initial = _initial(PersonForm, request.POST)
    initial["office"] = request.POST.get("office") or offices[0].pk
    form = PersonForm(initial=initial, offices=offices)
    return render(request, "people/person_form.html", {"form": form, "nav": "register", "match": match})


@login_required
@require_POST
def person_match_panel(request):
    """The candidates for what is typed in a registration form: the panel
    alone for htmx, the whole form page otherwise."""
    if not may_match(request.user):
        raise PermissionDenied
    # Not audited, like the people list's search: see people.api_match.
    match = panel(request.user, typed_fields(request.POST), confirmed=bool(request.POST.get(CONFIRM_FIELD)))
    if request.headers.get("HX-Request"):
        response = render(request, "people/_candidates.html", {"match": match})
    else:
        response = _form_page(request, match)
    patch_vary_headers(response, ["HX-Request"])
    return response


def hold_for_duplicates(request, form, template: str, context: dict) -> HttpResponse | None:
    """For the final POST of a registration form, once `form` is valid: the
    form again with the candidates (and a problem at the top) when a record
    scores HOLD_SCORE or more and the counsellor has not ticked "I checked:
    this is a different person"; None to go on and register."""
    if request.POST.get(CONFIRM_FIELD):
        return None
    match = panel(request.user, cleaned_fields(form.cleaned_data), held=True)
    if not match.get("needs_tick"):
        return None
    form.add_error(
        None,
        _(
            "A record that looks like this person already exists. Check the records beside the form; "
            "if this is a different person, tick “I checked: this is a different person” and register again."
        ),
    )
    return render(request, template, {**context, "form": form, "match": match})


def overridden_matches(request, form) -> list[dict]:
    """The records scoring HOLD_SCORE or more that the counsellor ticked
    "I checked: this is a different person" over, looked up before the new
    record exists: person, office and score, no personal data."""
    if not request.POST.get(CONFIRM_FIELD):
        return []
    fields = cleaned_fields(form.cleaned_data)
    if not enough_typed(fields):
        return []
    return [
        {"person": c.person_id, "office": c.office_id, "score": c.score}
        for c in _search(fields)
        if c.score >= HOLD_SCORE
    ]


def record_override(user, person, overridden: list[dict]) -> None:
    """The audit trail keeps who registered a person over a likely match, and
    which records they judged to be someone else: a team leader reviewing a
    duplicate later can see it was a decision, not a miss."""
    if overridden:
        audit.record(
            user, "person.registered_over_match", person, person_id=person.pk, changes={"candidates": overridden}
        )


@login_required
@require_GET
def case_likely_aid(request, case_pk):
    """The aid-only-once warning for likely matches on the case page, asked
    for by htmx once the page is shown (eligibility/case_earlier_aid.html):
    the case page is the busiest page and does not wait for the search. The
    same access as the package: 404 outside the case's scope, 403 for
    partners. Empty when there is nothing to say."""
    from eligibility.access import get_eligibility_case
    from eligibility.case_facts import earlier_aid, likely_earlier_aid

    case = get_eligibility_case(request.user, case_pk)
    own = earlier_aid(case)  # named by the other warning already
    found = [a for a in likely_earlier_aid(case) if own is None or a.decision.pk != own.pk]
    likely = present_likely_aid(found, request.user)
    response = render(
        request, "eligibility/case_earlier_aid.html", {"case": case, "likely": likely, "likely_ready": True}
    )
    response["Cache-Control"] = "private, no-store"
    return response
