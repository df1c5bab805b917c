import datetime

import pytest

from cases import actions as case_actions
from tests.factories import make_person


@pytest.fixture
def family(world):
    """world.case (Brussels, Sofie's, referred to IOM and accepted) with the
    principal's daughter, 8 or 9 years old, on it. Returns (case, principal, child)."""
    case = world.case
    today = datetime.date.today()
    child = make_person(
        world.bxl,
        world.counsellor,
        given_name="Aïcha",
        family_name="Diallo",
        date_of_birth=datetime.date(today.year - 9, 1, 15),
    )
    case_actions.add_member(case, child, by=world.counsellor, relation="child")
    return case, case.principal, child


def answers(**given) -> dict:
    """{question: (answer, details)} from keyword arguments such as
    medical="yes" or medical=("yes", "insulin")."""
    out = {}
    for question, value in given.items():
        out[question] = value if isinstance(value, tuple) else (value, "")
    return out
