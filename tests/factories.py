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


_SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ri", "so", "tu", "va", "ze"]


def _name(prefix: str, n: int) -> str:
    # Letters only and different consonants per number: matching drops
    # digits, so "Given12" and "Given13" would be one name to it.
    return prefix + "".join(_SYLLABLES[int(d)] for d in str(n))


def make_person(office: Office, by, **fields):
    n = next(_seq)
    defaults = dict(
        given_name=_name("Ba", n),
        family_name=_name("Tor", n),
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


def segment(origin, origin_tz, departs, destination, destination_tz, arrives, **extra) -> dict:
    """One leg of a journey; `departs`/`arrives` are naive local times at each end."""
    from zoneinfo import ZoneInfo

    return {
        "mode": extra.get("mode", "flight"),
        "carrier": extra.get("carrier", "Brussels Airlines"),
        "number": extra.get("number", "SN241"),
        "origin": origin,
        "origin_tz": origin_tz,
        "departs_at": departs.replace(tzinfo=ZoneInfo(origin_tz)),
        "destination": destination,
        "destination_tz": destination_tz,
        "arrives_at": arrives.replace(tzinfo=ZoneInfo(destination_tz)),
    }


def make_booking(case, by, *, day=None, status: str = "confirmed", **fields):
    """A direct Brussels → Conakry flight leaving at 10:40 Brussels time on
    `day` (default: in 10 days)."""
    import datetime

    from django.utils import timezone

    from travel import actions as travel_actions

    day = day or timezone.localdate() + datetime.timedelta(days=10)
    leg = segment(
        "BRU",
        "Europe/Brussels",
        datetime.datetime.combine(day, datetime.time(10, 40)),
        "CKY",
        "Africa/Conakry",
        datetime.datetime.combine(day, datetime.time(15, 5)),
    )
    defaults = {"reference": f"SN{case.pk:04d}", "booked_by": "agency", "status": status}
    return travel_actions.create_booking(case, by=by, segments=[leg], **{**defaults, **fields})


def give_passports(case, by, *, valid_until=None):
    """A passport for every member of the case, valid a year unless told."""
    import datetime

    from django.utils import timezone

    from people import actions as people_actions

    expiry = valid_until or timezone.localdate() + datetime.timedelta(days=365)
    for member in case.case_members.select_related("person"):
        people_actions.add_document(
            member.person,
            by=by,
            doc_type="passport",
            number=f"P{member.person_id}C{case.pk}",
            issuing_country=case.country_of_return,
            expiry_date=expiry,
        )


# One man, known under spellings of his name across offices: the identity
# matching tests register him (and variants of him) again and again.
JALLOW = dict(
    given_name="Mohamed",
    family_name="Jallow",
    sex="male",
    date_of_birth=datetime.date(1990, 5, 17),
    dob_precision="full",
    nationality="GN",
)
