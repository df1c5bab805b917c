"""A guide version's content as plain data, and what can be done with it
without touching the database: compare two versions, merge an original's
changes into an adopted copy.

A document is a dict, the same shape the API returns:
    {"languages": [{"language": "fr", "title": "...", "summary": "..."}, ...],
     "sections": [{"key": "g1-1", "titles": {"fr": "..."},
                   "items": [{"key": "g1-2", "kind": "key_message", "texts": {"fr": "..."}}]}]}
Sections and items are matched by key across versions and copies.
"""

from guides.models import GuideVersion, Item, ItemText, Section, SectionText, VersionLanguage


def load(version: GuideVersion) -> dict:
    """The version's document, in five queries."""
    sections = list(version.sections.prefetch_related("texts").order_by("position", "pk"))
    items = list(version.items.prefetch_related("texts").order_by("position", "pk"))
    by_section: dict[int, list[dict]] = {s.pk: [] for s in sections}
    for item in items:
        by_section[item.section_id].append(
            {"id": item.pk, "key": item.key, "kind": item.kind, "texts": {t.language: t.text for t in item.texts.all()}}
        )
    return {
        "languages": [
            {"language": v.language, "title": v.title, "summary": v.summary} for v in version.languages.all()
        ],
        "sections": [
            {
                "id": s.pk,
                "key": s.key,
                "titles": {t.language: t.title for t in s.texts.all()},
                "items": by_section[s.pk],
            }
            for s in sections
        ],
    }


def write(version: GuideVersion, doc: dict) -> None:
    """Fill an empty version with `doc` (ids in the document are ignored)."""
    VersionLanguage.objects.bulk_create(
        VersionLanguage(version=version, position=i, **{k: lang[k] for k in ("language", "title", "summary")})
        for i, lang in enumerate(doc["languages"])
    )
    for s_pos, s in enumerate(doc["sections"]):
        section = Section.objects.create(version=version, key=s["key"], position=s_pos)
        SectionText.objects.bulk_create(
            SectionText(section=section, language=lang, title=title) for lang, title in s["titles"].items()
        )
        items = Item.objects.bulk_create(
            Item(version=version, section=section, key=i["key"], kind=i["kind"], position=pos)
            for pos, i in enumerate(s["items"])
        )
        ItemText.objects.bulk_create(
            ItemText(item=item, language=lang, text=text)
            for item, i in zip(items, s["items"], strict=True)
            for lang, text in i["texts"].items()
        )


def languages(doc: dict) -> list[str]:
    return [lang["language"] for lang in doc["languages"]]


def pick(texts: dict, lang: str, fallback: list[str]) -> str:
    """The text in `lang`, else in the first of `fallback` that has one."""
    for code in [lang, *fallback]:
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")


def missing_texts(doc: dict) -> list[tuple[str, str, str]]:
    """(language, "section" or "item", key) for every text a language lacks."""
    gaps = []
    for lang in languages(doc):
        for s in doc["sections"]:
            if not (s["titles"].get(lang) or "").strip():
                gaps.append((lang, "section", s["key"]))
            for i in s["items"]:
                if not (i["texts"].get(lang) or "").strip():
                    gaps.append((lang, "item", i["key"]))
    return gaps


def _items(doc: dict) -> dict[str, tuple[str, dict]]:
    """key -> (section key, item)."""
    return {i["key"]: (s["key"], i) for s in doc["sections"] for i in s["items"]}


def _content(item: dict, langs: list[str] | None = None) -> tuple:
    texts = item["texts"] if langs is None else {k: v for k, v in item["texts"].items() if k in langs}
    return item["kind"], tuple(sorted(texts.items()))


def diff(old: dict, new: dict) -> dict:
    """What changed from `old` to `new`: sections and items added, removed
    or changed (an item changes with its kind, any of its texts or its
    section), and languages added or removed. Entries carry the texts to show."""
    old_s = {s["key"]: s for s in old["sections"]}
    new_s = {s["key"]: s for s in new["sections"]}
    old_i, new_i = _items(old), _items(new)
    changed = []
    for key, (sec, item) in new_i.items():
        if key in old_i:
            before_sec, before = old_i[key]
            if _content(before) != _content(item) or before_sec != sec:
                changed.append({"key": key, "before": before, "after": item, "moved": before_sec != sec})
    return {
        "languages_added": [lang for lang in languages(new) if lang not in languages(old)],
        "languages_removed": [lang for lang in languages(old) if lang not in languages(new)],
        "sections_added": [s for k, s in new_s.items() if k not in old_s],
        "sections_removed": [s for k, s in old_s.items() if k not in new_s],
        "sections_renamed": [
            {"key": k, "before": old_s[k], "after": s}
            for k, s in new_s.items()
            if k in old_s and old_s[k]["titles"] != s["titles"]
        ],
        "items_added": [i for k, (_s, i) in new_i.items() if k not in old_i],
        "items_removed": [i for k, (_s, i) in old_i.items() if k not in new_i],
        "items_changed": changed,
    }


