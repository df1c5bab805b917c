"""The guide pages at work: the library and its filters, writing a guide in
two languages through the forms, a stale form refused, long and
right-to-left text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guides import actions
from guides.models import Guide, GuideVersion, VersionStatus


def test_the_library_lists_what_is_shared_by_whom_and_how_much_it_is_used(library, client):
    client.force_login(library.ofii)
    page = client.get(reverse("practice-library")).content.decode()
    for text in (
        "Considering return: the second conversation",
        "First contact: what voluntary return is",
        "Informer avec les travailleurs sociaux des CADA",
        "2 interviews",
        "adopted by 1 agency, 1 interview there",
    ):
        assert text in page
    assert "Videogesprekken" not in page  # Fedasil's unshared note


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("?phase=decision", ["L&#x27;entretien de décision"], ["Considering return", "Meet people"]),
        ("?agency={fedasil}&kind=guides", ["Considering return", "First contact"], ["entretien de décision", "CADA"]),
        ("?language=nl", ["Considering return", "First contact"], ["entretien de décision", "CADA"]),
        ("?kind=notes", ["Meet people", "CADA"], ["Considering return"]),
    ],
)
def test_the_library_filters_by_phase_agency_language_and_kind(library, client, query, shown, hidden):
    client.force_login(library.counsellor)
    page = client.get(reverse("practice-library") + query.format(fedasil=library.fedasil.pk)).content.decode()
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


def test_the_library_takes_a_fixed_number_of_queries(library, client):
    client.force_login(library.ofii)
    client.get(reverse("practice-library"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("practice-library"))
    for n in range(4):
        guide = actions.create_guide(
            by=library.isabelle, agency=library.ofii_agency, phase="orientation", language="fr", title=f"Guide {n}"
        )
        section = actions.add_section(guide.versions.get(), by=library.isabelle, titles={"fr": "Partie"})
        actions.add_item(section, by=library.isabelle, kind="checkpoint", texts={"fr": "Point"})
        actions.publish_version(guide.versions.get(), by=library.isabelle)
        actions.share_guide(guide, by=library.isabelle)
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("practice-library")).content.decode()
    assert "Guide 3" in page
    assert len(more) == len(few) <= 16


def test_an_editor_writes_a_guide_in_two_languages_and_publishes_it(library, client):
    client.force_login(library.team_leader)
    response = client.post(
        reverse("guide-create"),
        {"phase": "pre_departure", "language": "nl", "title": "Voor het vertrek", "summary": ""},
    )
    guide = Guide.objects.get(phase="pre_departure")
    assert response["Location"] == reverse("guide-draft", args=[guide.pk])
    draft = guide.versions.get()

    def ev():
        return GuideVersion.objects.get(pk=draft.pk).edit_version

    client.post(reverse("guide-draft-section-add", args=[guide.pk]), {"edit_version": ev(), "title_nl": "Reis"})
    section = draft.sections.get()
    response = client.post(
        reverse("guide-draft-item-add", args=[guide.pk, section.pk]),
        {"edit_version": ev(), "kind": "checkpoint", "text_nl": "Oproepingsbrief overlopen"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("guide-draft-language-add", args=[guide.pk]),
        {"edit_version": ev(), "language": "fr", "title": "Avant le départ"},
    )
    assert response["Location"] == reverse("guide-draft-translate", args=[guide.pk, "fr"])
    page = client.get(response["Location"]).content.decode()
    assert "Oproepingsbrief overlopen" in page  # the first language's text to translate from
    # Publishing is refused while the French texts are missing.
    client.post(reverse("guide-draft-publish", args=[guide.pk]), {"edit_version": ev()})
    assert GuideVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT
    item = draft.items.get()
    client.post(
        reverse("guide-draft-translate", args=[guide.pk, "fr"]),
        {"edit_version": ev(), f"s-{section.key}": "Voyage", f"i-{item.key}": "Relu la convocation au départ"},
    )
    response = client.post(reverse("guide-draft-publish", args=[guide.pk]), {"edit_version": ev(), "change_note": ""})
    assert response["Location"] == reverse("guide-detail", args=[guide.pk])
    assert GuideVersion.objects.get(pk=draft.pk).status == VersionStatus.PUBLISHED
    page = client.get(reverse("guide-detail", args=[guide.pk]) + "?lang=fr").content.decode()
    assert "Relu la convocation au départ" in page


def test_a_form_sent_from_a_stale_page_is_refused_with_a_message(library, client):
    draft = actions.start_new_version(library.orientation, by=library.team_leader)
    stale = draft.edit_version
    actions.add_section(draft, by=library.agency_admin, titles={"en": "Hilde's", "fr": "De Hilde", "nl": "Van Hilde"})
    client.force_login(library.team_leader)
    response = client.post(
        reverse("guide-draft-section-add", args=[library.orientation.pk]),
        {"edit_version": stale, "title_en": "Marc's", "title_fr": "De Marc", "title_nl": "Van Marc"},
    )
    assert response.status_code == 200 and "Someone else changed this draft" in response.content.decode()
    assert draft.sections.count() == 3


def test_long_and_right_to_left_texts_keep_their_direction(library, client):
    draft = actions.start_new_version(library.orientation, by=library.team_leader)
    actions.set_language(draft, by=library.team_leader, language="ar", title="الاتصال الأول: ما هي العودة الطوعية")
    long_text = "Explain " + "the assistance in detail " * 60
    section = draft.sections.first()
    actions.add_item(
        section, by=library.team_leader, kind="note", texts={"en": long_text, "ar": "اشرح المساعدة بالتفصيل"}
    )
    client.force_login(library.team_leader)
    page = client.get(reverse("guide-version", args=[library.orientation.pk, 2]) + "?lang=ar").content.decode()
    assert 'dir="auto" lang="ar">الاتصال الأول: ما هي العودة الطوعية</h1>' in page
    assert "اشرح المساعدة بالتفصيل" in page


def test_our_list_flags_an_adopted_guide_behind_its_original(library, client):
    client.force_login(library.ofii)
    page = client.get(reverse("practice-ours")).content.decode()
    assert page.count("The original has a newer version") == 1
    actions.take_in_origin(library.adopted, by=library.olivier)
    actions.publish_version(library.adopted.versions.get(status="draft"), by=library.olivier)
    assert "The original has a newer version" not in client.get(reverse("practice-ours")).content.decode()
