"""The Reintegration Sustainability Survey: the questionnaire (versioned data
in reintegration/rss/questionnaire-*.yaml), the weights (versioned
configuration: reintegration/rss/weights-*.yaml, stored as RssWeights), and
the scores.

Scoring, with the answers' normalised values v (0 worst, 1 best) and the
weights w of the current weights version:

- a dimension's score is the weighted mean of the values of its answered
  indicators: sum(w·v) / sum(w) over those indicators. An indicator left
  unanswered, or answered "does not apply" (value null), is left out and
  the other indicators' weights are re-normalised (divided by their sum);
  a dimension with no answered indicator has no score;
- the composite score is sum(W·dimension score) over the three dimensions,
  with the composite weights W; it is only given when all three dimensions
  have a score (a composite of one dimension would mislead).

Weights are exact fractions (0.2 or "1/3"), so sums are exact; the scores are
rounded half up to 3 decimals when stored."""

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import get_language

from core import audit

RSS_DIR = Path(__file__).parent / "rss"
QUESTIONNAIRE_FILE = RSS_DIR / "questionnaire-2017.yaml"
DIMENSIONS = ("economic", "social", "psychosocial")
THOUSANDTH = Decimal("0.001")


class RssFileError(Exception):
    """A questionnaire or weights file that cannot be used: names the file,
    the key and the problem."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        super().__init__(f"{source}: at {key or 'the top'}: {problem}")


# The questionnaire ----------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    code: str
    value: Fraction | None  # None: "does not apply"
    labels: dict

    @property
    def label(self) -> str:
        return _in_language(self.labels)


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    labels: dict
    questions: dict
    options: tuple[Option, ...]

    @property
    def label(self) -> str:
        return _in_language(self.labels)

    @property
    def question(self) -> str:
        return _in_language(self.questions)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Dimension:
    code: str
    labels: dict
    indicators: tuple[Indicator, ...]

    @property
    def label(self) -> str:
        return _in_language(self.labels)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    dimensions: tuple[Dimension, ...]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for d in self.dimensions for i in d.indicators]

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)


def _in_language(labels: dict) -> str:
    lang = (get_language() or "en").split("-")[0]
    return labels.get(lang) or labels.get("en") or ""


def _labels(raw, source: str, key: str) -> dict:
    if not isinstance(raw, dict) or not isinstance(raw.get("en"), str) or not raw["en"].strip():
        raise RssFileError(source, key, "a label is a mapping of texts by language, with at least 'en'")
    return {str(k): str(v) for k, v in raw.items()}


def _fraction(raw, source: str, key: str) -> Fraction:
    """0.2, 1, or "1/3": an exact fraction."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise RssFileError(source, key, f'{raw!r} is not a number: write 0.25 or a fraction such as "1/3"')
    try:
        return Fraction(str(raw).strip())
    except (ValueError, ZeroDivisionError):
        raise RssFileError(source, key, f'{raw!r} is not a number: write 0.25 or a fraction such as "1/3"') from None


def parse_questionnaire(content, source: str) -> Questionnaire:
    if not isinstance(content, dict) or not isinstance(content.get("version"), str):
        raise RssFileError(source, "version", "a questionnaire names its version")
    dims = content.get("dimensions")
    if not isinstance(dims, list) or [d.get("code") if isinstance(d, dict) else None for d in dims] != list(DIMENSIONS):
        raise RssFileError(source, "dimensions", f"the dimensions are {', '.join(DIMENSIONS)}, in this order")
    seen: set[str] = set()
    dimensions = []
    for d_i, dim in enumerate(dims):
        indicators = []
        for i_i, ind in enumerate(dim.get("indicators") or []):
            key = f"dimensions[{d_i}].indicators[{i_i}]"
            code = ind.get("code") if isinstance(ind, dict) else None
            if not isinstance(code, str) or not code or code in seen:
                raise RssFileError(source, f"{key}.code", "each indicator has its own code")
            seen.add(code)
            options = []
            for o_i, opt in enumerate(ind.get("options") or []):
                o_key = f"{key}.options[{o_i}]"
                if not isinstance(opt, dict) or not isinstance(opt.get("code"), str):
                    raise RssFileError(source, f"{o_key}.code", "each answer has a code")
                value = None if opt.get("value") is None else _fraction(opt["value"], source, f"{o_key}.value")
                if value is not None and not 0 <= value <= 1:
                    raise RssFileError(source, f"{o_key}.value", "a value is between 0 and 1")
                options.append(Option(opt["code"], value, _labels(opt.get("label"), source, f"{o_key}.label")))
            if len({o.code for o in options}) != len(options) or len(options) < 2:
                raise RssFileError(source, f"{key}.options", "at least two answers, each with its own code")
            indicators.append(
                Indicator(
                    code,
                    dim["code"],
                    _labels(ind.get("label"), source, f"{key}.label"),
                    _labels(ind.get("question"), source, f"{key}.question"),
                    tuple(options),
                )
            )
        if not indicators:
            raise RssFileError(source, f"dimensions[{d_i}].indicators", "a dimension has indicators")
        dimensions.append(
            Dimension(dim["code"], _labels(dim.get("label"), source, f"dimensions[{d_i}].label"), tuple(indicators))
        )
    return Questionnaire(content["version"], tuple(dimensions))


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else ""
        raise RssFileError(path.name, place, f"not valid YAML ({getattr(exc, 'problem', exc)})") from None


