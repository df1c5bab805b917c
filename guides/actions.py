"""Every change to a conversation guide: one transaction and its audit event.

A draft is the only version that changes; each change to it is checked
against the edit_version the editor loaded (optimistic locking). Publishing
freezes it; the next version starts as a copy of the last.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError, StaleEdit
from core.languages import language_name, validate_language
from guides import content
from guides.access import editor_agency_ids, home_agency, may_adopt
from guides.library import latest_published, origin_news
from guides.models import (
    Guide,
    GuideVersion,
    Item,
    ItemKind,
    ItemText,
    Phase,
    Section,
    SectionText,
    VersionLanguage,
    VersionStatus,
)


def _require_editor(by, agency_id: int) -> None:
    if agency_id not in editor_agency_ids(by):
        raise DomainError(
            _("Only agency administrators and team leaders of the agency write its guides."), code="forbidden"
        )


def _new_keys(guide: Guide, n: int = 1) -> list[str]:
    """Keys unique across every copy of the guide, in a locked counter."""
    Guide.objects.filter(pk=guide.pk).update(next_key=F("next_key") + n)
    end = Guide.objects.values_list("next_key", flat=True).get(pk=guide.pk)
    return [f"g{guide.pk}-{k}" for k in range(end - n, end)]


def _check_language(code: str) -> None:
    try:
        validate_language(code)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="language") from None


def _lock_draft(version: GuideVersion, edit_version: int | None) -> GuideVersion:
    locked = GuideVersion.objects.select_for_update().select_related("guide").get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise DomainError(
            _("Version %(n)s is published and can no longer be changed: start a new version.") % {"n": locked.number},
            code="published",
        )
    if edit_version is not None and int(edit_version) != locked.edit_version:
        raise StaleEdit(_("Someone else changed this draft since you opened it. Reload the page and try again."))
    locked.edit_version += 1
    locked.save(update_fields=["edit_version"])
    return locked


def _languages(version: GuideVersion) -> list[str]:
    return list(version.languages.values_list("language", flat=True))


def _clean_texts(version: GuideVersion, texts: dict, *, field: str = "text") -> dict:
    """Texts in the version's languages, blanks dropped; the reference
    (first) language must have one."""
    langs = _languages(version)
    cleaned = {lang: (texts.get(lang) or "").strip() for lang in langs}
    if not cleaned.get(langs[0]):
        raise DomainError(
            _("Write the text in %(language)s, the guide's first language.") % {"language": language_name(langs[0])},
            field=f"{field}_{langs[0]}",
        )
    return {k: v for k, v in cleaned.items() if v}


def _put_texts(rows, parent_field: str, parent, texts: dict, attr: str, langs: list[str]) -> None:
    model = rows.model
    for lang in langs:
        value = texts.get(lang)
        if value:
            model.objects.update_or_create(**{parent_field: parent, "language": lang}, defaults={attr: value})
        else:
            rows.filter(language=lang).delete()


# --- Guides and versions --------------------------------------------------------


@transaction.atomic
def create_guide(*, by, agency, phase: str, language: str, title: str, summary: str = "") -> Guide:
    _require_editor(by, agency.pk)
    if phase not in Phase.values:
        raise DomainError(_("Choose the phase of counselling the guide is for."), field="phase")
    _check_language(language)
    if not title.strip():
        raise DomainError(_("Give the guide a title."), field="title")
    guide = Guide.objects.create(agency=agency, phase=phase, created_by=by)
    version = GuideVersion.objects.create(guide=guide, number=1, created_by=by)
    VersionLanguage.objects.create(version=version, language=language, title=title.strip(), summary=summary.strip())
    audit.record(by, "guide.created", guide, changes={"phase": [None, phase], "title": [None, title.strip()]})
    return guide


@transaction.atomic
def start_new_version(guide: Guide, *, by) -> GuideVersion:
    """A draft copied from the latest version."""
    _require_editor(by, guide.agency_id)
    Guide.objects.select_for_update().get(pk=guide.pk)
    draft = guide.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise DomainError(_("Version %(n)s is already a draft: change that one.") % {"n": draft.number})
    latest = guide.versions.order_by("-number").first()
    new = GuideVersion.objects.create(
        guide=guide, number=latest.number + 1, origin_version=latest.origin_version, created_by=by
    )
    content.write(new, content.load(latest))
    audit.record(by, "guide.version_started", new, changes={"number": [None, new.number]})
    return new


@transaction.atomic
def discard_draft(version: GuideVersion, *, by, edit_version=None) -> Guide | None:
    """Throw a draft away; a guide that never had a published version goes with it."""
    _require_editor(by, version.guide.agency_id)
    locked = _lock_draft(version, edit_version)
    guide = locked.guide
    audit.record(by, "guide.draft_discarded", locked, changes={"number": [locked.number, None]})
    locked.delete()
    if not guide.versions.exists():
        guide.delete()
        return None
    return guide


@transaction.atomic
def publish_version(version: GuideVersion, *, by, change_note: str = "", edit_version=None) -> GuideVersion:
    _require_editor(by, version.guide.agency_id)
    locked = _lock_draft(version, edit_version)
    doc = content.load(locked)
    if not any(s["items"] for s in doc["sections"]):
        raise DomainError(
            _("A guide needs at least one section with one item before it is published."), field="sections"
        )
    empty = [s for s in doc["sections"] if not s["items"]]
    if empty:
        title = content.pick(empty[0]["titles"], content.languages(doc)[0], [])
        raise DomainError(
            _("The section “%(title)s” has no items: fill it or remove it.") % {"title": title}, field="sections"
        )
    gaps = content.missing_texts(doc)
    if gaps:
        langs = sorted({lang for lang, _kind, _key in gaps})
        raise DomainError(
            _("Some texts are missing in %(languages)s (%(n)s in all): translate them or remove the language.")
            % {"languages": ", ".join(language_name(lang) for lang in langs), "n": len(gaps)},
            field="texts",
        )
    locked.status = VersionStatus.PUBLISHED
    locked.published_by = by
    locked.published_at = timezone.now()
    locked.change_note = change_note.strip() or locked.change_note
    locked.save(update_fields=["status", "published_by", "published_at", "change_note"])
    audit.record(by, "guide.published", locked, changes={"status": [VersionStatus.DRAFT, VersionStatus.PUBLISHED]})
    return locked


@transaction.atomic
def set_language(version: GuideVersion, *, by, language: str, title: str, summary: str = "", edit_version=None):
    """Add a language to a draft, or change its title and summary there."""
    _require_editor(by, version.guide.agency_id)
    _check_language(language)
    if not title.strip():
        raise DomainError(_("Give the guide a title in this language."), field="title")
    locked = _lock_draft(version, edit_version)
    position = (locked.languages.aggregate(m=Max("position"))["m"] or 0) + 1
    row, created = VersionLanguage.objects.update_or_create(
        version=locked,
        language=language,
        defaults={"title": title.strip(), "summary": summary.strip()},
        create_defaults={"title": title.strip(), "summary": summary.strip(), "position": position},
    )
    audit.record(
        by,
        "guide.language_added" if created else "guide.language_changed",
        locked,
        changes={"language": [None, language]},
    )
    return row


@transaction.atomic
def remove_language(version: GuideVersion, *, by, language: str, edit_version=None) -> None:
    _require_editor(by, version.guide.agency_id)
    locked = _lock_draft(version, edit_version)
    if locked.languages.count() <= 1:
        raise DomainError(_("A guide keeps at least one language."), field="language")
    locked.languages.filter(language=language).delete()
    SectionText.objects.filter(section__version=locked, language=language).delete()
    ItemText.objects.filter(item__version=locked, language=language).delete()
    audit.record(by, "guide.language_removed", locked, changes={"language": [language, None]})


# --- Sections and items of a draft ------------------------------------------------


@transaction.atomic
def add_section(version: GuideVersion, *, by, titles: dict, edit_version=None) -> Section:
    _require_editor(by, version.guide.agency_id)
    locked = _lock_draft(version, edit_version)
    titles = _clean_texts(locked, titles, field="title")
    position = (locked.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = Section.objects.create(version=locked, key=_new_keys(locked.guide)[0], position=position)
    _put_texts(section.texts, "section", section, titles, "title", _languages(locked))
    audit.record(by, "guide.section_added", locked, changes={"section": [None, section.key]})
    return section


@transaction.atomic
def update_section(section: Section, *, by, titles: dict, edit_version=None) -> Section:
    _require_editor(by, section.version.guide.agency_id)
    locked = _lock_draft(section.version, edit_version)
    titles = _clean_texts(locked, titles, field="title")
    _put_texts(section.texts, "section", section, titles, "title", _languages(locked))
    audit.record(by, "guide.section_changed", locked, changes={"section": [section.key, section.key]})
    return section


@transaction.atomic
def remove_section(section: Section, *, by, edit_version=None) -> None:
    _require_editor(by, section.version.guide.agency_id)
    locked = _lock_draft(section.version, edit_version)
    audit.record(by, "guide.section_removed", locked, changes={"section": [section.key, None]})
    section.delete()


def _move(obj, siblings, up: bool) -> None:
    rows = list(siblings.order_by("position", "pk"))
    i = next(n for n, r in enumerate(rows) if r.pk == obj.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(rows):
        rows[i], rows[j] = rows[j], rows[i]
    for pos, r in enumerate(rows):
        if r.position != pos:
            type(r).objects.filter(pk=r.pk).update(position=pos)


@transaction.atomic
def move_section(section: Section, *, by, up: bool, edit_version=None) -> None:
    _require_editor(by, section.version.guide.agency_id)
    locked = _lock_draft(section.version, edit_version)
    _move(section, locked.sections.all(), up)


def _check_kind(kind: str) -> None:
    if kind not in ItemKind.values:
        raise DomainError(_("Choose what kind of item this is."), field="kind")


@transaction.atomic
def add_item(section: Section, *, by, kind: str, texts: dict, edit_version=None) -> Item:
    _require_editor(by, section.version.guide.agency_id)
    _check_kind(kind)
    locked = _lock_draft(section.version, edit_version)
    texts = _clean_texts(locked, texts)
    position = (section.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = Item.objects.create(
        version=locked, section=section, key=_new_keys(locked.guide)[0], kind=kind, position=position
    )
    _put_texts(item.texts, "item", item, texts, "text", _languages(locked))
    audit.record(by, "guide.item_added", locked, changes={"item": [None, item.key], "kind": [None, kind]})
    return item


@transaction.atomic
def update_item(item: Item, *, by, kind: str, texts: dict, section: Section | None = None, edit_version=None) -> Item:
    _require_editor(by, item.version.guide.agency_id)
    _check_kind(kind)
    locked = _lock_draft(item.version, edit_version)
    texts = _clean_texts(locked, texts)
    changes = {"item": [item.key, item.key], "kind": [item.kind, kind]}
    item.kind = kind
    if section is not None and section.pk != item.section_id:
        if section.version_id != locked.pk:
            raise DomainError(_("Choose a section of this version."), field="section")
        item.section = section
        item.position = (section.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item.save()
    _put_texts(item.texts, "item", item, texts, "text", _languages(locked))
    audit.record(by, "guide.item_changed", locked, changes=changes)
    return item


@transaction.atomic
def remove_item(item: Item, *, by, edit_version=None) -> None:
    _require_editor(by, item.version.guide.agency_id)
    locked = _lock_draft(item.version, edit_version)
    audit.record(by, "guide.item_removed", locked, changes={"item": [item.key, None]})
    item.delete()


@transaction.atomic
def move_item(item: Item, *, by, up: bool, edit_version=None) -> None:
    _require_editor(by, item.version.guide.agency_id)
    _lock_draft(item.version, edit_version)
    _move(item, item.section.items.all(), up)


@transaction.atomic
def translate(version: GuideVersion, *, by, language: str, titles: dict, texts: dict, edit_version=None) -> int:
    """Write a language's texts for many sections (titles by section key) and
    items (texts by item key) at once; blanks remove that language's text.
    Returns how many texts there are now in that language."""
    _require_editor(by, version.guide.agency_id)
    locked = _lock_draft(version, edit_version)
    if language not in _languages(locked):
        raise DomainError(_("Add the language to the guide first."), field="language")
    for section in locked.sections.all():
        if section.key in titles:
            _put_texts(
                section.texts, "section", section, {language: (titles[section.key] or "").strip()}, "title", [language]
            )
    for item in locked.items.all():
        if item.key in texts:
            _put_texts(item.texts, "item", item, {language: (texts[item.key] or "").strip()}, "text", [language])
    audit.record(by, "guide.translated", locked, changes={"language": [language, language]})
    return ItemText.objects.filter(item__version=locked, language=language).count()


# --- Sharing and adoption -----------------------------------------------------------


@transaction.atomic
def share_guide(guide: Guide, *, by, shared: bool = True) -> Guide:
    _require_editor(by, guide.agency_id)
    locked = Guide.objects.select_for_update().get(pk=guide.pk)
    if shared and not locked.versions.filter(status=VersionStatus.PUBLISHED).exists():
        raise DomainError(_("Publish a version before sharing the guide with other agencies."))
    before = locked.shared_at
    locked.shared_at = (locked.shared_at or timezone.now()) if shared else None
    locked.shared_by = (locked.shared_by or by) if shared else None
    locked.save(update_fields=["shared_at", "shared_by"])
    audit.record(
        by, "guide.shared" if shared else "guide.unshared", locked, changes={"shared_at": [before, locked.shared_at]}
    )
    return locked


@transaction.atomic
def adopt_guide(original: Guide, *, by) -> Guide:
    """A copy for the adopter's agency to adapt, a draft following the
    original's latest published version."""
    original = Guide.objects.select_related("agency").get(pk=original.pk)
    if not may_adopt(by, original):
        raise DomainError(
            _("Your agency cannot adopt this guide (it has a copy already, or it is not shared)."), code="forbidden"
        )
    source = latest_published(original)
    agency = home_agency(by, editing=True)
    guide = Guide.objects.create(agency=agency, phase=original.phase, origin=original, created_by=by)
    version = GuideVersion.objects.create(
        guide=guide,
        number=1,
        origin_version=source,
        created_by=by,
        change_note=_("Adopted from %(agency)s, version %(n)s.") % {"agency": original.agency.name, "n": source.number},
    )
    content.write(version, content.load(source))
    audit.record(
        by, "guide.adopted", guide, changes={"origin": [None, original.pk], "origin_version": [None, source.pk]}
    )
    return guide


