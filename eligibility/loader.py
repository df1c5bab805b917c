"""Reading rule files: validated against the schema and checked for sense,
then stored all together or not at all."""

import copy
import datetime
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml
from django.db import transaction

from eligibility.conditions import CONDITION_KEYS, GROUP_KEYS, MEMBER_KEYS
from eligibility.countries import group_names
from eligibility.models import Programme, RuleVersion, VersionStatus
from eligibility.schema import SCHEMA

RULES_DIR = Path(__file__).parent / "rules"
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


class RuleFileError(Exception):
    """A rule file that cannot be loaded: names the file, the place and the problem."""

    def __init__(self, source: str, place: str, problem: str):
        self.source, self.place, self.problem = source, place, problem
        super().__init__(f"{source}: at {place or 'the top'}: {problem}")


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """safe_load (with libyaml when installed: much faster), but a key written
    twice in one mapping is an error (YAML would otherwise keep the last one)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _place(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _problem(error: jsonschema.ValidationError) -> str:
    """The schema's complaint in the words of someone writing a rule file."""
    path = list(error.absolute_path)
    last = path[-1] if path else ""
    if last in ("amount", "max", "cap"):
        if isinstance(error.instance, int | float) and not isinstance(error.instance, bool) and error.instance < 0:
            return f"{error.instance!r} is not an amount: amounts are never negative"
        return (
            f"{error.instance!r} is not an amount: write a number of at least 0 "
            'with at most 2 decimals, such as 350 or "12.50"'
        )
    if error.validator == "anyOf" and last == "label":
        return "a label is a text, or a mapping of texts by language with at least 'en'"
    if error.validator == "anyOf" and last in GROUP_KEYS:
        return "write a country group's name, or a list of names"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        in_conditions = error.schema.get("properties", {}).keys() == CONDITION_KEYS.keys()
        what = "condition" if in_conditions else "key"
        return f"unknown {what} {', '.join(repr(k) for k in extra)}"
    return error.message


def _path_key(error):
    return [f"{p:09d}" if isinstance(p, int) else str(p) for p in error.absolute_path]


def parse(text: str, source: str) -> dict:
    """The rule document in `text`, or RuleFileError."""
    return copy.deepcopy(_parse(text, source))


