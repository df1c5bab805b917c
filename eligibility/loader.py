"""Reading rule files: validated against the schema and checked for sense,
then stored all together or not at all."""

import datetime
from pathlib import Path

import jsonschema
import yaml
from django.db import transaction

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


def _place(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def parse(text: str, source: str) -> dict:
    """The rule document in `text`, or RuleFileError."""
    try:
        content = yaml.safe_load(text)
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
    errors = sorted(_VALIDATOR.iter_errors(content), key=lambda e: list(e.absolute_path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        raise RuleFileError(source, _place(best.absolute_path), best.message)
    _check_sense(content, source)
    return content


def _walk_conditions(content):
    for i, req in enumerate(content.get("requirements", [])):
        yield f"requirements[{i}].when", req["when"]
    for i, comp in enumerate(content["components"]):
        if "when" in comp:
            yield f"components[{i}].when", comp["when"]
        for j, row in enumerate(comp["rows"]):
            yield f"components[{i}].rows[{j}].when", row.get("when", {})


def _check_sense(content: dict, source: str) -> None:
    start = datetime.date.fromisoformat(content["valid_from"])
    if content.get("valid_to") and datetime.date.fromisoformat(content["valid_to"]) < start:
        raise RuleFileError(source, "valid_to", "ends before valid_from")
    codes = [c["code"] for c in content["components"]]
    if len(codes) != len(set(codes)):
        raise RuleFileError(source, "components", "two components have the same code")
    for i, cap in enumerate(content.get("caps", [])):
        unknown = set(cap["components"]) - set(codes)
        if unknown:
            raise RuleFileError(source, f"caps[{i}].components", f"no component named {', '.join(sorted(unknown))}")
    known = group_names()
    for place, block in _walk_conditions(content):
        for key in ("nationality_group", "nationality_not_group"):
            for group in [block[key]] if isinstance(block.get(key), str) else block.get(key, []):
                if group not in known:
                    raise RuleFileError(source, f"{place}.{key}", f"unknown country group {group!r}")
    for i, comp in enumerate(content["components"]):
        if comp["per"] == "household":
            for j, row in enumerate(comp["rows"]):
                if {"age_min", "age_max", "member_vulnerable"} & set(row.get("when", {})):
                    raise RuleFileError(
                        source,
                        f"components[{i}].rows[{j}].when",
                        "member conditions (age, vulnerable) need per: member",
                    )


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    far = datetime.date.max
    return a_from <= (b_to or far) and b_from <= (a_to or far)


def check_no_overlap(programme: Programme, content: dict, source: str, *, status: str, exclude_label=None) -> None:
    start = datetime.date.fromisoformat(content["valid_from"])
    end = datetime.date.fromisoformat(content["valid_to"]) if content.get("valid_to") else None
    others = programme.versions.filter(status=status).exclude(label=exclude_label)
    for other in others:
        if _overlaps(start, end, other.valid_from, other.valid_to):
            raise RuleFileError(
                source,
                "valid_from",
                f"overlaps version {other.label} "
                f"({other.valid_from} to {other.valid_to or 'open end'}) of {programme.code}",
            )


def _store(content: dict, source: str, *, status: str, by=None) -> RuleVersion:
    programme, _created = Programme.objects.update_or_create(
        code=content["programme"],
        defaults={"name": content["name"], "run_by": ",".join(content.get("run_by", []))},
    )
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
        parsed.append((content, source))
    # Newest-first storage would still catch overlaps; sort for stable ids.
    return [_store(content, source, status=VersionStatus.PUBLISHED) for content, source in parsed]


@transaction.atomic
def upload_draft(text: str, source: str, *, by) -> RuleVersion:
    """An administrator's draft: validated like a repository file, stored as a
    draft that only simulations read."""
    content = parse(text, source)
    return _store(content, source, status=VersionStatus.DRAFT, by=by)
