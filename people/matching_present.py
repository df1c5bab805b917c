"""What a user may see of identity-matching candidates (people.matching.search).

The matching core searches the whole registry, across offices and agencies:
a second record for the same person is as likely at another agency as next
door. What comes back to the user is decided here, in one place, for the
registration panel, the API and the aid-only-once warning alike:

- a person the user may see (people.access.visible_people) comes with the
  name, date of birth, nationality, office, score, the reasons in plain words
  and a link to the record;
- anybody else is only "a record exists at <office>, contact <the office's
  email and phone>", with no personal data at all.

Who may ask at all is `may_match`: the people who register people. Partners,
analysts (read-only) and users without a membership register nobody and get
nothing from the registry-wide search (403).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.access import roles_for_office
from organisations.models import Office
from people.access import in_visible_case, visible_people
from people.models import Person

# Bands a score falls in, for people and for hidden records alike. The
# score is the chance that the candidate is this person, at the registry's
# own prior (people.matching.prior): among a million people many share a
# name and a year of birth, so many candidates listed there are less likely
# the same person, and are said to be (still listed: one of them may be).
STRONG, LIKELY, POSSIBLE, UNLIKELY = "strong", "likely", "possible", "unlikely"
STRONG_SCORE = 80
LIKELY_SCORE = 60
POSSIBLE_SCORE = 30
BAND_LABELS = {
    STRONG: _("very likely the same person"),
    LIKELY: _("likely the same person"),
    POSSIBLE: _("possibly the same person"),
    UNLIKELY: _("less likely the same person"),
}


class CandidateLike(Protocol):
    person_id: int
    office_id: int
    score: int
    reasons: Sequence[str]


def band(score: int) -> str:
    if score >= STRONG_SCORE:
        return STRONG
    if score >= LIKELY_SCORE:
        return LIKELY
    if score >= POSSIBLE_SCORE:
        return POSSIBLE
    return UNLIKELY


def may_match(user) -> bool:
    """Users who register people at some office (counsellors, team leaders,
    travel officers, agency administrators). Not partners, analysts or
    outsiders: the search reaches past their scope, so they do not get it."""
    from people.forms import offices_for

    return bool(offices_for(user))


def reasons(codes: Iterable[str]) -> list[dict]:
    from people.matching.score import reason_text

    return [{"code": code, "text": str(reason_text(code))} for code in codes]


def _partial_date(value, precision: str) -> str | None:
    from people.api import format_partial_date

    return format_partial_date(value, precision)


def contact(office: Office) -> dict:
    return {"email": office.email, "phone": office.phone}


def visible_candidate(person, *, score: int, codes: Sequence[str]) -> dict:
    from people.matching.score import reasons_text

    office = person.registered_by_office
    return {
        "visible": True,
        "person_id": person.pk,
        "name": person.full_name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": _partial_date(person.date_of_birth, person.dob_precision),
        "dob_precision": person.dob_precision,
        "dob_display": person.dob_display,
        "sex": person.sex,
        "nationality": person.nationality.code or "",
        "nationality_name": person.nationality.name if person.nationality else "",
        "office": office.name,
        "agency": office.agency.name,
        "score": score,
        "match": band(score),
        "match_label": BAND_LABELS[band(score)],
        "reasons": reasons(codes),
        "reasons_text": str(reasons_text(list(codes))),
        "link": reverse("person-detail", args=[person.pk]),
    }


def hidden_candidate(office: Office, *, score: int) -> dict:
    """A record the user may not see: where it is and whom to ask, nothing
    about the person.

    Neither the exact score nor the reasons are given. Each reason says how
    the stored record compares with what was typed: "same document number"
    confirms that this number is known at that office, "given name is a
    variant" or "names swapped" describe the other record's spelling, "year
    of birth matches" (rather than the full date) tells that the stored date
    differs. That is personal data of a record the user has no right to read,
    and a caller could probe it by changing one typed field at a time and
    watching the reasons or the score move. Only the band is kept (very
    likely, likely, possibly, less likely): the caller needs to know how
    urgently to call the office, and the candidate's mere presence already
    says as much.
    """
    return {
        "visible": False,
        "office": office.name,
        "agency": office.agency.name,
        "contact": contact(office),
        "match": band(score),
        "match_label": BAND_LABELS[band(score)],
    }


# What visible_candidate and hidden_candidate read: a person has some forty
# columns, and building them all for each candidate was a tenth of a look-up.
_SHOWN = (
    "given_name",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "sex",
    "nationality",
    "registered_by_office__name",
    "registered_by_office__email",
    "registered_by_office__phone",
    "registered_by_office__agency__name",
)


def present(candidates: Sequence[CandidateLike], user) -> list[dict]:
    """The core's candidates (best first) as `user` may see them, best first.

    One query whatever the number of candidates: the candidates with their
    office and agency, and whether a case lets the user see them. The
    registration panel asks as the counsellor types, so each round trip counts.
    Hidden records at the same office are shown once (the first, best one):
    "a record exists at Marseille" is what the counsellor needs, and a count
    of similar people there would say more than that.
    """
    ids = [c.person_id for c in candidates]
    if not ids:
        return []
    people = (
        Person.objects.select_related("registered_by_office__agency")
        .only(*_SHOWN)
        .filter(pk__in=ids, merged_into__isnull=True)
        .annotate(via_case=in_visible_case(user))
    )
    people = {p.pk: p for p in people}
    out, offices_shown = [], set()
    for c in candidates:
        person = people.get(c.person_id)
        if person is None:
            continue
        if _visible(user, person):
            out.append(visible_candidate(person, score=c.score, codes=c.reasons))
        elif person.registered_by_office_id not in offices_shown:
            offices_shown.add(person.registered_by_office_id)
            out.append(hidden_candidate(person.registered_by_office, score=c.score))
    return out


def _visible(user, person) -> bool:
    """people.access.visible_people's rule for one person read by present():
    registered by an office in the user's scope (the same rule as its
    scope_q), or a member of a case the user can see."""
    return bool(roles_for_office(user, person.registered_by_office)) or person.via_case


def present_likely_aid(found: Sequence, user) -> list[dict]:
    """eligibility.case_facts.likely_earlier_aid as `user` may see it: where
    (office, agency) and when (approved, departed) always, since stopping a
    second payment is the point; the other record's name, score, reasons and
    link only when the user may see that person, otherwise the contact of the
    office that paid, as in the registration panel. Two queries."""
    from people.models import Person

    if not found:
        return []
    others = {a.person_id for a in found}
    visible = set(visible_people(user).filter(pk__in=others).values_list("pk", flat=True))
    names = {
        p.pk: p.full_name
        for p in Person.objects.filter(pk__in=visible | {a.member_id for a in found}).only("given_name", "family_name")
    }
    out = []
    for aid in found:
        office = aid.decision.case.office
        item = {
            "visible": aid.person_id in visible,
            "member": names.get(aid.member_id, ""),
            "office": office.name,
            "agency": office.agency.name,
            "decided_at": aid.decision.decided_at,
            "departed_at": aid.departed_at,
            "match": band(aid.score),
            "match_label": BAND_LABELS[band(aid.score)],
        }
        if item["visible"]:
            from people.matching.score import reasons_text

            item.update(
                person_id=aid.person_id,
                name=names.get(aid.person_id, ""),
                link=reverse("person-detail", args=[aid.person_id]),
                score=aid.score,
                reasons_text=str(reasons_text(list(aid.reasons))),
            )
        else:
            item["contact"] = contact(office)
        out.append(item)
    return out
