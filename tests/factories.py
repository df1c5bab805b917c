"""Test data builders. They go through the actions, as the app does, so the
audit trail and case numbers in tests are the real ones."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import ReturnCase, Transition
from counselling import actions as counselling_actions
from organisations.models import Agency, Membership, Office
from people import actions as people_actions

_seq = itertools.count(1)


def make_user(username: str, *memberships: tuple[Office, str], **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)
    for office, role in memberships:
        Membership.objects.create(user=user, office=office, role=role)
    return user


def make_agency(code: str, name: str, kind: str, country: str) -> Agency:
    return Agency.objects.create(code=code, name=name, kind=kind, country=country)


def make_office(agency: Agency, code: str, city: str, country: str, tz: str, lang: str = "en") -> Office:
    return Office.objects.create(
        agency=agency,
        code=code,
        name=f"{agency.name} {city}",
        city=city,
        country=country,
        timezone=tz,
        default_language=lang,
        email=f"{code.lower()}@example.org",
    )


def make_person(office: Office, by, **fields):
    n = next(_seq)
    defaults = dict(
        given_name=f"Given{n}",
        family_name=f"Family{n}",
        sex="female",
        date_of_birth=datetime.date(1990, 5, 17),
        dob_precision="full",
        nationality="GN",
    )
    defaults.update(fields)
    return people_actions.register_person(by=by, office=office, **defaults)


def make_case(office: Office, by, *, principal=None, status: str = Status.INTAKE, **fields) -> ReturnCase:
    principal = principal or make_person(office, by)
    defaults = dict(country_of_return="GN", administrative_status="asylum_rejected", referral_source="walk_in")
    defaults.update(fields)
    case = case_actions.open_case(by=by, office=office, principal=principal, **defaults)
    if status != Status.INTAKE:
        # Jump straight to a status for scope tests; lifecycle tests walk it.
        Transition.objects.create(case=case, from_status=case.status, to_status=status, by=by, reason="test set-up")
        ReturnCase.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
    return case


def give_consent(case, by, purpose: str = "counselling", state: str = "given"):
    return case_actions.record_consent(
        case,
        by=by,
        person=case.principal,
        purpose=purpose,
        state=state,
        date=timezone.localdate(),
        language="fr",
        method="signed_form",
    )


def make_interview(case, by, **fields):
    defaults = dict(
        held_at=timezone.now() - datetime.timedelta(hours=1),
        mode="in_person",
        language="fr",
        intention="considering",
        topics=["voluntary_nature"],
    )
    defaults.update(fields)
    return counselling_actions.record_interview(case, by=by, **defaults)


def approve_package(case, proposer, approver, programme: str = "fedasil-return"):
    """Propose and approve an assistance package (needs the `rules` fixture)."""
    from eligibility import actions as eligibility_actions
    from eligibility.models import Programme

    decision = eligibility_actions.propose_decision(case, by=proposer, programme=Programme.objects.get(code=programme))
    return eligibility_actions.approve_decision(decision, by=approver)
