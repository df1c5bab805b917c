"""The people every test speaks as: two agencies, several offices, a partner.

counsellor      Sofie, Fedasil counsellor, Brussels return desk
team_leader     Marc, Fedasil team leader, Brussels
ghent           Pieter, Fedasil counsellor, Ghent (same agency, other office)
travel_officer  Ines, Fedasil travel officer, Brussels
agency_admin    Hilde, Fedasil agency administrator
analyst         Ana, Fedasil analyst (read-only, agency-wide)
ofii            Claire, OFII return official, Marseille (other agency)
partner         Mamadou, IOM caseworker, Conakry (partner; sees referred cases only)
outsider        Olivia, a user with no membership at all
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from cases.models import Referral
from organisations.models import Role
from tests.factories import make_agency, make_case, make_office, make_user

PERSONAS = [
    "counsellor",
    "team_leader",
    "ghent",
    "travel_officer",
    "agency_admin",
    "analyst",
    "ofii",
    "partner",
    "outsider",
]


@pytest.fixture(autouse=True)
def _fixed_matching_prior():
    """Look-ups score with score.PRIOR unless a test stores a registry scan:
    the prior a process read must not leak from one test into the next."""
    from people.matching import prior
    from people.matching.score import PRIOR

    prior.remember(PRIOR)
    yield
    prior.forget()


@pytest.fixture
def world(db):
    fedasil = make_agency("fedasil", "Fedasil", "return_agency", "BE")
    ofii = make_agency("ofii", "OFII", "return_agency", "FR")
    iom = make_agency("iom", "IOM", "reintegration_partner", "CH")
    bxl = make_office(fedasil, "BXL", "Brussels", "BE", "Europe/Brussels", "nl")
    ghent = make_office(fedasil, "GNT", "Ghent", "BE", "Europe/Brussels", "nl")
    mrs = make_office(ofii, "MRS", "Marseille", "FR", "Europe/Paris", "fr")
    conakry = make_office(iom, "IOMCKY", "Conakry", "GN", "Africa/Conakry", "fr")
    w = SimpleNamespace(fedasil=fedasil, ofii=ofii, iom=iom, bxl=bxl, ghent_office=ghent, mrs=mrs, conakry=conakry)
    w.counsellor = make_user("sofie", (bxl, Role.COUNSELLOR), first_name="Sofie", email="sofie@example.org")
    w.team_leader = make_user("marc", (bxl, Role.TEAM_LEADER), first_name="Marc")
    w.ghent = make_user("pieter", (ghent, Role.COUNSELLOR), first_name="Pieter")
    w.travel_officer = make_user("ines", (bxl, Role.TRAVEL_OFFICER), first_name="Ines")
    w.agency_admin = make_user("hilde", (bxl, Role.AGENCY_ADMIN), first_name="Hilde")
    w.analyst = make_user("ana", (bxl, Role.ANALYST), first_name="Ana")
    w.ofii = make_user("claire", (mrs, Role.COUNSELLOR), first_name="Claire")
    w.partner = make_user("mamadou", (conakry, Role.PARTNER_CASEWORKER), first_name="Mamadou")
    w.outsider = make_user("olivia", first_name="Olivia")
    # A Brussels case referred to IOM, a Ghent case, and a Marseille case.
    w.case = make_case(bxl, w.counsellor, counsellor=w.counsellor)
    Referral.objects.create(case=w.case, partner=iom, status="accepted")
    w.ghent_case = make_case(ghent, w.ghent, counsellor=w.ghent)
    w.ofii_case = make_case(mrs, w.ofii, counsellor=w.ofii, country_of_return="SN")
    return w


@pytest.fixture
def as_persona(world):
    """as_persona("analyst") -> a logged-in test client."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(getattr(world, name))
        return client

    return login


@pytest.fixture
def rules(db):
    """The assistance rules of eligibility/rules/, loaded as `make demo` does."""
    from eligibility.loader import load_directory

    return {(v.programme.code, v.label): v for v in load_directory()}
