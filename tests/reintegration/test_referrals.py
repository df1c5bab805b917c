"""Referrals: consent gating, the state machine, emails, partner-office scoping."""

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext, override

from cases import actions as case_actions
from cases.access import case_roles, visible_cases
from cases.lifecycle import Status
from cases.models import ReferralStatus
from core.errors import DomainError
from core.models import AuditEvent
from organisations.models import Role
from reintegration import actions_referrals as actions
from tests.factories import make_agency, make_case, make_office, make_user


def consent(case, by, *, state="given", partner=None, date=None):
    return case_actions.record_consent(
        case,
        by=by,
        person=case.principal,
        purpose="partner_sharing",
        state=state,
        date=date or timezone.localdate(),
        language="fr",
        method="signed_form",
        partner=partner,
    )


@pytest.fixture
def departed(world):
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.DEPARTED)
    return case


def refer(world, case, **kw):
    kw.setdefault("partner", world.iom)
    return actions.refer_case(case, by=kw.pop("by", world.counsellor), **kw)


# Consent gating ----------------------------------------------------------------


def test_refused_without_any_consent(world, departed):
    with pytest.raises(DomainError) as exc:
        refer(world, departed)
    assert exc.value.field == "partner"
    assert not departed.referrals.exists()


def test_refused_when_consent_refused(world, departed):
    consent(departed, world.counsellor, state="refused", partner=world.iom)
    with pytest.raises(DomainError) as exc:
        refer(world, departed)
    assert exc.value.field == "partner"


def test_refused_when_consent_withdrawn_later(world, departed):
    consent(departed, world.counsellor, partner=world.iom)
    consent(departed, world.counsellor, state="withdrawn", partner=world.iom)
    with pytest.raises(DomainError) as exc:
        refer(world, departed)
    assert exc.value.field == "partner"


def test_a_withdrawal_naming_no_partner_withdraws_for_every_partner(world, departed):
    consent(departed, world.counsellor, partner=world.iom)
    consent(departed, world.counsellor, state="withdrawn")
    with pytest.raises(DomainError):
        refer(world, departed)


def test_refused_when_consent_is_for_another_partner(world, departed):
    caritas = make_agency("caritas", "Caritas", "ngo", "BE")
    consent(departed, world.counsellor, partner=caritas)
    with pytest.raises(DomainError) as exc:
        refer(world, departed)
    assert exc.value.field == "partner"


def test_refused_when_consent_names_no_partner(world, departed):
    consent(departed, world.counsellor)
    with pytest.raises(DomainError) as exc:
        refer(world, departed)
    assert exc.value.field == "partner"
    assert "name" in exc.value.message.lower()


def test_consent_for_another_partner_later_does_not_hide_this_one(world, departed):
    caritas = make_agency("caritas", "Caritas", "ngo", "BE")
    given = consent(departed, world.counsellor, partner=world.iom)
    consent(departed, world.counsellor, partner=caritas)
    referral = refer(world, departed)
    assert referral.consent == given


def test_referral_keeps_its_consent_and_is_audited(world, departed):
    given = consent(departed, world.counsellor, partner=world.iom)
    referral = refer(world, departed, partner_office=world.conakry, message="Over to you")
    assert referral.consent == given
    assert referral.status == ReferralStatus.PENDING
    assert referral.created_by == world.counsellor
    event = AuditEvent.objects.get(action="referral.created")
    assert event.case_id == departed.pk and event.changes["partner"] == [None, world.iom.pk]


def test_one_live_referral_per_case_partner_and_purpose(world, departed):
    consent(departed, world.counsellor, partner=world.iom)
    refer(world, departed)
    with pytest.raises(DomainError) as exc:
        refer(world, departed, partner_office=world.conakry)
    assert exc.value.field == "partner"
    refer(world, departed, purpose="medical")  # another purpose is fine


def test_a_return_agency_is_no_partner_unless_through_its_office_abroad(world, departed):
    consent(departed, world.counsellor, partner=world.mrs.agency)
    with pytest.raises(DomainError) as exc:
        refer(world, departed, partner=world.mrs.agency)
    assert exc.value.field == "partner"


def test_own_agency_office_abroad(world):
    ofii = world.mrs.agency  # world.ofii is Claire
    conakry_ofii = make_office(ofii, "OFIICKY", "Conakry", "GN", "Africa/Conakry", "fr")
    case = make_case(world.mrs, world.ofii, counsellor=world.ofii, status=Status.DEPARTED)
    consent(case, world.ofii, partner=ofii)
    with pytest.raises(DomainError) as exc:
        actions.refer_case(case, by=world.ofii, partner=ofii)
    assert exc.value.field == "partner_office"
    referral = actions.refer_case(case, by=world.ofii, partner=None, partner_office=conakry_ofii)
    assert referral.partner == ofii
    agencies, offices = actions.partner_choices(case)
    assert conakry_ofii in offices and world.conakry in offices and world.iom in agencies


