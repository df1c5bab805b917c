"""Fixtures shared by the matching tests."""

import datetime

import pytest

from tests.factories import JALLOW, make_person


@pytest.fixture
def known(world):
    """Mohamed Jallow, known in Brussels and (another record) in Marseille,
    and Aminata Bah in Ghent."""
    jallow = {**JALLOW, "phone": "+32 470 11 22 33"}
    return {
        "bxl": make_person(world.bxl, world.counsellor, **jallow),
        "mrs": make_person(world.mrs, world.ofii, **{**jallow, "phone": "+33 6 12 34 56 78"}),
        "ghent": make_person(
            world.ghent_office,
            world.ghent,
            given_name="Aminata",
            family_name="Bah",
            sex="female",
            date_of_birth=datetime.date(1988, 3, 2),
            dob_precision="full",
            nationality="SN",
        ),
    }
