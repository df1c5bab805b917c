"""Across agencies: shared know-how is visible to every agency, drafts and
unshared guides stay in their agency, and a case never crosses."""

import pytest
from django.urls import reverse

from guides import actions
from guides.access import visible_guides, visible_notes
from guides.models import GuideVersion, PracticeNote


@pytest.fixture
def unpublished(library):
    """A Fedasil guide never published, and a draft version 3 of the shared one."""
    guide = actions.create_guide(
        by=library.team_leader, agency=library.fedasil, phase="pre_departure", language="nl", title="Voor het vertrek"
    )
    library.unpublished = guide
    library.draft3 = actions.start_new_version(library.consideration, by=library.team_leader)
    return library


def test_a_shared_guide_is_visible_to_ofii_and_an_unpublished_one_is_not(unpublished, client):
    w = unpublished
    assert set(visible_guides(w.ofii)) == {w.consideration, w.orientation, w.decision, w.adopted}
    client.force_login(w.ofii)
    assert client.get(reverse("guide-detail", args=[w.consideration.pk])).status_code == 200
    assert client.get(reverse("guide-detail", args=[w.unpublished.pk])).status_code == 404
    # The draft of the shared guide stays in Fedasil, even by its number.
    assert client.get(reverse("guide-version", args=[w.consideration.pk, 3])).status_code == 404
    assert client.get(reverse("guide-version", args=[w.consideration.pk, 2])).status_code == 200
    assert client.get(reverse("guide-draft", args=[w.consideration.pk])).status_code == 403
    library_page = client.get(reverse("practice-library")).content.decode()
    assert "Voor het vertrek" not in library_page


def test_a_published_guide_not_shared_stays_in_its_agency(unpublished, client):
    w = unpublished
    actions.share_guide(w.orientation, by=w.agency_admin, shared=False)
    client.force_login(w.ofii)
    assert client.get(reverse("guide-detail", args=[w.orientation.pk])).status_code == 404
    client.force_login(w.ghent)
    assert client.get(reverse("guide-detail", args=[w.orientation.pk])).status_code == 200


def test_the_own_agency_sees_its_unpublished_guide_and_drafts(unpublished, client):
    w = unpublished
    assert w.unpublished in visible_guides(w.ghent) and w.unpublished in visible_guides(w.analyst)
    client.force_login(w.ghent)
    assert client.get(reverse("guide-detail", args=[w.unpublished.pk])).status_code == 200
    assert client.get(reverse("guide-version", args=[w.consideration.pk, 3])).status_code == 200


def test_an_unshared_practice_note_stays_in_its_agency(library):
    draft_note = PracticeNote.objects.get(agency=library.fedasil, shared_at__isnull=True)
    assert draft_note in visible_notes(library.ghent)
    assert draft_note not in visible_notes(library.ofii)
    assert draft_note not in visible_notes(library.partner)
    assert not visible_notes(library.outsider).exists()


def test_a_case_never_crosses_agencies(library, client):
    """OFII sees Fedasil's guide and how often it is used, but never the
    cases or interviews it was used in."""
    w = library
    bxl_case = w.counselling_cases[0]
    interview = bxl_case.interviews.get()
    client.force_login(w.ofii)
    page = client.get(reverse("guide-detail", args=[w.consideration.pk])).content.decode()
    assert bxl_case.number not in page and bxl_case.principal.family_name not in page
    assert client.get(reverse("interview-guide-use", args=[interview.pk])).status_code == 404
    assert client.get(reverse("guide-interview-start", args=[bxl_case.pk])).status_code == 404
    # Nor may an OFII interview follow Fedasil's own guide (only OFII's copy).
    v2 = w.consideration.versions.get(number=2)
    url = reverse("interview-create", args=[w.mrs_counselling.pk]) + f"?guide={v2.pk}"
    assert client.get(url).status_code == 404


def test_partners_see_the_library_but_not_interviews(library, client):
    w = library
    client.force_login(w.partner)
    assert "Considering return: the second conversation" in client.get(reverse("practice-library")).content.decode()
    referred = w.case  # referred to IOM: the partner sees the case, never its interviews
    version = GuideVersion.objects.get(guide=w.consideration, number=2)
    from tests.guides.test_interviews import record_with_guide

    interview = record_with_guide(referred, w.counsellor, version, covered=[])
    assert client.get(reverse("case-detail", args=[referred.pk])).status_code == 200
    assert client.get(reverse("interview-guide-use", args=[interview.pk])).status_code == 403