def test_partner_office_must_be_in_the_country_of_return(world):
    dakar = make_office(world.iom, "IOMDKR", "Dakar", "SN", "Africa/Dakar", "fr")
    case = make_case(world.bxl, world.counsellor, status=Status.DEPARTED)  # returns to GN
    consent(case, world.counsellor, partner=world.iom)
    with pytest.raises(DomainError) as exc:
        refer(world, case, partner_office=dakar)
    assert exc.value.field == "partner_office"


def test_only_the_sending_office_refers(world, departed):
    consent(departed, world.counsellor, partner=world.iom)
    for who in (world.partner, world.ghent, world.travel_officer, world.analyst, world.ofii):
        with pytest.raises(DomainError):
            refer(world, departed, by=who)
    assert refer(world, departed, by=world.team_leader)


def test_a_closed_case_is_not_referred(world):
    case = make_case(world.bxl, world.counsellor, status=Status.CLOSED)
    consent(case, world.counsellor, partner=world.iom)
    with pytest.raises(DomainError):
        refer(world, case)


# State machine -------------------------------------------------------------------


@pytest.fixture
def pending(world, departed):
    consent(departed, world.counsellor, partner=world.iom)
    return refer(world, departed, partner_office=world.conakry)


def test_partner_accepts_then_completes(world, pending):
    r = actions.accept_referral(pending, by=world.partner)
    assert r.status == "accepted" and r.decided_by == world.partner and r.decided_at
    with pytest.raises(DomainError) as exc:
        actions.complete_referral(r, by=world.partner, note="  ")
    assert exc.value.field == "reason"
    r = actions.complete_referral(r, by=world.partner, note="Business running")
    assert r.status == "completed" and r.completed_at and r.reason == "Business running"
    assert list(
        AuditEvent.objects.filter(object_type="cases.referral").order_by("pk").values_list("action", flat=True)
    ) == [
        "referral.created",
        "referral.accepted",
        "referral.completed",
    ]


def test_decline_needs_a_reason(world, pending):
    with pytest.raises(DomainError) as exc:
        actions.decline_referral(pending, by=world.partner, reason="")
    assert exc.value.field == "reason"
    pending.refresh_from_db()
    assert pending.status == "pending"
    r = actions.decline_referral(pending, by=world.partner, reason="No capacity in that region")
    assert r.status == "declined" and r.reason == "No capacity in that region"


def test_only_the_partner_answers(world, pending):
    for who in (world.counsellor, world.team_leader, world.agency_admin, world.ghent, world.ofii):
        with pytest.raises(DomainError):
            actions.accept_referral(pending, by=who)
        with pytest.raises(DomainError):
            actions.decline_referral(pending, by=who, reason="x")


def test_only_the_sending_office_withdraws_with_a_reason(world, pending):
    with pytest.raises(DomainError):
        actions.withdraw_referral(pending, by=world.partner, reason="x")
    with pytest.raises(DomainError):
        actions.withdraw_referral(pending, by=world.ghent, reason="x")
    with pytest.raises(DomainError) as exc:
        actions.withdraw_referral(pending, by=world.counsellor, reason=" ")
    assert exc.value.field == "reason"
    r = actions.withdraw_referral(pending, by=world.counsellor, reason="Person moved")
    assert r.status == "withdrawn"


@pytest.mark.parametrize(
    "to_status, step",
    [
        ("declined", lambda w, r: actions.accept_referral(r, by=w.partner)),
        ("withdrawn", lambda w, r: actions.accept_referral(r, by=w.partner)),
        ("completed", lambda w, r: actions.complete_referral(r, by=w.partner, note="done")),
        ("completed", lambda w, r: actions.withdraw_referral(r, by=w.counsellor, reason="x")),
        ("pending", lambda w, r: actions.complete_referral(r, by=w.partner, note="done")),
        ("declined", lambda w, r: actions.decline_referral(r, by=w.partner, reason="again")),
    ],
)
def test_invalid_moves_are_refused(world, pending, to_status, step):
    type(pending).objects.filter(pk=pending.pk).update(status=to_status)
    pending.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        step(world, pending)
    assert exc.value.field == "status"


# Emails -------------------------------------------------------------------------


