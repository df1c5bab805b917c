"""Return stories: consent gating, anonymisation, review by the sending
agency (four eyes), publication and withdrawal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import DomainError, StaleEdit
from people import actions as people_actions
from reintegration import actions_stories as story_actions
from reintegration.models import Story, StoryStatus
from tests.conftest import PERSONAS
from tests.factories import give_consent


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def story_case(world, referred_case):
    give_consent(referred_case, world.counsellor, purpose="story")
    return referred_case


@pytest.fixture
def story(world, story_case):
    return story_actions.create_story(
        story_case,
        by=world.partner,
        title="A new start",
        body="Back home, she opened a small tailoring shop with a sewing machine.",
        place="Kindia",
    )


@pytest.fixture
def attachments(settings, tmp_path):
    settings.ATTACHMENTS_ROOT = str(tmp_path)
    return tmp_path


def test_partner_writes_a_draft(world, story):
    assert story.status == StoryStatus.DRAFT and story.written_by == world.partner
    assert story.consent.purpose == "story"


def test_no_story_without_consent(world, referred_case):
    with pytest.raises(DomainError) as exc:
        story_actions.create_story(referred_case, by=world.partner, title="T", body="B")
    assert exc.value.field == "consent"


def test_no_story_after_consent_withdrawn(world, story_case):
    give_consent(story_case, world.counsellor, purpose="story", state="withdrawn")
    with pytest.raises(DomainError) as exc:
        story_actions.create_story(story_case, by=world.partner, title="T", body="B")
    assert exc.value.field == "consent"


def test_face_needs_photo_consent(world, story_case, attachments):
    with pytest.raises(DomainError) as exc:
        story_actions.create_story(story_case, by=world.partner, title="T", body="B", photo=_png(), shows_face=True)
    assert exc.value.field == "shows_face"
    assert not list(attachments.iterdir())  # nothing stored
    story = story_actions.create_story(
        story_case, by=world.partner, title="T", body="B", photo=_png(), shows_face=False
    )
    assert story.photo is not None and not story.shows_face
    give_consent(story_case, world.counsellor, purpose="story_photo")
    story = story_actions.create_story(story_case, by=world.partner, title="T", body="B", photo=_png(), shows_face=True)
    assert story.shows_face


def test_only_the_partner_writes(world, story_case):
    for who in ("counsellor", "team_leader", "agency_admin"):
        with pytest.raises(DomainError) as exc:
            story_actions.create_story(story_case, by=getattr(world, who), title="T", body="B")
        assert exc.value.code == "forbidden"


@pytest.mark.parametrize(
    "field, text",
    [
        ("body", "{given} came back in spring."),
        ("title", "The return of {FAMILY}"),
        ("body", "Thanks to ÉLODIE and the shop."),
        ("body", "وصلت فاطمة إلى المنزل"),
        ("title", "Case {number}"),
        ("body", "Call her on 620 11 22 33."),
        ("place", "Kindia, at {family}'s village"),
    ],
)
def test_anonymisation_refusals(world, story_case, field, text):
    principal = story_case.principal
    people_actions.update_person(
        principal,
        by=world.counsellor,
        expected_version=principal.version,
        given_name="Élodie",
        original_script_name="فاطمة بنت علي",
        phone="+224 620 11 22 33",
    )
    principal.refresh_from_db()
    story_case.principal = principal
    text = text.format(
        given=principal.given_name,
        FAMILY=principal.family_name.upper(),
        family=principal.family_name,
        number=story_case.number.lower(),
    )
    fields = {"title": "A title", "body": "A story.", "place": "Kindia", field: text}
    with pytest.raises(DomainError) as exc:
        story_actions.create_story(story_case, by=world.partner, **fields)
    assert exc.value.field == field
    assert not Story.objects.exists()


def test_a_household_member_or_alias_is_refused_too(world, story_case):
    from tests.factories import make_person

    child = make_person(world.bxl, world.counsellor, given_name="Moussa", family_name="Camara")
    from cases import actions as case_actions

    case_actions.add_member(story_case, child, by=world.counsellor, relation="child")
    people_actions.add_alias(story_case.principal, by=world.counsellor, name="Fanta", kind="alias")
    for text in ("Her son moussa helps.", "They call her fanta."):
        with pytest.raises(DomainError):
            story_actions.create_story(story_case, by=world.partner, title="T", body=text)


def test_review_four_eyes_and_publication(world, story):
    story_actions.submit_story(story, by=world.partner)
    with pytest.raises(DomainError) as exc:
        story_actions.review_story(story, by=world.partner, approve=True)
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        story_actions.review_story(story, by=world.counsellor, approve=True)
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        story_actions.review_story(story, by=world.team_leader, approve=False)
    assert exc.value.field == "note"
    story = story_actions.review_story(story, by=world.team_leader, approve=False, note="Less detail on the shop.")
    assert story.status == StoryStatus.REJECTED
    story = story_actions.update_story(
        story, by=world.partner, expected_lock_version=story.lock_version, title="A new start", body="She sews."
    )
    assert story.status == StoryStatus.DRAFT
    story_actions.submit_story(story, by=world.partner)
    story = story_actions.review_story(story, by=world.agency_admin, approve=True)
    assert story.status == StoryStatus.APPROVED and story.reviewed_by == world.agency_admin
    story = story_actions.publish_story(story, by=world.team_leader)
    assert story.status == StoryStatus.PUBLISHED and story.published_at is not None


def test_the_author_cannot_review_even_with_a_reviewer_role(world, story_case):
    from organisations.models import Membership

    Membership.objects.create(user=world.partner, office=world.bxl, role="team_leader")
    story = story_actions.create_story(story_case, by=world.partner, title="T", body="B")
    story_actions.submit_story(story, by=world.partner)
    with pytest.raises(DomainError) as exc:
        story_actions.review_story(story, by=world.partner, approve=True)
    assert exc.value.code == "forbidden"


def test_optimistic_locking(world, story):
    story_actions.update_story(story, by=world.partner, expected_lock_version=story.lock_version, title="One", body="x")
    with pytest.raises(StaleEdit):
        story_actions.update_story(
            story, by=world.partner, expected_lock_version=story.lock_version, title="Two", body="y"
        )


def test_no_edit_once_submitted(world, story):
    story = story_actions.submit_story(story, by=world.partner)
    with pytest.raises(DomainError):
        story_actions.update_story(
            story, by=world.partner, expected_lock_version=story.lock_version, title="T", body="B"
        )


def _published(world, story):
    story_actions.submit_story(story, by=world.partner)
    story_actions.review_story(story, by=world.team_leader, approve=True)
    return story_actions.publish_story(story, by=world.team_leader)


def test_withdrawn_consent_unpublishes(world, story_case, story, as_persona):
    _published(world, story)
    page = as_persona("ofii").get(reverse("stories")).content.decode()
    assert "A new start" in page and story_case.principal.family_name not in page
    # A withdrawal recorded anywhere takes it off the page at once (checked on display)...
    give_consent(story_case, world.counsellor, purpose="story", state="withdrawn")
    assert "A new start" not in as_persona("ofii").get(reverse("stories")).content.decode()
    # ... and through the story consent action, the story itself is withdrawn.
    give_consent(story_case, world.counsellor, purpose="story")
    import datetime

    from django.utils import timezone

    story_actions.record_story_consent(
        story_case,
        by=world.partner,
        purpose="story",
        state="withdrawn",
        date=timezone.localdate() + datetime.timedelta(days=0),
        language="fr",
        method="oral",
    )
    story.refresh_from_db()
    assert story.status == StoryStatus.REJECTED and story.published_at is None


def test_unpublish_action(world, story):
    story = _published(world, story)
    with pytest.raises(DomainError):
        story_actions.unpublish_story(story, by=world.team_leader, reason="")
    story = story_actions.unpublish_story(story, by=world.team_leader, reason="Asked by the person")
    assert story.status == StoryStatus.REJECTED


# Pages ----------------------------------------------------------------------------------

# The referred Brussels case: Brussels staff, Fedasil agency roles, and IOM.
CASE_PAGE = {
    "counsellor": 200,
    "team_leader": 200,
    "ghent": 404,
    "travel_officer": 403,
    "agency_admin": 200,
    "analyst": 200,
    "ofii": 404,
    "partner": 200,
    "outsider": 404,
}
NEW_PAGE = {name: (403 if code == 200 else code) for name, code in CASE_PAGE.items()} | {"partner": 200}
STORIES_PAGE = {name: 200 for name in PERSONAS} | {"outsider": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix(world, story_case, story, as_persona, persona):
    client = as_persona(persona)
    assert client.get(reverse("case-stories", args=[story_case.pk])).status_code == CASE_PAGE[persona]
    assert client.get(reverse("story-new", args=[story_case.pk])).status_code == NEW_PAGE[persona]
    assert client.get(reverse("story-detail", args=[story.pk])).status_code == CASE_PAGE[persona]
    assert client.get(reverse("story-edit", args=[story.pk])).status_code == NEW_PAGE[persona]
    assert client.get(reverse("stories")).status_code == STORIES_PAGE[persona]


SUBMIT = {name: (403 if code == 200 else code) for name, code in CASE_PAGE.items()} | {"partner": 302}
REVIEW = {name: (403 if code == 200 else code) for name, code in CASE_PAGE.items()} | {
    "team_leader": 302,
    "agency_admin": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_submit_matrix(world, story, as_persona, persona):
    response = as_persona(persona).post(reverse("story-submit", args=[story.pk]))
    assert response.status_code == SUBMIT[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_review_and_publish_matrix(world, story, as_persona, persona):
    story_actions.submit_story(story, by=world.partner)
    client = as_persona(persona)
    response = client.post(reverse("story-review", args=[story.pk]), {"decision": "approve", "note": ""})
    assert response.status_code == REVIEW[persona]
    if REVIEW[persona] == 302:
        assert client.post(reverse("story-publish", args=[story.pk])).status_code == 302
        story.refresh_from_db()
        assert story.status == StoryStatus.PUBLISHED


def test_partner_writes_through_the_page_and_is_told_what_to_remove(world, story_case, as_persona, attachments):
    client = as_persona("partner")
    url = reverse("story-new", args=[story_case.pk])
    name = story_case.principal.given_name
    response = client.post(url, {"title": "Home", "body": f"{name} is home.", "place": "Kindia"})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    response = client.post(url, {"title": "Home", "body": "B", "photo": _png(), "shows_face": "on"})
    assert response.status_code == 200 and "shows_face" in response.context["form"].errors
    response = client.post(url, {"title": "Home", "body": "She is home.", "place": "Kindia", "photo": _png()})
    story = Story.objects.get()
    assert response.status_code == 302 and response.url == reverse("story-detail", args=[story.pk])
    photo = client.get(reverse("story-photo", args=[story.pk]))
    assert photo.status_code == 200
    # Not published: other agencies cannot fetch the photo.
    assert as_persona("ofii").get(reverse("story-photo", args=[story.pk])).status_code == 404


def test_stale_edit_through_the_page(world, story, as_persona):
    client = as_persona("partner")
    url = reverse("story-edit", args=[story.pk])
    client.post(url, {"title": "One", "body": "x", "lock_version": story.lock_version})
    response = client.post(url, {"title": "Two", "body": "y", "lock_version": story.lock_version})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


# API -----------------------------------------------------------------------------------

API_GET = {name: (403 if code == 403 else code) for name, code in CASE_PAGE.items()}
API_POST = {name: (403 if code == 200 else code) for name, code in CASE_PAGE.items()} | {"partner": 201}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix(world, story_case, story, as_persona, persona):
    client = as_persona(persona)
    url = f"/api/cases/{story_case.pk}/stories/"
    assert client.get(url).status_code == API_GET[persona]
    response = client.post(url, {"title": "T", "body": "Home again."}, content_type="application/json")
    assert response.status_code == API_POST[persona], response.content
    assert client.get(f"/api/stories/{story.pk}/").status_code == API_GET[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_review_matrix(world, story, as_persona, persona):
    story_actions.submit_story(story, by=world.partner)
    response = as_persona(persona).post(
        f"/api/stories/{story.pk}/review/", {"action": "approve"}, content_type="application/json"
    )
    expected = REVIEW[persona] if REVIEW[persona] != 302 else 200
    assert response.status_code == expected, response.content


def test_api_refusals_name_the_field(world, story_case, story, as_persona):
    client = as_persona("partner")
    url = f"/api/cases/{story_case.pk}/stories/"
    response = client.post(url, {"title": story_case.number, "body": "x"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "title"
    response = client.put(
        f"/api/stories/{story.pk}/",
        {"title": "x", "body": "y", "lock_version": story.lock_version + 5},
        content_type="application/json",
    )
    assert response.status_code == 409
    response = client.post(f"/api/stories/{story.pk}/review/", {"action": "approve"}, content_type="application/json")
    assert response.status_code == 403
