"""The demo's guides on top of the `world` personas (see conftest.library);
also used by the browser test, which cannot see this directory's fixtures."""

from types import SimpleNamespace

from django.utils import timezone

from cases.lifecycle import Status
from core.demo.guides import load_guides
from guides.models import Guide
from organisations.models import Role
from tests.factories import make_case, make_user


def load_demo_guides(w):
    w.ofii_agency = w.mrs.agency
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
        agencies={"fedasil": w.fedasil, "ofii": w.ofii_agency},
        offices={"BXL": w.bxl, "MRS": w.mrs, "GNT": w.ghent_office},
        horizon=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0),
    )
    w.loaded = load_guides(builder)
    w.consideration = Guide.objects.get(agency=w.fedasil, phase="consideration")
    w.orientation = Guide.objects.get(agency=w.fedasil, phase="orientation")
    w.decision = Guide.objects.get(agency=w.ofii_agency, phase="decision")
    w.adopted = Guide.objects.get(agency=w.ofii_agency, origin=w.consideration)
    return w