@transaction.atomic
def take_in_origin(guide: Guide, *, by) -> tuple[GuideVersion, list[dict]]:
    """A new draft of an adopted guide with the original's newer version taken
    in (see guides.content.merge); returns it and the points to check."""
    _require_editor(by, guide.agency_id)
    Guide.objects.select_for_update().get(pk=guide.pk)
    draft = guide.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise DomainError(_("Publish or discard the draft (version %(n)s) first.") % {"n": draft.number})
    news = origin_news(guide)
    if news is None or news.get("taken_in"):
        raise DomainError(_("There is nothing new in the original to take in."))
    mine = latest_published(guide)
    merged, conflicts = content.merge(content.load(news["followed"]), content.load(news["latest"]), content.load(mine))
    new = GuideVersion.objects.create(
        guide=guide,
        number=mine.number + 1,
        origin_version=news["latest"],
        created_by=by,
        change_note=_("Took in version %(n)s of the original (%(agency)s).")
        % {"n": news["latest"].number, "agency": guide.origin.agency.name},
    )
    content.write(new, merged)
    audit.record(
        by,
        "guide.origin_taken_in",
        new,
        changes={
            "origin_version": [news["followed"].pk, news["latest"].pk],
            "conflicts": [None, [c["key"] for c in conflicts]],
        },
    )
    return new, conflicts
