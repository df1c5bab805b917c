import pytest

from cases.access import visible_cases


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("counsellor", {"case"}),
        ("team_leader", {"case"}),
        ("travel_officer", {"case"}),
        ("ghent", {"ghent_case"}),
        ("agency_admin", {"case", "ghent_case"}),
        ("analyst", {"case", "ghent_case"}),
        ("ofii", {"ofii_case"}),
        ("partner", {"case"}),
        ("outsider", set()),
    ],
)
def test_each_persona_sees_exactly_the_cases_in_their_scope(world, persona, expected):
    got = set(visible_cases(getattr(world, persona)).values_list("number", flat=True))
    assert got == {getattr(world, name).number for name in expected}
