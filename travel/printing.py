"""The departure summons and the premium receipt: the summons texts (one
YAML file per language in travel/summons/), the language a summons is
printed in, what the two documents show, and HTML → PDF with WeasyPrint.

The summons is written for the person who travels, so its words are data:
adding a language is adding a file with the same keys as en.yaml. The
receipt is an office document and speaks the reader's language (gettext)."""

import datetime
import re
import string
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.db.models import Sum
from django.utils import timezone

from organisations.access import acting_office
from travel.readiness import premium_at_departure

SUMMONS_DIR = Path(__file__).resolve().parent / "summons"
REFERENCE = "en"
# Written right to left; the page gets dir="rtl" in these languages.
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ur", "ckb", "prs", "he", "sd", "ug", "yi"})
# Lists whose length is fixed whatever the language.
FIXED_LENGTHS = {"weekdays": 7, "months": 12}
_CODE = re.compile(r"^[a-z]{2,3}$")


class SummonsTextError(ValueError):
    """A summons language file that cannot be used; the message names the
    file and the key."""


def _fields(text: str, where: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise SummonsTextError(f"{where}: {exc}") from None


def _check(path: Path, texts: dict, reference: dict) -> None:
    for key in reference:
        if key not in texts:
            raise SummonsTextError(f"{path}: missing key '{key}' (every key of {REFERENCE}.yaml is needed)")
    for key in texts:
        if key not in reference:
            raise SummonsTextError(f"{path}: unknown key '{key}' (not in {REFERENCE}.yaml)")
    for key, model in reference.items():
        value, where = texts[key], f"{path}: key '{key}'"
        if isinstance(model, list):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise SummonsTextError(f"{where} must be a list of texts, as in {REFERENCE}.yaml")
            if key in FIXED_LENGTHS and len(value) != FIXED_LENGTHS[key]:
                raise SummonsTextError(f"{where} must have {FIXED_LENGTHS[key]} entries, not {len(value)}")
            continue
        if not isinstance(value, str) or not value.strip():
            raise SummonsTextError(f"{where} must be a text, as in {REFERENCE}.yaml")
        expected = _fields(model, f"{REFERENCE}.yaml: key '{key}'")
        found = _fields(value, where)
        if found != expected:
            wanted = ", ".join("{" + f + "}" for f in sorted(expected)) or "none"
            raise SummonsTextError(f"{where} has placeholders that differ from {REFERENCE}.yaml (expected: {wanted})")


def _read(path: Path) -> dict:
    try:
        texts = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SummonsTextError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(texts, dict):
        raise SummonsTextError(f"{path}: must be a mapping of keys to texts")
    return texts


def load_texts(directory: Path = SUMMONS_DIR) -> dict[str, dict]:
    """{language code: texts} for every <code>.yaml in `directory`, each
    checked against en.yaml: the same keys, the same kinds of value and the
    same {placeholders}. Raises SummonsTextError naming file and key."""
    directory = Path(directory)
    reference_path = directory / f"{REFERENCE}.yaml"
    if not reference_path.is_file():
        raise SummonsTextError(f"{reference_path}: missing; it is the reference for every language")
    reference = _read(reference_path)
    found = {}
    for path in sorted(directory.glob("*.yaml")):
        code = path.stem
        if not _CODE.match(code):
            raise SummonsTextError(f"{path}: the file name must be an ISO 639 language code, e.g. fr.yaml")
        texts = reference if code == REFERENCE else _read(path)
        _check(path, texts, reference)
        found[code] = texts
    return found


@lru_cache(maxsize=1)
def summons_texts() -> dict[str, dict]:
    """The shipped summons texts, read once per process."""
    return load_texts(SUMMONS_DIR)


def _base(code: str | None) -> str:
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def summons_language(case, requested: str | None = None, available=None) -> str:
    """?lang when there is a file for it; else the first of the principal's
    languages that has one; else the office's language; else English."""
    available = summons_texts() if available is None else available
    if requested and _base(requested) in available:
        return _base(requested)
    spoken = case.principal.languages.order_by("pk").values_list("language", flat=True)
    for code in spoken:
        if _base(code) in available:
            return _base(code)
    office_language = _base(case.office.default_language)
    if office_language in available:
        return office_language
    return REFERENCE


def text_direction(code: str) -> str:
    return "rtl" if _base(code) in RTL_LANGUAGES else "ltr"


def long_date(texts: dict, day: datetime.date) -> str:
    """Tuesday 14 April 2026, in the summons language."""
    return texts["date_format"].format(
        weekday=texts["weekdays"][day.weekday()],
        day=texts["first_day"] if day.day == 1 else str(day.day),
        month=texts["months"][day.month - 1],
        year=day.year,
    )


def zone_place(tz_name: str) -> str:
    """Europe/Brussels → Brussels; America/Argentina/Buenos_Aires → Buenos Aires."""
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


def _hhmm(moment: datetime.datetime) -> str:
    return moment.strftime("%H:%M")


def travellers(case) -> list:
    """The principal first, then the household members on the case."""
    members = [m.person for m in case.case_members.select_related("person").order_by("pk")]
    people = [case.principal] + [p for p in members if p.pk != case.principal_id]
    return people


def summons(case, booking, texts: dict) -> dict:
    """What the summons shows, its words already in the summons language."""
    segments = booking.ordered_segments()
    first = segments[0] if segments else None
    show_up = booking.show_up_at
    departure_day = booking.travel_date
    legs = []
    for n, seg in enumerate(segments, start=1):
        dep, arr = seg.local_departure, seg.local_arrival
        legs.append(
            {
                "label": texts["leg"].format(number=n),
                "mode": texts.get(f"mode_{seg.mode}", seg.mode),
                "carrier": seg.carrier,
                "number": seg.number,
                "origin": seg.origin,
                "destination": seg.destination,
                "departs_date": long_date(texts, dep.date()),
                "departs_time": _hhmm(dep),
                "departs_zone": texts["local_time"].format(place=zone_place(seg.origin_tz)),
                "origin_tz": seg.origin_tz,
                "arrives_date": long_date(texts, arr.date()),
                "arrives_time": _hhmm(arr),
                "arrives_zone": texts["local_time"].format(place=zone_place(seg.destination_tz)),
                "destination_tz": seg.destination_tz,
            }
        )
    assistance = [
        texts[f"assistance_{flag}"]
        for flag in ("wheelchair", "medical_escort", "unaccompanied_minor")
        if getattr(booking, flag)
    ]
    office = case.office
    today = timezone.localtime(timezone.now(), ZoneInfo(office.timezone)).date()
    return {
        "travellers": travellers(case),
        "case_number": case.number,
        "reference": booking.reference,
        "departure_date": long_date(texts, departure_day) if departure_day else "",
        "show_up_time": _hhmm(show_up) if show_up else "",
        # Said again when the show-up time falls on the day before (a night flight).
        "show_up_date": long_date(texts, show_up.date()) if show_up and show_up.date() != departure_day else "",
        "show_up_zone": texts["local_time"].format(place=zone_place(first.origin_tz)) if first else "",
        "meeting_point": booking.meeting_point or (first.origin if first else ""),
        "legs": legs,
        "luggage": booking.luggage_allowance,
        "assistance": assistance,
        "special_needs_notes": booking.special_needs_notes,
        "phone": booking.contact_phone or office.phone,
        "office": office,
        "printed": texts["printed"].format(date=long_date(texts, today)),
    }


def paid_up_to(payment) -> Decimal:
    """Paid on the package up to and including this payment, so that a
    receipt printed again later says the same."""
    total = payment.decision.payments.filter(pk__lte=payment.pk).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def receipt(case, payment) -> dict:
    decision = payment.decision
    office_tz = ZoneInfo(case.office.timezone)
    result = decision.result or {}
    return {
        "programme": result.get("programme") or decision.rule_version.programme.code,
        "programme_name": decision.rule_version.programme.name,
        "rule_version": result.get("rule_version") or decision.rule_version.label,
        "approved_at_departure": premium_at_departure(decision),
        "paid_so_far": paid_up_to(payment),
        "officer_name": payment.officer.get_full_name() or payment.officer.get_username(),
        "officer_office": acting_office(payment.officer, case.office),
        "signed_off_at": timezone.localtime(payment.signed_off_at, office_tz),
        "office_tz": case.office.timezone,
    }


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """The same HTML as the printable page, as an A4 PDF. WeasyPrint is
    imported here so that the rest of the app starts without Pango."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