@functools.cache
def questionnaires() -> dict[str, Questionnaire]:
    """Every questionnaire version shipped, by version."""
    found = {}
    for path in sorted(RSS_DIR.glob("questionnaire-*.yaml")):
        q = parse_questionnaire(_read_yaml(path), path.name)
        found[q.version] = q
    return found


def current_questionnaire() -> Questionnaire:
    """The version new surveys are taken with."""
    return parse_questionnaire(_read_yaml(QUESTIONNAIRE_FILE), QUESTIONNAIRE_FILE.name)


def questionnaire(version: str) -> Questionnaire | None:
    return questionnaires().get(version)


# Weights ---------------------------------------------------------------------


def validate_weights(content, source: str) -> dict:
    """The weights document, checked against its questionnaire; weights kept
    as the strings of exact fractions ("1/5"), as stored in RssWeights."""
    if not isinstance(content, dict):
        raise RssFileError(source, "", "a weights file is a mapping (label, questionnaire, composite, dimensions)")
    extra = sorted(set(content) - {"label", "questionnaire", "composite", "dimensions", "note"})
    if extra:
        raise RssFileError(source, extra[0], "unknown key")
    label = content.get("label")
    if not isinstance(label, str) or not label.strip() or len(label) > 40:
        raise RssFileError(source, "label", "a weights version has a label of at most 40 characters")
    q = questionnaire(content.get("questionnaire") or "")
    if q is None:
        raise RssFileError(source, "questionnaire", f"unknown questionnaire version {content.get('questionnaire')!r}")

    def weights_of(raw, key: str, expected: list[str]) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise RssFileError(source, key, "a mapping of codes to weights")
        for code in expected:
            if code not in raw:
                raise RssFileError(source, f"{key}.{code}", "missing: every one needs a weight")
        for code in raw:
            if code not in expected:
                raise RssFileError(source, f"{key}.{code}", "not in the questionnaire")
        parsed = {code: _fraction(raw[code], source, f"{key}.{code}") for code in expected}
        for code, w in parsed.items():
            if w < 0:
                raise RssFileError(source, f"{key}.{code}", "a weight is never negative")
        total = sum(parsed.values(), Fraction(0))
        if total != 1:
            raise RssFileError(source, key, f"the weights add up to {float(total):g}, not 1")
        return {code: str(w) for code, w in parsed.items()}

    composite = weights_of(content.get("composite"), "composite", list(DIMENSIONS))
    raw_dims = content.get("dimensions")
    if not isinstance(raw_dims, dict):
        raise RssFileError(source, "dimensions", "a mapping of each dimension to its indicators' weights")
    dimensions = {}
    for dim in q.dimensions:
        dimensions[dim.code] = weights_of(
            raw_dims.get(dim.code), f"dimensions.{dim.code}", [i.code for i in dim.indicators]
        )
    for code in raw_dims:
        if code not in DIMENSIONS:
            raise RssFileError(source, f"dimensions.{code}", "not a dimension of the questionnaire")
    return {
        "label": label.strip(),
        "questionnaire": q.version,
        "composite": composite,
        "dimensions": dimensions,
    }


def weight_files() -> list[Path]:
    return sorted(RSS_DIR.glob("weights-*.yaml"))


