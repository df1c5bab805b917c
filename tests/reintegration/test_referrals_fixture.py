from cases.access import case_roles


def test_referred_case_fixture(world, referred_case):
    assert referred_case.status == "departed"
    assert referred_case.referral.status == "accepted"
    assert referred_case.partner_consent.partner == world.iom
    assert "partner_caseworker" in case_roles(world.partner, referred_case)
