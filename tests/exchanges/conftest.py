"""Exchanges on top of the `world` personas: a Fedasil–OFII exchange (the
seed's), an OFII team leader to edit it from the other side, and an
exchange between OFII and another agency (Caritas, an NGO) that Fedasil
staff must not see."""

import datetime

import pytest

from exchanges import actions
from guides import actions as guide_actions
from guides import actions_notes as note_actions
from organisations.models import Role
from tests.factories import make_agency, make_office, make_user


def published_guide(by, agency, title: str, *, shared: bool = True):
    guide = guide_actions.create_guide(by=by, agency=agency, phase="consideration", language="fr", title=title)
    version = guide.versions.get()
    section = guide_actions.add_section(version, by=by, titles={"fr": "Ouverture"})
    guide_actions.add_item(section, by=by, kind="key_message", texts={"fr": "Le retour est volontaire."})
    guide_actions.publish_version(version, by=by)
    if shared:
        guide_actions.share_guide(guide, by=by)
    return guide


def draft_guide(by, agency, title: str):
    return guide_actions.create_guide(by=by, agency=agency, phase="decision", language="nl", title=title)


def note(by, agency, title: str, *, shared: bool = False):
    n = note_actions.write_note(by=by, agency=agency, title=title, body="Ask open questions first.", language="fr")
    if shared:
        note_actions.share_note(n, by=by)
    return n


@pytest.fixture
def xw(world):
    """world plus: Olivier (OFII team leader, Marseille), Caritas (an NGO)
    with its team leader Chloé, and two exchanges: Fedasil hosting OFII in
    March (with lessons, a guide and a note that came out of it) and OFII
    hosting Caritas in April."""
    w = world
    w.ofii_agency = w.mrs.agency
    w.olivier = make_user("olivier", (w.mrs, Role.TEAM_LEADER), first_name="Olivier")
    w.caritas = make_agency("caritas", "Caritas International", "ngo", "BE")
    w.caritas_office = make_office(w.caritas, "CIBXL", "Brussels", "BE", "Europe/Brussels", "fr")
    w.chloe = make_user("chloe", (w.caritas_office, Role.TEAM_LEADER), first_name="Chloé")
    w.guide = published_guide(w.team_leader, w.fedasil, "Parler du retour sans pression")
    w.draft = draft_guide(w.team_leader, w.fedasil, "Beslissingsgesprek (ontwerp)")
    w.note = note(w.team_leader, w.fedasil, "Start with the person's own questions")
    w.march = actions.create_exchange(
        by=w.team_leader,
        title="OFII Marseille visits the Brussels return desk",
        host_agency=w.fedasil,
        visiting_agency=w.ofii_agency,
        starts_on=datetime.date(2026, 3, 9),
        ends_on=datetime.date(2026, 3, 11),
        host_offices=[w.bxl],
        visiting_offices=[w.mrs],
        themes=["conversations", "image_of_return"],
        participant_users=[w.counsellor, w.team_leader, w.ofii],
        other_participants=[("Jeanne Petit", "OFII, head of the Marseille office")],
        agenda="Day 1: sitting in on counselling interviews.\nDay 2: the reintegration partners.",
        lessons=(
            "Social workers build trust: start from the person's questions.\n\n"
            "Say early that the decision can be reversed until departure."
        ),
        guides=[w.guide, w.draft],
        practice_notes=[w.note],
    )
    w.april = actions.create_exchange(
        by=w.olivier,
        title="Caritas visits OFII Marseille",
        host_agency=w.ofii_agency,
        visiting_agency=w.caritas,
        starts_on=datetime.date(2026, 4, 14),
        ends_on=datetime.date(2026, 4, 14),
        themes=["reintegration"],
        lessons="Partners need the medical file early.",
    )
    return w