def read_weights_file(path: Path) -> dict:
    return validate_weights(_read_yaml(path), path.name)


@transaction.atomic
def load_weights(paths: list[Path] | None = None, *, by=None) -> tuple[list, list]:
    """Store each weights file not stored yet (by label); (new, unchanged).
    A label already stored with other weights is an error: a version is
    never changed, a new one gets a new label. Nothing is stored unless every
    file is valid."""
    from reintegration.models import RssWeights

    parsed = [(path, read_weights_file(path)) for path in (paths if paths is not None else weight_files())]
    labels = [content["label"] for _path, content in parsed]
    for (path, _content), label in zip(parsed, labels, strict=True):
        if labels.count(label) > 1:
            raise RssFileError(path.name, "label", f"the label {label!r} is used by more than one file")
    new, same = [], []
    for path, content in parsed:
        existing = RssWeights.objects.filter(label=content["label"]).first()
        if existing is not None:
            if existing.content != content:
                raise RssFileError(
                    path.name, "label", f"{content['label']!r} is already stored with other weights: use a new label"
                )
            same.append(existing)
            continue
        weights = RssWeights.objects.create(label=content["label"], content=content, created_by=by)
        audit.record(by, "rss.weights_loaded", weights, changes={"label": [None, weights.label]})
        new.append(weights)
    return new, same


# Scores ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    economic: Decimal | None
    social: Decimal | None
    psychosocial: Decimal | None
    composite: Decimal | None

    def as_dict(self) -> dict:
        return {d: getattr(self, d) for d in (*DIMENSIONS, "composite")}


NO_SCORES = Scores(None, None, None, None)


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def exact_scores(answers: dict, q: Questionnaire, content: dict) -> dict[str, Fraction | None]:
    """The unrounded scores of `answers` (indicator code → answer code)."""
    result: dict[str, Fraction | None] = {}
    for dim in q.dimensions:
        weights = content["dimensions"][dim.code]
        num = den = Fraction(0)
        for ind in dim.indicators:
            option = ind.option(answers.get(ind.code) or "")
            if option is None or option.value is None:
                continue  # unanswered or "does not apply": left out, the others re-normalised
            w = Fraction(weights[ind.code])
            num += w * option.value
            den += w
        result[dim.code] = num / den if den else None
    if all(result[d] is not None for d in DIMENSIONS):
        result["composite"] = sum((Fraction(content["composite"][d]) * result[d] for d in DIMENSIONS), Fraction(0))
    else:
        result["composite"] = None
    return result


def compute_scores(answers: dict, questionnaire_version: str, weights) -> Scores:
    """The scores of one survey with a weights version (an RssWeights), or no
    scores when there are no weights or they are for another questionnaire."""
    q = questionnaire(questionnaire_version)
    if weights is None or q is None or weights.content.get("questionnaire") != q.version:
        return NO_SCORES
    exact = exact_scores(answers, q, weights.content)
    return Scores(**{k: None if v is None else _decimal(v) for k, v in exact.items()})


def validate_answers(answers, q: Questionnaire) -> dict:
    """The answers kept: known indicator → one of its answer codes; blanks
    dropped. DomainError naming answers.<indicator> otherwise."""
    from django.utils.translation import gettext as _

    from core.errors import DomainError

    if answers is None:
        return {}
    if not isinstance(answers, dict):
        raise DomainError(_("Give the answers as indicator codes and answer codes."), field="answers")
    kept = {}
    for code, answer in answers.items():
        indicator = q.indicator(str(code))
        if indicator is None:
            raise DomainError(_("Not a question of this survey."), field=f"answers.{code}")
        if answer in (None, ""):
            continue
        if not isinstance(answer, str) or indicator.option(answer) is None:
            raise DomainError(_("Choose one of the answers to this question."), field=f"answers.{code}")
        kept[indicator.code] = answer
    return kept


def current_weights():
    """The current weights version. When none was ever stored (a fresh
    database), the shipped files are loaded and the last made current."""
    from reintegration.models import RssWeights

    current = RssWeights.objects.filter(is_current=True).order_by("-pk").first()
    if current is None and not RssWeights.objects.exists():
        from reintegration.actions_monitoring import make_current

        new, _same = load_weights()
        if new:
            current = make_current(new[-1], by=None)
    return current
