"""Sharing and adoption: a copy owned by the adopting agency, keeping the link
to the original; the copy is told when the original publishes a newer
version, sees what changed and can take it in without losing its own
adaptations. The same for practice notes."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from guides import actions, actions_notes, content
from guides.library import origin_news
from guides.models import Guide, PracticeNote, VersionStatus


def test_an_adopted_guide_is_a_copy_owned_by_the_adopter_linked_to_the_original(library):
    copy, original = library.adopted, library.consideration
    assert copy.agency == library.ofii_agency and copy.origin == original
    v1 = copy.versions.get(number=1)
    assert v1.status == VersionStatus.PUBLISHED and v1.origin_version == original.versions.get(number=1)
    # OFII's adaptation: French only, one point of its own, the original's keys kept.
    doc = content.load(v1)
    assert content.languages(doc) == ["fr"]
    original_keys = {i["key"] for s in content.load(original.versions.get(number=1))["sections"] for i in s["items"]}
    own = [i for s in doc["sections"] for i in s["items"] if i["key"] not in original_keys]
    assert [i["texts"]["fr"][:35] for i in own] == ["Présenté l'aide à la réinsertion de"]


def test_the_copy_is_told_the_original_has_a_newer_version_and_what_changed(library):
    news = origin_news(library.adopted)
    assert (news["latest"].number, news["followed"].number) == (2, 1)
    changes = news["changes"]
    assert [i["texts"]["fr"][:38] for i in changes["items_added"]] == ["Si vous avez déjà reçu une aide au ret"]
    assert [c["after"]["texts"]["en"] for c in changes["items_changed"]] == [
        "Gave the written information sheet in the person's language, and went through it together"
    ]
    assert not changes["items_removed"] and news["taken_in"] is None
    # The original's own agency is never shown such a notice.
    assert origin_news(library.consideration) is None


def test_the_notice_shows_on_the_copy_page_for_its_agency_only(library, client):
    client.force_login(library.olivier)
    page = client.get(reverse("guide-detail", args=[library.adopted.pk])).content.decode()
    assert "The original has a newer version" in page and "Si vous avez déjà reçu une aide" in page
    client.force_login(library.team_leader)
    page = client.get(reverse("guide-detail", args=[library.consideration.pk])).content.decode()
    assert "The original has a newer version" not in page


def test_taking_in_keeps_the_copys_own_point_and_language(library):
    draft, conflicts = actions.take_in_origin(library.adopted, by=library.olivier)
    assert conflicts == []
    assert (draft.number, draft.status, draft.origin_version.number) == (2, VersionStatus.DRAFT, 2)
    doc = content.load(draft)
    texts = [i["texts"]["fr"] for s in doc["sections"] for i in s["items"]]
    assert content.languages(doc) == ["fr"]
    assert any(t.startswith("Si vous avez déjà reçu une aide au retour") for t in texts)
    assert any(t.startswith("Présenté l'aide à la réinsertion de l'OFII") for t in texts)
    assert "Remis la fiche d'information écrite dans la langue de la personne, et parcourue ensemble" in texts
    # Until it is published, the notice says the draft has the changes.
    assert origin_news(library.adopted)["taken_in"] == draft
    with pytest.raises(DomainError, match="Publish or discard the draft"):
        actions.take_in_origin(library.adopted, by=library.olivier)
    actions.publish_version(draft, by=library.olivier)
    assert origin_news(library.adopted) is None


def test_a_point_the_copy_adapted_and_the_original_changed_is_kept_and_listed(library):
    # OFII rewrote the information-sheet point in its copy (a version 2)...
    draft = actions.start_new_version(library.adopted, by=library.olivier)
    sheet = next(i for i in draft.items.all() if i.texts.get().text.startswith("Remis la fiche"))
    actions.update_item(sheet, by=library.olivier, kind="checkpoint", texts={"fr": "Remis la fiche OFII"})
    actions.publish_version(draft, by=library.olivier)
    # ...which Fedasil's version 2 changed too.
    new, conflicts = actions.take_in_origin(library.adopted, by=library.olivier)
    assert [c["key"] for c in conflicts] == [sheet.key]
    assert new.items.get(key=sheet.key).texts.get().text == "Remis la fiche OFII"


def test_a_guide_is_adopted_once_per_agency_and_only_when_shared(library):
    with pytest.raises(DomainError):
        actions.adopt_guide(library.consideration, by=library.isabelle)  # OFII has its copy
    unshared = actions.share_guide(library.orientation, by=library.agency_admin, shared=False)
    with pytest.raises(DomainError):
        actions.adopt_guide(unshared, by=library.olivier)
    with pytest.raises(DomainError):
        actions.adopt_guide(library.consideration, by=library.ofii)  # a counsellor, not an editor
    actions.share_guide(library.orientation, by=library.agency_admin)
    copy = actions.adopt_guide(library.orientation, by=library.olivier)
    assert copy.agency == library.ofii_agency and copy.versions.get().status == VersionStatus.DRAFT


def test_an_unshared_original_stops_telling_its_copies(library):
    actions.share_guide(library.consideration, by=library.agency_admin, shared=False)
    library.adopted.refresh_from_db()
    assert origin_news(Guide.objects.get(pk=library.adopted.pk)) is None


def test_adopting_through_the_page_opens_the_copys_draft(library, client):
    client.force_login(library.olivier)
    response = client.post(reverse("guide-adopt", args=[library.orientation.pk]))
    copy = Guide.objects.get(agency=library.ofii_agency, origin=library.orientation)
    assert response.status_code == 302 and response["Location"] == reverse("guide-draft", args=[copy.pk])


def test_a_practice_note_adopted_is_told_of_the_originals_update(library):
    original = PracticeNote.objects.get(agency=library.fedasil, title__startswith="Meet people where they live")
    copy = PracticeNote.objects.get(origin=original)
    assert copy.agency == library.ofii_agency and copy.origin_revision == 1 and original.revision == 2
    assert actions_notes.note_news(copy) == original
    with pytest.raises(DomainError):
        actions_notes.take_in_note(copy, by=library.ofii)  # a counsellor does not take updates in
    taken = actions_notes.take_in_note(copy, by=library.olivier, revision=copy.revision)
    assert taken.body == original.body and taken.origin_revision == 2
    assert actions_notes.note_news(PracticeNote.objects.get(pk=copy.pk)) is None


def test_an_unshared_note_cannot_be_adopted(library):
    draft_note = PracticeNote.objects.get(agency=library.fedasil, shared_at__isnull=True)
    with pytest.raises(DomainError):
        actions_notes.adopt_note(draft_note, by=library.olivier)
