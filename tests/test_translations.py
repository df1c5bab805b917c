"""The French and Dutch catalogues are complete, compiled and in step with the code.

No database: these tests read locale/*/LC_MESSAGES/django.po and .mo, and scan
the project's templates and Python files the way `makemessages` does (the same
folders ignored), so a string marked for translation but missing from the
catalogues, a forgotten `compilemessages` or a broken placeholder fails here.

Refresh the catalogues (see README):
    RETOUR_DEBUG=1 .venv/bin/python manage.py makemessages -l fr -l nl --ignore=.venv --ignore=frontend \
        --ignore=var --ignore=tests --ignore=test-artifacts --no-location
    (translate the new entries, remove any "fuzzy" flag)
    RETOUR_DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import ast
import fnmatch
import os
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["fr", "nl"]
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "nl": "nplurals=2; plural=(n != 1);"}

# The folders `makemessages` is told to skip, plus its default patterns.
IGNORED = {".venv", "frontend", "var", "tests", "test-artifacts", "node_modules", "locale"}
IGNORED_PATTERNS = [".*", "*~", "CVS", "__pycache__"]

# gettext functions in Python code -> the roles of their leading string arguments.
PY_KEYWORDS = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}

# A Python string literal as templatize() writes it (repr, with a u prefix).
_STR = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
# The calls templatize() turns translation tags into.
_TEMPLATE_CALL = re.compile(
    rf"(?<![\w.])(_|gettext|pgettext|ngettext|npgettext)\(\s*({_STR})(?:\s*,\s*({_STR}))?(?:\s*,\s*({_STR}))?"
)
_TEMPLATE_ROLES = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
}

# A printf-style conversion as Python's % operator reads it.
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[#0 +-]*)(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)


@cache
def catalogue(lang: str) -> polib.POFile:
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run makemessages (see this module's docstring)"
    return polib.pofile(str(path))


def live_entries(lang: str) -> list[polib.POEntry]:
    return [e for e in catalogue(lang) if not e.obsolete]


def key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def _ignored(name: str) -> bool:
    return name in IGNORED or any(fnmatch.fnmatch(name, p) for p in IGNORED_PATTERNS)


def project_files(*suffixes: str) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
        found += [Path(dirpath) / f for f in sorted(filenames) if f.endswith(suffixes) and not _ignored(f)]
    return found


def _python_msgids(path: Path, source: str) -> list[tuple[str, tuple[str | None, str]]]:
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        roles = PY_KEYWORDS.get(name)
        if roles is None or len(node.args) < len(roles):
            continue
        args = node.args[: len(roles)]
        if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            continue  # a variable or an expression: not something makemessages can read either
        values = dict(zip(roles, (a.value for a in args), strict=True))
        if values["msgid"]:
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", (values.get("context"), values["msgid"])))
    return found


def _template_msgids(path: Path, source: str) -> list[tuple[str, tuple[str | None, str]]]:
    found = []
    for match in _TEMPLATE_CALL.finditer(templatize(source, origin=str(path))):
        roles = _TEMPLATE_ROLES[match[1]]
        literals = [g for g in match.groups()[1:] if g is not None]
        if len(literals) < len(roles):
            continue
        try:
            values = dict(zip(roles, (ast.literal_eval(s) for s in literals[: len(roles)]), strict=True))
        except (ValueError, SyntaxError):
            continue  # an escape sequence we cannot read: leave it to makemessages
        if values["msgid"]:
            found.append((f"{path.relative_to(ROOT)}", (values.get("context"), values["msgid"])))
    return found


@cache
def source_msgids() -> tuple[tuple[str, tuple[str | None, str]], ...]:
    """(where, (context, msgid)) for every literal string marked for translation."""
    found = []
    for path in project_files(".py"):
        source = path.read_text(encoding="utf-8")
        if any(word in source for word in ("gettext", "_(")):
            found += _python_msgids(path, source)
    for path in project_files(".html", ".txt"):
        source = path.read_text(encoding="utf-8")
        if "trans" in source or "_(" in source:
            found += _template_msgids(path, source)
    return tuple(found)


def placeholders(text: str) -> list[tuple[str | None, str]]:
    return [(m["name"], m["type"]) for m in _PLACEHOLDER.finditer(text) if m["type"] != "%"]


class _AnyKey(dict):
    def __missing__(self, key):
        return 1


def _format_error(template: str, specs: list[tuple[str | None, str]]) -> str | None:
    """Apply % the way the code does; return the error, if any."""
    try:
        if any(name is not None for name, _ in specs):
            template % _AnyKey()
        elif specs:
            template % ((1,) * len(specs))
        else:
            template % ()
    except (KeyError, ValueError, TypeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _where(entry) -> str:
    return repr(entry.msgid if not entry.msgctxt else f"{entry.msgctxt}|{entry.msgid}")


# --- (a) every entry translated, none fuzzy, placeholders intact ------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_header(lang):
    po = catalogue(lang)
    assert not po.metadata_is_fuzzy, "the header is fuzzy: msgfmt would drop it, and plural forms with it"
    assert po.metadata.get("Language") == lang
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[lang]
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    entries = live_entries(lang)
    assert entries, "the catalogue is empty"
    fuzzy = [_where(e) for e in entries if e.fuzzy]
    untranslated = [_where(e) for e in entries if not e.fuzzy and not e.translated()]
    wrong_plurals = [_where(e) for e in entries if e.msgid_plural and sorted(e.msgstr_plural) != [0, 1]]
    assert not (fuzzy or untranslated or wrong_plurals), (
        f"{lang}: fuzzy (check the translation, then remove the flag): {fuzzy}; "
        f"untranslated: {untranslated}; plural entries without msgstr[0] and msgstr[1]: {wrong_plurals}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang):
    """Each form keeps the placeholders of its English source (msgstr[0] those of
    msgid, msgstr[1] those of msgid_plural), adds none, and formats without error."""
    problems = []
    for entry in live_entries(lang):
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            pairs = [(entry.msgid if i == 0 else entry.msgid_plural, s) for i, s in sorted(entry.msgstr_plural.items())]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            expected, got = placeholders(source), placeholders(translated)
            if any(name is not None for name, _ in expected + got):
                missing = sorted(set(expected) - set(got), key=str)
                extra = sorted(set(got) - set(expected), key=str)
                if missing or extra:
                    problems.append(f"{_where(entry)} -> {translated!r}: missing {missing}, unexpected {extra}")
                    continue
            elif expected != got:
                problems.append(f"{_where(entry)} -> {translated!r}: expected {expected} in this order, got {got}")
                continue
            error = _format_error(translated, got)
            if error:
                problems.append(f"{_where(entry)} -> {translated!r}: {error}")
    assert not problems, f"{lang}: placeholders differ from the English:\n" + "\n".join(problems)


# --- (b) the compiled catalogue matches the .po -----------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(lang):
    mo_path = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)} is missing: run compilemessages"
    mo = {key(e): e for e in polib.mofile(str(mo_path)) if e.msgid}
    po = {key(e): e for e in live_entries(lang) if e.translated()}
    stale = []
    for k, entry in po.items():
        compiled = mo.get(k)
        if compiled is None:
            stale.append(f"{_where(entry)} is not in the .mo")
        elif entry.msgid_plural:
            if {int(i): s for i, s in compiled.msgstr_plural.items()} != dict(entry.msgstr_plural):
                stale.append(f"{_where(entry)} has another translation in the .mo")
        elif compiled.msgstr != entry.msgstr:
            stale.append(f"{_where(entry)} has another translation in the .mo")
    stale += [f"{k[1]!r} is in the .mo but not (or no longer) translated in the .po" for k in mo.keys() - po.keys()]
    assert not stale, f"{lang}: the .mo is older than the .po; run compilemessages.\n" + "\n".join(stale[:20])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_django_serves_the_translations(lang):
    """LOCALE_PATHS points at these files and plural forms work at run time."""
    entries = live_entries(lang)
    single = next(e for e in entries if not e.msgid_plural and not e.msgctxt and "%" not in e.msgid)
    with translation.override(lang):
        assert translation.gettext(single.msgid) == single.msgstr
        for plural in (e for e in entries if e.msgid_plural and not e.msgctxt):
            one, many = (1, 2) if lang == "fr" else (1, 0)  # fr: 0 is singular; nl: 0 is plural
            assert translation.ngettext(plural.msgid, plural.msgid_plural, one) == plural.msgstr_plural[0]
            assert translation.ngettext(plural.msgid, plural.msgid_plural, many) == plural.msgstr_plural[1]


# --- (c) every string marked in the code is in the catalogues ---------------------


def test_source_scan_finds_strings():
    found = source_msgids()
    assert len(found) > 50, "the scan of templates and Python files found almost nothing: is the regex broken?"
    assert any(where.endswith(".html") for where, _ in found)
    assert any(".py:" in where for where, _ in found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_marked_string_is_in_the_catalogue(lang):
    known = {key(e) for e in live_entries(lang)}
    missing = sorted({f"{where}: {msgid!r}" for where, (ctx, msgid) in source_msgids() if (ctx, msgid) not in known})
    assert not missing, (
        f"{lang}: strings marked for translation but not in locale/{lang}/LC_MESSAGES/django.po; "
        "run makemessages, translate, compilemessages (see this module's docstring):\n" + "\n".join(missing)
    )
