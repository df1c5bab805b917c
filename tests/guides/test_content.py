"""Comparing versions and merging an original's changes into a copy, on plain
documents (guides.content): no database."""

import copy

from guides import content


def item(key, text, kind="checkpoint", **more):
    return {"key": key, "kind": kind, "texts": {"fr": text, **more}}


def doc(*sections, languages=("fr",)):
    return {
        "languages": [{"language": lang, "title": "T", "summary": ""} for lang in languages],
        "sections": [{"key": key, "titles": {"fr": title}, "items": list(items)} for key, title, items in sections],
    }


BASE = doc(("s1", "Ouverture", [item("a", "A"), item("b", "B")]), ("s2", "Aide", [item("c", "C")]))


def test_diff_names_what_was_added_removed_changed_and_moved():
    new = doc(("s1", "Ouverture", [item("b", "B2")]), ("s2", "Aides", [item("c", "C"), item("a", "A"), item("d", "D")]))
    changes = content.diff(BASE, new)
    assert [i["key"] for i in changes["items_added"]] == ["d"]
    assert [(c["key"], c["moved"]) for c in changes["items_changed"]] == [("b", False), ("a", True)]
    assert [s["key"] for s in changes["sections_renamed"]] == ["s2"]
    assert content.is_empty(content.diff(BASE, copy.deepcopy(BASE)))


def test_merge_takes_the_originals_changes_and_keeps_the_copys_own():
    theirs = doc(("s1", "Ouverture", [item("a", "A2"), item("new", "N"), item("b", "B")]), ("s2", "Aide", []))
    mine = doc(
        ("s1", "Ouverture", [item("a", "A"), item("b", "B"), item("own", "O")]), ("s2", "Aide", [item("c", "C")])
    )
    merged, conflicts = content.merge(BASE, theirs, mine)
    assert conflicts == []
    s1 = merged["sections"][0]["items"]
    assert [(i["key"], i["texts"]["fr"]) for i in s1] == [("a", "A2"), ("new", "N"), ("b", "B"), ("own", "O")]
    # "c" was removed by the original and unchanged in the copy: it goes.
    assert merged["sections"][1]["items"] == []


def test_merge_keeps_a_point_both_changed_and_lists_it():
    theirs = doc(("s1", "Ouverture", [item("a", "A-theirs"), item("b", "B")]), ("s2", "Aide", [item("c", "C")]))
    mine = doc(("s1", "Ouverture", [item("a", "A-mine"), item("b", "B")]), ("s2", "Aide", [item("c", "C-mine")]))
    theirs["sections"][1]["items"] = []  # and the original removed "c", which the copy changed
    merged, conflicts = content.merge(BASE, theirs, mine)
    assert {(c["key"], c["why"]) for c in conflicts} == {("a", "changed"), ("c", "removed")}
    texts = {i["key"]: i["texts"]["fr"] for s in merged["sections"] for i in s["items"]}
    assert texts == {"a": "A-mine", "b": "B", "c": "C-mine"}


def test_merge_keeps_the_copys_languages_only():
    base = doc(("s1", "Ouverture", [item("a", "A", en="A-en")]), languages=("fr", "en"))
    theirs = doc(("s1", "Ouverture", [item("a", "A2", en="A2-en"), item("x", "X", en="X-en")]), languages=("fr", "en"))
    mine = doc(("s1", "Ouverture", [item("a", "A")]))
    merged, _ = content.merge(base, theirs, mine)
    assert content.languages(merged) == ["fr"]
    assert [i["texts"] for i in merged["sections"][0]["items"]] == [{"fr": "A2"}, {"fr": "X"}]


def test_a_change_only_in_a_language_the_copy_dropped_is_no_conflict():
    base = doc(("s1", "Ouverture", [item("a", "A", en="A-en")]), languages=("fr", "en"))
    theirs = doc(("s1", "Ouverture", [item("a", "A", en="A-en changed")]), languages=("fr", "en"))
    mine = doc(("s1", "Ouverture", [item("a", "A-mine")]))
    merged, conflicts = content.merge(base, theirs, mine)
    assert conflicts == [] and merged["sections"][0]["items"][0]["texts"] == {"fr": "A-mine"}


def test_missing_texts_are_found_per_language():
    two = doc(("s1", "Ouverture", [item("a", "A", nl="A-nl"), item("b", "B")]), languages=("fr", "nl"))
    assert content.missing_texts(two) == [("nl", "section", "s1"), ("nl", "item", "b")]
