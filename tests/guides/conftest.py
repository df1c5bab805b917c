"""The demo's guides and practice notes on top of the `world` personas.

library   world + OFII's team leader Olivier (Marseille) and administrator
          Isabelle, two cases in counselling in Brussels and one in Marseille,
          and core.demo.guides loaded as the demo loads it: Fedasil's
          consideration guide (en/fr/nl, two versions, shared), its
          orientation guide, OFII's decision guide (fr, shared), OFII's adopted
          copy of the consideration guide (fr, one version behind), practice
          notes, and interviews run from the guides.
"""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from cases.lifecycle import Status
from core.demo.guides import load_guides
from guides.models import Guide
from organisations.models import Role
from tests.factories import make_case, make_user


@pytest.fixture
def library(world):
    w = world
    w.olivier = make_user("olivier", (w.mrs, Role.TEAM_LEADER), first_name="Olivier")
    w.isabelle = make_user("isabelle", (w.mrs, Role.AGENCY_ADMIN), first_name="Isabelle")
    w.counselling_cases = [
        make_case(w.bxl, w.counsellor, counsellor=w.counsellor, status=Status.COUNSELLING) for _ in range(2)
    ]
    w.mrs_counselling = make_case(w.mrs, w.ofii, counsellor=w.ofii, status=Status.COUNSELLING)
    builder = SimpleNamespace(
        users={
            "marc": w.team_leader,
            "hilde": w.agency_admin,
            "sofie": w.counsellor,
            "pieter": w.ghent,
            "claire": w.ofii,
            "olivier": w.olivier,
            "isabelle": w.isabelle,
        },
        agencies={"fedasil": w.fedasil, "ofii": w.mrs.agency},
        offices={"BXL": w.bxl, "MRS": w.mrs, "GNT": w.ghent_office},
        horizon=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0),
    )
    w.loaded = load_guides(builder)
    w.consideration = Guide.objects.get(agency=w.fedasil, phase="consideration")
    w.orientation = Guide.objects.get(agency=w.fedasil, phase="orientation")
    w.ofii_agency = w.mrs.agency
    w.decision = Guide.objects.get(agency=w.ofii_agency, phase="decision")
    w.adopted = Guide.objects.get(agency=w.ofii_agency, origin=w.consideration)
    return w
