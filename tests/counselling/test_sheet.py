"""The information sheet for the person: page and PDF, every persona, the
next steps per status, the approved package or "to be decided", the
counsellor's contact, the language (French, Dutch, Arabic right to left),
the texts checked key by key, and the audited download."""

import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from pypdf import PdfReader

from cases.lifecycle import Status
from cases.models import ReturnCase
from core.models import AuditEvent
from counselling import sheet
from people.models import PersonLanguage
from tests.conftest import PERSONAS
from tests.factories import approve_package, make_booking, make_case
from travel import printing

EXPECTED = {
    "counsellor": 200,
    "team_leader": 200,
    "ghent": 404,
    "travel_officer": 200,
    "agency_admin": 200,
    "analyst": 403,
    "ofii": 404,
    "partner": 403,
    "outsider": 404,
}


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _url(case, *, pdf=False, lang=None):
    url = reverse("sheet-pdf" if pdf else "sheet", args=[case.pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.fixture
def approved_case(world, rules):
    """A Brussels case of Sofie's in travel preparation, Fedasil package approved."""
    world.bxl.phone = "+32 2 000 10 10"
    world.bxl.save()
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.TRAVEL_PREPARATION)
    case.decision = approve_package(case, world.counsellor, world.team_leader)
    return case


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_sheet_is_printed_by_the_sending_offices_staff(world, as_persona, persona):
    client = as_persona(persona)
    assert client.get(_url(world.case)).status_code == EXPECTED[persona]
    response = client.get(_url(world.case, pdf=True))
    assert response.status_code == EXPECTED[persona]
    downloads = AuditEvent.objects.filter(action="sheet.downloaded", case_id=world.case.pk)
    assert downloads.count() == (1 if EXPECTED[persona] == 200 else 0)


def test_the_french_pdf_gives_the_next_steps_the_package_and_the_counsellor(world, approved_case, as_persona):
    text = _pdf_text(as_persona("counsellor").get(_url(approved_case, pdf=True, lang="fr")))
    assert "Votre dossier de retour" in text
    assert "Votre aide est approuvée et nous préparons votre voyage." in text
    assert "Nous obtenons votre document de voyage (passeport ou laissez-passer)." in text
    # The approved package, line by line, labels from the rule file in French.
    assert "Prime de réinstallation" in text
    assert "payée en espèces le jour du départ" in text
    for component in approved_case.decision.result["components"]:
        amount = sheet.format_amount(sheet.sheet_texts()["fr"], Decimal(component["amount"]), "EUR")
        assert amount.replace("\xa0", " ") in text.replace("\xa0", " ")
    assert "Décidée le" in text and "Fedasil" in text
    assert "Votre conseiller" in text and "Sofie" in text
    assert "+32 2 000 10 10" in text and "bxl@example.org" in text
    assert "Vous pouvez changer d'avis" in text
    assert approved_case.number in text


def test_the_dutch_pdf_says_the_support_is_still_to_be_decided(world, as_persona):
    case = make_case(world.bxl, world.counsellor, counsellor=world.counsellor, status=Status.COUNSELLING)
    text = _pdf_text(as_persona("counsellor").get(_url(case, pdf=True, lang="nl")))
    assert "Uw terugkeerdossier" in text
    assert "U praat met uw begeleider over een mogelijke terugkeer." in text
    assert "Neem de tijd die u nodig hebt om na te denken, en stel al uw vragen." in text
    assert "Nog te beslissen." in text
    assert "Uw begeleider" in text and "Sofie" in text


def test_the_dutch_pdf_of_an_approved_package_lists_it_in_dutch(world, approved_case, as_persona):
    text = _pdf_text(as_persona("team_leader").get(_url(approved_case, pdf=True, lang="nl")))
    assert "Herinstallatiepremie" in text
    assert "in contanten betaald op de dag van vertrek" in text
    assert "Beslist op" in text


def test_a_confirmed_booking_gives_the_departure_day(world, approved_case, as_persona):
    booking = make_booking(approved_case, world.travel_officer)
    texts = sheet.sheet_texts()["fr"]
    day = printing.long_date(texts, booking.travel_date)
    html = as_persona("travel_officer").get(_url(approved_case, lang="fr")).content.decode()
    assert f"Votre départ est prévu le {day}." in html


def test_an_ended_case_reads_as_closed(world, as_persona):
    ReturnCase.objects.filter(pk=world.case.pk).update(status=Status.WITHDRAWN)
    html = as_persona("counsellor").get(_url(world.case, lang="en")).content.decode()
    assert "Your return file is closed." in html


def test_a_case_without_a_counsellor_points_to_the_office(world, as_persona):
    case = make_case(world.bxl, world.counsellor)
    html = as_persona("counsellor").get(_url(case, lang="en")).content.decode()
    assert "No counsellor is named yet. Contact the office." in html


def test_the_sheet_speaks_the_persons_language_unless_asked_otherwise(world, as_persona):
    case = world.case
    PersonLanguage.objects.create(person=case.principal, language="ful")
    PersonLanguage.objects.create(person=case.principal, language="fr")
    client = as_persona("counsellor")
    response = client.get(_url(case))
    assert response.context["lang"] == "fr"
    assert client.get(_url(case, lang="nl")).context["lang"] == "nl"
    # A language without a text: the person's next language, then the office's.
    assert client.get(_url(case, lang="sw")).context["lang"] == "fr"
    html = response.content.decode()
    assert 'hreflang="nl"' in html and 'hreflang="ar"' in html


def test_the_office_language_when_the_person_speaks_none_with_a_text(world, as_persona):
    PersonLanguage.objects.create(person=world.case.principal, language="ful")
    assert as_persona("counsellor").get(_url(world.case)).context["lang"] == "nl"  # Brussels' default


def test_the_arabic_sheet_reads_right_to_left(world, approved_case, as_persona):
    client = as_persona("counsellor")
    html = client.get(_url(approved_case, lang="ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "ملف عودتك" in html
    # Amounts and numbers stay left to right inside the Arabic text.
    assert '<bdi dir="ltr">350 EUR</bdi>' in html or 'bdi dir="ltr"' in html
    text = _pdf_text(client.get(_url(approved_case, pdf=True, lang="ar")))
    assert approved_case.number in text
    assert any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_the_pdf_is_not_kept_in_caches(world, as_persona):
    response = as_persona("counsellor").get(_url(world.case, pdf=True))
    assert response["Cache-Control"] == "private, no-store"
    assert world.case.number in response["Content-Disposition"]


def test_the_download_is_an_access_event_on_the_case(world, as_persona):
    as_persona("counsellor").get(_url(world.case, pdf=True, lang="fr"))
    event = AuditEvent.objects.get(action="sheet.downloaded")
    assert event.kind == "access" and event.actor == world.counsellor
    assert event.case_id == world.case.pk and event.person_id == world.case.principal_id


# The texts, key by key -----------------------------------------------------------


def test_every_shipped_language_has_every_key_of_english():
    texts = printing.load_texts(sheet.SHEET_DIR)
    assert {"en", "fr", "nl", "ar"} <= set(texts)
    for code, words in texts.items():
        assert set(words) == set(texts["en"]), code
        for status in sheet.STATUS_TEXTS:
            assert words[f"now_{status}"] and words[f"next_{status}"], (code, status)


def test_every_ended_status_and_every_package_form_has_a_text():
    en = sheet.sheet_texts()["en"]
    assert en["now_closed"] and en["next_closed"]
    for form in ("cash", "in_kind"):
        for paid in ("at_departure", "after_arrival"):
            assert en[f"paid_{form}_{paid}"]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "sheet"
    shutil.copytree(sheet.SHEET_DIR, target)
    return target


def test_a_language_file_missing_a_key_is_refused_with_its_name(tmp_path):
    target = _copy(tmp_path)
    words = yaml.safe_load((target / "fr.yaml").read_text(encoding="utf-8"))
    del words["next_eligibility"]
    (target / "fr.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    with pytest.raises(printing.SummonsTextError, match=r"fr\.yaml: missing key 'next_eligibility'"):
        printing.load_texts(target)


def test_a_placeholder_lost_in_translation_is_refused(tmp_path):
    target = _copy(tmp_path)
    words = yaml.safe_load((target / "nl.yaml").read_text(encoding="utf-8"))
    words["departure_planned"] = "Uw vertrek is gepland."
    (target / "nl.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    with pytest.raises(printing.SummonsTextError, match="departure_planned"):
        printing.load_texts(target)


def test_amounts_follow_the_languages_way_of_writing_numbers():
    texts = sheet.sheet_texts()
    assert sheet.format_amount(texts["en"], Decimal("1200.00"), "EUR") == "1,200 EUR"
    assert sheet.format_amount(texts["nl"], Decimal("1200.50"), "EUR") == "1.200,50 EUR"
    assert sheet.format_amount(texts["fr"], Decimal("350"), "EUR") == "350 EUR"
    assert sheet.format_amount(texts["fr"], Decimal("2500"), "EUR") == "2\xa0500 EUR"