def is_empty(changes: dict) -> bool:
    return not any(changes.values())


def merge(base: dict, theirs: dict, mine: dict) -> tuple[dict, list[dict]]:
    """Take the original's changes (`base` -> `theirs`) into an adopted copy
    (`mine`). The copy keeps its languages, its order and its own points;
    where the copy had adapted a point the original also changed or removed,
    the copy's text is kept and the point is listed as a conflict to check."""
    langs = languages(mine)
    base_i, their_i, my_i = _items(base), _items(theirs), _items(mine)
    conflicts: list[dict] = []

    def restrict(item: dict) -> dict:
        return {**item, "texts": {k: v for k, v in item["texts"].items() if k in langs}}

    # Section titles: the original's new title unless the copy renamed it too.
    base_s = {s["key"]: s for s in base["sections"]}
    their_s = {s["key"]: s for s in theirs["sections"]}
    sections = []
    for s in mine["sections"]:
        titles = dict(s["titles"])
        if s["key"] in base_s and s["key"] in their_s:
            b, t = base_s[s["key"]]["titles"], their_s[s["key"]]["titles"]
            for lang in langs:
                if t.get(lang) != b.get(lang) and titles.get(lang) == b.get(lang) and t.get(lang):
                    titles[lang] = t[lang]
        sections.append({"key": s["key"], "titles": titles, "items": []})
    by_key = {s["key"]: s for s in sections}

    for s in mine["sections"]:
        for item in s["items"]:
            key = item["key"]
            if key not in base_i:  # the copy's own point
                by_key[s["key"]]["items"].append(item)
                continue
            mine_changed = _content(base_i[key][1], langs) != _content(item, langs)
            if key not in their_i:  # removed by the original
                if mine_changed:
                    conflicts.append({"key": key, "item": item, "why": "removed"})
                    by_key[s["key"]]["items"].append(item)
                continue
            theirs_item = their_i[key][1]
            theirs_changed = _content(base_i[key][1], langs) != _content(theirs_item, langs)
            if theirs_changed and mine_changed:
                conflicts.append({"key": key, "item": item, "why": "changed"})
                by_key[s["key"]]["items"].append(item)
            elif theirs_changed:
                by_key[s["key"]]["items"].append({**restrict(theirs_item), "texts": _fill(theirs_item, item, langs)})
            else:
                by_key[s["key"]]["items"].append(item)

    # What the original added: new sections after their predecessor, new
    # items after the item that precedes them in the original.
    for pos, s in enumerate(theirs["sections"]):
        if s["key"] not in by_key and s["key"] not in base_s:
            new = {"key": s["key"], "titles": {k: v for k, v in s["titles"].items() if k in langs}, "items": []}
            before = [x["key"] for x in theirs["sections"][:pos]]
            at = max((i + 1 for i, x in enumerate(sections) if x["key"] in before), default=len(sections))
            sections.insert(at, new)
            by_key[s["key"]] = new
        for i_pos, item in enumerate(s["items"]):
            if item["key"] in base_i or item["key"] in my_i:
                continue
            target = by_key.get(s["key"]) or sections[-1]
            before = {x["key"] for x in s["items"][:i_pos]}
            keys = [x["key"] for x in target["items"]]
            at = max((i + 1 for i, k in enumerate(keys) if k in before), default=0)
            target["items"].insert(at, restrict(item))
    # Sections the original removed go too, unless the copy still uses them.
    sections = [
        s
        for s in sections
        if s["items"]
        or s["key"] not in base_s
        or s["key"] in their_s
        or any(s["titles"].get(lang) != base_s[s["key"]]["titles"].get(lang) for lang in langs)
    ]
    return {"languages": [dict(lang) for lang in mine["languages"]], "sections": sections}, conflicts


def _fill(theirs: dict, mine: dict, langs: list[str]) -> dict:
    """The original's texts in the copy's languages; the copy's own text where
    the original has none in that language (a language only the copy has)."""
    return {
        lang: theirs["texts"].get(lang) or mine["texts"].get(lang, "")
        for lang in langs
        if lang in theirs["texts"] or lang in mine["texts"]
    }