@lru_cache(maxsize=128)
def _parse(text: str, source: str) -> dict:
    # Cached: the same files are read again and again (tests, simulations);
    # callers get a copy. A refused file raises each time (errors are not cached).
    try:
        content = yaml.load(text, Loader=_UniqueKeyLoader)  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RuleFileError(source, place, f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(content, dict):
        raise RuleFileError(source, "", "a rule file must be a mapping (programme, version, components, ...)")
    # YAML reads bare dates as dates; the schema (and JSON storage) want strings.
    for key in ("valid_from", "valid_to"):
        if isinstance(content.get(key), datetime.date):
            content[key] = content[key].isoformat()
    errors = sorted(_VALIDATOR.iter_errors(content), key=_path_key)
    if errors:
        first = errors[0]
        # Within one place, the most telling of its complaints.
        same_place = [e for e in errors if list(e.absolute_path) == list(first.absolute_path)]
        best = jsonschema.exceptions.best_match(same_place)
        raise RuleFileError(source, _place(best.absolute_path), _problem(best))
    _check_sense(content, source)
    return content


def _blocks(block: dict, place: str):
    """Every condition block inside `block` (itself included), with its place."""
    yield place, block
    for i, inner in enumerate(block.get("any_of", [])):
        yield from _blocks(inner, f"{place}.any_of[{i}]")
    if "not" in block:
        yield from _blocks(block["not"], f"{place}.not")


def _walk_conditions(content):
    """(place, block, whether member conditions are allowed there)."""
    for i, req in enumerate(content.get("requirements", [])):
        yield f"requirements[{i}].when", req["when"], False
    for i, comp in enumerate(content["components"]):
        if "when" in comp:
            yield f"components[{i}].when", comp["when"], False
        for j, row in enumerate(comp["rows"]):
            yield f"components[{i}].rows[{j}].when", row.get("when", {}), comp["per"] == "member"
    for i, cap in enumerate(content.get("caps", [])):
        if "when" in cap:
            yield f"caps[{i}].when", cap["when"], cap.get("per") == "member"


def _check_sense(content: dict, source: str) -> None:  # noqa: C901
    start = datetime.date.fromisoformat(content["valid_from"])
    if content.get("valid_to") and datetime.date.fromisoformat(content["valid_to"]) < start:
        raise RuleFileError(source, "valid_to", "ends before valid_from")
    codes = [c["code"] for c in content["components"]]
    if len(codes) != len(set(codes)):
        raise RuleFileError(source, "components", "two components have the same code")
    by_code = {c["code"]: c for c in content["components"]}
    for i, cap in enumerate(content.get("caps", [])):
        unknown = set(cap["components"]) - set(codes)
        if unknown:
            raise RuleFileError(source, f"caps[{i}].components", f"no component named {', '.join(sorted(unknown))}")
        for code in cap["components"]:
            if by_code[code].get("discretionary"):
                raise RuleFileError(
                    source, f"caps[{i}].components", f"{code} is discretionary (an envelope): caps do not apply to it"
                )
            if cap.get("per") == "member" and by_code[code]["per"] != "member":
                raise RuleFileError(
                    source, f"caps[{i}].components", f"a per: member cap needs per: member components, not {code}"
                )
    known = group_names()
    for top, outer, member_allowed in _walk_conditions(content):
        for place, block in _blocks(outer, top):
            for key in GROUP_KEYS & set(block):
                for group in [block[key]] if isinstance(block[key], str) else block[key]:
                    if group not in known:
                        raise RuleFileError(source, f"{place}.{key}", f"unknown country group {group!r}")
            member_keys = MEMBER_KEYS & set(block)
            if member_keys and not member_allowed:
                raise RuleFileError(
                    source,
                    f"{place}.{sorted(member_keys)[0]}",
                    "member conditions (age, vulnerable) need per: member (in a row of a per: member "
                    "component, or a per: member cap)",
                )


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    far = datetime.date.max
    return a_from <= (b_to or far) and b_from <= (a_to or far)


def _dates(content: dict) -> tuple[datetime.date, datetime.date | None]:
    start = datetime.date.fromisoformat(content["valid_from"])
    end = datetime.date.fromisoformat(content["valid_to"]) if content.get("valid_to") else None
    return start, end


def check_no_overlap(programme: Programme, content: dict, source: str, *, status: str, exclude_label=None) -> None:
    start, end = _dates(content)
    others = programme.versions.filter(status=status).exclude(label=exclude_label)
    for other in others:
        if _overlaps(start, end, other.valid_from, other.valid_to):
            raise RuleFileError(
                source,
                "valid_from",
                f"overlaps version {other.label} "
                f"({other.valid_from} to {other.valid_to or 'open end'}) of {programme.code}",
            )


def _check_files_do_not_overlap(parsed: list[tuple[dict, str]]) -> None:
    """Versions of one programme, read from files, must not share a day."""
    by_programme: dict[str, list[tuple[dict, str]]] = {}
    for content, source in parsed:
        by_programme.setdefault(content["programme"], []).append((content, source))
    for code, files in by_programme.items():
        files.sort(key=lambda item: _dates(item[0])[0])
        for (before, before_source), (after, after_source) in zip(files, files[1:], strict=False):
            if _overlaps(*_dates(before), *_dates(after)):
                raise RuleFileError(
                    after_source,
                    "valid_from",
                    f"starts on {after['valid_from']}, inside version {before['version']} of {code} "
                    f"({before['valid_from']} to {before.get('valid_to') or 'open end'}, {before_source}): "
                    "end that version (valid_to, inclusive) the day before",
                )


def _store(content: dict, source: str, *, status: str, by=None) -> RuleVersion:
    if status == VersionStatus.PUBLISHED:
        programme, _created = Programme.objects.update_or_create(
            code=content["programme"],
            defaults={"name": content["name"], "run_by": ",".join(content.get("run_by", []))},
        )
    else:
        # A draft never creates a programme nor changes who runs it: only the
        # repository's files do.
        programme = Programme.objects.filter(code=content["programme"]).first()
        if programme is None:
            raise RuleFileError(source, "programme", f"no programme {content['programme']!r} is loaded")
    if status == VersionStatus.PUBLISHED:
        check_no_overlap(programme, content, source, status=status, exclude_label=content["version"])
    version, _created = RuleVersion.objects.update_or_create(
        programme=programme,
        label=content["version"],
        status=status,
        defaults={
            "valid_from": content["valid_from"],
            "valid_to": content.get("valid_to"),
            "content": content,
            "source_name": source,
            "uploaded_by": by,
        },
    )
    # Dates as dates, not the strings just given.
    version.valid_from = datetime.date.fromisoformat(content["valid_from"])
    version.valid_to = datetime.date.fromisoformat(content["valid_to"]) if content.get("valid_to") else None
    return version


@transaction.atomic
def load_directory(directory: Path = RULES_DIR) -> list[RuleVersion]:
    """Load every programme's rule files (rules/<programme>/<version>.yaml):
    all of them, or none when one is wrong."""
    files = sorted(p for p in directory.glob("*/*.yaml"))
    parsed = []
    for path in files:
        source = str(path.relative_to(directory.parent))
        content = parse(path.read_text(encoding="utf-8"), source)
        if content["programme"] != path.parent.name:
            raise RuleFileError(
                source, "programme", f"says {content['programme']!r} but the file is in {path.parent.name}/"
            )
        if content["version"] != path.stem:
            raise RuleFileError(source, "version", f"says {content['version']!r} but the file is named {path.name}")
        parsed.append((content, source))
    _check_files_do_not_overlap(parsed)
    # Oldest first within a programme, so that a version shortened in its file
    # is stored before the one that now follows it.
    parsed.sort(key=lambda item: (item[0]["programme"], item[0]["valid_from"]))
    return [_store(content, source, status=VersionStatus.PUBLISHED) for content, source in parsed]


@transaction.atomic
def upload_draft(text: str, source: str, *, by) -> RuleVersion:
    """An administrator's draft: validated like a repository file, stored as a
    draft that only simulations read."""
    content = parse(text, source)
    return _store(content, source, status=VersionStatus.DRAFT, by=by)
