"""Guide versions: a draft changes, a published version never does, the next
version starts as a copy of the last; only editors of the owning agency write."""

import pytest

from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from guides import actions, content
from guides.models import Guide, GuideVersion, Item, VersionStatus


@pytest.fixture
def draft(world):
    guide = actions.create_guide(
        by=world.team_leader, agency=world.fedasil, phase="orientation", language="en", title="First contact"
    )
    version = guide.versions.get()
    section = actions.add_section(version, by=world.team_leader, titles={"en": "Who we are"})
    actions.add_item(section, by=world.team_leader, kind="key_message", texts={"en": "We are social workers."})
    actions.add_item(section, by=world.team_leader, kind="checkpoint", texts={"en": "Gave our phone number"})
    return version


def test_a_published_version_can_no_longer_be_changed(world, draft):
    published = actions.publish_version(draft, by=world.team_leader, change_note="First version")
    assert published.status == VersionStatus.PUBLISHED and published.published_by == world.team_leader
    before = content.load(published)
    section = published.sections.get()
    item = published.items.first()
    refused = [
        lambda: actions.add_section(published, by=world.team_leader, titles={"en": "More"}),
        lambda: actions.update_section(section, by=world.team_leader, titles={"en": "Changed"}),
        lambda: actions.add_item(section, by=world.team_leader, kind="question", texts={"en": "Why?"}),
        lambda: actions.update_item(item, by=world.team_leader, kind="note", texts={"en": "Changed"}),
        lambda: actions.remove_item(item, by=world.team_leader),
        lambda: actions.remove_section(section, by=world.team_leader),
        lambda: actions.set_language(published, by=world.team_leader, language="fr", title="Premier contact"),
        lambda: actions.translate(published, by=world.team_leader, language="en", titles={}, texts={}),
        lambda: actions.publish_version(published, by=world.team_leader),
        lambda: actions.discard_draft(published, by=world.team_leader),
    ]
    for attempt in refused:
        with pytest.raises(DomainError, match="published and can no longer be changed"):
            attempt()
    assert content.load(GuideVersion.objects.get(pk=published.pk)) == before


def test_a_new_version_starts_as_a_copy_of_the_last(world, draft):
    v1 = actions.publish_version(draft, by=world.team_leader)
    v2 = actions.start_new_version(v1.guide, by=world.agency_admin)
    assert (v2.number, v2.status) == (2, VersionStatus.DRAFT)
    old, new = content.load(v1), content.load(v2)

    # The same content and keys, in new rows.
    def strip(doc):
        return [
            (s["key"], s["titles"], [(i["key"], i["kind"], i["texts"]) for i in s["items"]]) for s in doc["sections"]
        ]

    assert strip(old) == strip(new)
    assert not {i["id"] for s in old["sections"] for i in s["items"]} & {
        i["id"] for s in new["sections"] for i in s["items"]
    }
    # Changing the copy leaves version 1 as it was.
    item = v2.items.get(kind="checkpoint")
    actions.update_item(item, by=world.team_leader, kind="checkpoint", texts={"en": "Gave our phone number and hours"})
    assert content.diff(old, content.load(v2))["items_changed"][0]["key"] == item.key
    assert content.load(v1) == old


def test_one_draft_at_a_time(world, draft):
    with pytest.raises(DomainError, match="already a draft"):
        actions.start_new_version(draft.guide, by=world.team_leader)


def test_publishing_needs_every_text_in_every_language(world, draft):
    actions.set_language(draft, by=world.team_leader, language="fr", title="Premier contact")
    with pytest.raises(DomainError) as refused:
        actions.publish_version(draft, by=world.team_leader)
    assert refused.value.field == "texts" and "French" in str(refused.value.message)
    section = draft.sections.get()
    items = {i.kind: i for i in draft.items.all()}
    actions.translate(
        draft,
        by=world.team_leader,
        language="fr",
        titles={section.key: "Qui nous sommes"},
        texts={
            items["key_message"].key: "Nous sommes des travailleurs sociaux.",
            items["checkpoint"].key: "Donné notre numéro",
        },
    )
    assert actions.publish_version(draft, by=world.team_leader).status == VersionStatus.PUBLISHED


def test_an_empty_guide_or_section_is_not_published(world):
    guide = actions.create_guide(
        by=world.agency_admin, agency=world.fedasil, phase="decision", language="nl", title="Beslissing"
    )
    version = guide.versions.get()
    with pytest.raises(DomainError, match="at least one section"):
        actions.publish_version(version, by=world.agency_admin)
    actions.add_section(version, by=world.agency_admin, titles={"nl": "Leeg"})
    section = actions.add_section(version, by=world.agency_admin, titles={"nl": "Vol"})
    actions.add_item(section, by=world.agency_admin, kind="question", texts={"nl": "Waarom nu?"})
    with pytest.raises(DomainError, match="Leeg"):
        actions.publish_version(version, by=world.agency_admin)


def test_the_first_language_text_is_required_and_named(world, draft):
    section = draft.sections.get()
    with pytest.raises(DomainError) as refused:
        actions.add_item(section, by=world.team_leader, kind="question", texts={"en": "  "})
    assert refused.value.field == "text_en"
    with pytest.raises(DomainError) as refused:
        actions.add_item(section, by=world.team_leader, kind="riddle", texts={"en": "?"})
    assert refused.value.field == "kind"
    assert draft.items.count() == 2


def test_an_edit_from_a_stale_page_is_refused(world, draft):
    seen = GuideVersion.objects.get(pk=draft.pk).edit_version
    actions.add_section(draft, by=world.team_leader, titles={"en": "Closing"}, edit_version=seen)
    with pytest.raises(StaleEdit):
        actions.add_section(draft, by=world.agency_admin, titles={"en": "Closing too"}, edit_version=seen)
    assert draft.sections.count() == 2


def test_only_editors_of_the_owning_agency_write_guides(world, draft):
    for user in (world.counsellor, world.analyst, world.travel_officer, world.ofii, world.partner, world.outsider):
        with pytest.raises(DomainError) as refused:
            actions.add_section(draft, by=user, titles={"en": "Mine"})
        assert refused.value.code == "forbidden"
        with pytest.raises(DomainError):
            actions.create_guide(by=user, agency=world.fedasil, phase="orientation", language="en", title="x")
    assert draft.sections.count() == 1


def test_discarding_the_only_draft_removes_the_guide(world, draft):
    guide = draft.guide
    assert actions.discard_draft(draft, by=world.team_leader) is None
    assert not Guide.objects.filter(pk=guide.pk).exists()
    assert AuditEvent.objects.filter(action="guide.draft_discarded").exists()


def test_moving_and_removing_items_in_a_draft(world, draft):
    section = draft.sections.get()
    first, second = section.items.order_by("position")
    actions.move_item(second, by=world.team_leader, up=True)
    assert list(section.items.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    actions.remove_item(first, by=world.team_leader)
    assert not Item.objects.filter(pk=first.pk).exists()
    # The only language cannot go.
    with pytest.raises(DomainError, match="at least one language"):
        actions.remove_language(draft, by=world.team_leader, language="en")
