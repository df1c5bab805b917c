"""The Reintegration page: each persona sees the links they may follow, and every link opens."""

import pytest

from tests.conftest import PERSONAS

#                 counsellor team_leader ghent travel_officer agency_admin analyst ofii partner outsider
EXPECTED = (200, 200, 200, 403, 200, 200, 200, 200, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_page_and_every_link_on_it_opens(world, as_persona, persona):
    client = as_persona(persona)
    response = client.get("/reintegration/")
    assert response.status_code == EXPECTED[PERSONAS.index(persona)]
    header = client.get("/").content.decode()
    assert ('href="/reintegration/"' in header) == (response.status_code == 200)
    if response.status_code == 200:
        links = response.context["links"]
        assert links
        for link in links:
            from django.urls import reverse

            assert client.get(reverse(link["name"])).status_code == 200, link["name"]


def test_the_partner_is_offered_the_inbox_and_registering_a_returnee(world, as_persona):
    names = [link["name"] for link in as_persona("partner").get("/reintegration/").context["links"]]
    assert names[:2] == ["referrals-inbox", "retro-new"]
    staff = [link["name"] for link in as_persona("counsellor").get("/reintegration/").context["links"]]
    assert "referrals-inbox" not in staff and "monitoring-overdue" in staff
