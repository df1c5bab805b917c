import pytest

from cases.lifecycle import Status
from tests.factories import approve_package, make_case


@pytest.fixture
def travel_case(world, rules):
    """A Brussels case in travel preparation with an approved Fedasil package."""
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.TRAVEL_PREPARATION)
    case.decision = approve_package(case, world.counsellor, world.team_leader)
    return case