def test_new_referral_emails_the_partner_office(world, departed, django_capture_on_commit_callbacks):
    world.partner.email = "mamadou@example.org"
    world.partner.save()
    other_office = make_office(world.iom, "IOMLBE", "Labé", "GN", "Africa/Conakry", "fr")
    make_user("fatou", (other_office, Role.PARTNER_CASEWORKER), email="fatou@example.org")
    consent(departed, world.counsellor, partner=world.iom)
    with django_capture_on_commit_callbacks(execute=True):
        refer(world, departed, partner_office=world.conakry, message="PRIVATE-MESSAGE")
    assert [m.to for m in mail.outbox] == [["mamadou@example.org"]]
    assert departed.number in mail.outbox[0].subject
    assert f"/cases/{departed.pk}/" in mail.outbox[0].body
    assert "PRIVATE-MESSAGE" not in mail.outbox[0].body


def test_agency_wide_referral_emails_every_partner_caseworker(world, departed, django_capture_on_commit_callbacks):
    world.partner.email = "mamadou@example.org"
    world.partner.save()
    other_office = make_office(world.iom, "IOMLBE", "Labé", "GN", "Africa/Conakry", "fr")
    make_user("fatou", (other_office, Role.PARTNER_CASEWORKER), email="fatou@example.org")
    consent(departed, world.counsellor, partner=world.iom)
    with django_capture_on_commit_callbacks(execute=True):
        refer(world, departed)
    assert sorted(m.to[0] for m in mail.outbox) == ["fatou@example.org", "mamadou@example.org"]


def test_answers_email_the_counsellor_else_the_team_leaders(world, pending, django_capture_on_commit_callbacks):
    world.team_leader.email = "marc@example.org"
    world.team_leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_referral(pending, by=world.partner)
    assert [m.to for m in mail.outbox] == [["sofie@example.org"]]
    with override(world.bxl.default_language):  # the counsellor's office: Dutch
        assert mail.outbox[0].subject == gettext("Retour: the referral of case %(number)s is accepted") % {
            "number": pending.case.number
        }
    type(pending.case).objects.filter(pk=pending.case_id).update(counsellor=None)
    pending.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.complete_referral(pending, by=world.partner, note="CLOSING-SECRET")
    assert [m.to for m in mail.outbox] == [["marc@example.org"]]
    assert "CLOSING-SECRET" not in mail.outbox[0].body


def test_a_refused_referral_sends_nothing(world, departed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        refer(world, departed)
    assert mail.outbox == []


def test_emails_are_in_the_recipients_office_language(world, pending, django_capture_on_commit_callbacks):
    world.partner.email = "mamadou@example.org"
    world.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_referral(pending, by=world.counsellor, reason="x")
    assert len(mail.outbox) == 1  # Conakry works in French; the text is marked for translation


# Partner-office scoping ---------------------------------------------------------------


@pytest.fixture
def labe(world):
    office = make_office(world.iom, "IOMLBE", "Labé", "GN", "Africa/Conakry", "fr")
    return make_user("fatou", (office, Role.PARTNER_CASEWORKER))


def test_a_referral_to_an_office_opens_the_case_to_that_office_only(world, referred_case, labe):
    assert "partner_caseworker" in case_roles(world.partner, referred_case)
    assert case_roles(labe, referred_case) == set()
    assert referred_case in visible_cases(world.partner)
    assert referred_case not in visible_cases(labe)


def test_a_referral_to_the_agency_opens_the_case_to_all_its_caseworkers(world, labe):
    # world.case is referred to IOM as a whole.
    assert "partner_caseworker" in case_roles(labe, world.case)
    assert world.case in visible_cases(labe)
    assert world.case in visible_cases(world.partner)


def test_no_access_once_the_referral_is_no_longer_live(world, referred_case):
    actions.complete_referral(referred_case.referral, by=world.partner, note="done")
    assert case_roles(world.partner, referred_case) == set()
    assert referred_case not in visible_cases(world.partner)


def test_the_other_offices_caseworker_cannot_answer(world, pending, labe):
    with pytest.raises(DomainError):
        actions.accept_referral(pending, by=labe)


def test_withdrawing_consent_to_sharing_withdraws_the_live_referrals_to_that_partner(world, referred_case):
    referral = referred_case.referrals.get()
    case_actions.record_consent(
        referred_case,
        by=world.counsellor,
        person=referred_case.principal,
        purpose="partner_sharing",
        state="withdrawn",
        date=timezone.localdate(),
        language="fr",
        method="oral",
        partner=world.iom,
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert "withdrew their consent" in referral.reason
    assert not visible_cases(world.partner).filter(pk=referred_case.pk).exists()
