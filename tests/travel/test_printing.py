"""The departure summons (page and PDF, its words from travel/summons/*.yaml)
and the premium receipt (PDF): content, language, access and the audit trail."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import Referral
from core.models import AuditEvent
from people.models import PersonLanguage
from tests.factories import give_passports, make_booking, make_person, segment
from travel import actions, printing
from travel.models import PremiumPayment
from travel.readiness import premium_at_departure

SUMMONS_DIR = Path(printing.__file__).resolve().parent / "summons"


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    """PDF text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def _speaks(person, *codes):
    for code in codes:
        PersonLanguage.objects.create(person=person, language=code)


@pytest.fixture
def booking(world, travel_case):
    """A confirmed Brussels → Conakry flight at 10:40 Brussels time, with a
    meeting point and a phone number for the day."""
    return make_booking(
        travel_case,
        world.travel_officer,
        meeting_point="Brussels Airport, departures hall, desk 11",
        contact_phone="+32 2 555 01 23",
        luggage_allowance="1 suitcase of 23 kg and 1 bag of 8 kg",
        wheelchair=True,
    )


def _summons_url(booking, *, pdf=False, lang=None):
    name = "travel-summons-pdf" if pdf else "travel-summons"
    url = reverse(name, args=[booking.case_id, booking.pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.fixture
def payment(world, travel_case):
    """The case made ready to depart and part of its premium paid."""
    give_passports(travel_case, world.counsellor)
    make_booking(travel_case, world.travel_officer)
    case_actions.transition(travel_case, Status.READY_TO_DEPART, by=world.travel_officer)
    travel_case.refresh_from_db()
    return actions.record_payment(
        travel_case,
        by=world.travel_officer,
        decision=travel_case.decision,
        paid_to=travel_case.principal,
        amount=premium_at_departure(travel_case.decision) - Decimal("100.00"),
        currency="EUR",
        method="cash",
        paid_on=timezone.localdate(),
    )


# The summons ----------------------------------------------------------------


def test_the_summons_pdf_says_who_when_where_and_whom_to_call(world, travel_case, booking, as_persona):
    text = _flat(_pdf_text(as_persona("travel_officer").get(_summons_url(booking, pdf=True, lang="en"))))
    principal = travel_case.principal
    assert principal.given_name in text and principal.family_name.upper() in text
    assert travel_case.number in text
    # 10:40 in Brussels, three hours before: 07:40 Brussels time, whatever UTC says.
    assert booking.show_up_at.strftime("%H:%M") == "07:40"
    assert "07:40" in text
    assert "10:40" in text and "15:05" in text
    assert "Brussels Airport, departures hall, desk 11" in text
    assert "+32 2 555 01 23" in text
    assert "1 suitcase of 23 kg" in text
    assert "A wheelchair" in text
    assert "You can still change your mind" in text
    assert "local time in Brussels" in text and "local time in Conakry" in text


def test_the_summons_names_the_household_members_who_travel(world, travel_case, booking, as_persona):
    child = make_person(world.bxl, world.counsellor, given_name="Aïcha", family_name="Diallo")
    case_actions.add_member(travel_case, child, by=world.counsellor, relation="child")
    text = _flat(_pdf_text(as_persona("counsellor").get(_summons_url(booking, pdf=True))))
    assert "Aïcha DIALLO" in text
    assert text.index(travel_case.principal.family_name.upper()) < text.index("Aïcha DIALLO")


def test_the_summons_falls_back_to_the_first_segment_and_the_office_phone(world, travel_case, as_persona):
    world.bxl.phone = "+32 2 205 55 55"
    world.bxl.save()
    booking = make_booking(travel_case, world.travel_officer)
    text = _flat(_pdf_text(as_persona("travel_officer").get(_summons_url(booking, pdf=True, lang="en"))))
    assert "Meeting place BRU" in text
    assert "+32 2 205 55 55" in text
    assert "Please ask us how much luggage you may take." in text


def test_a_night_flight_says_the_day_before_for_the_show_up_time(world, travel_case, as_persona):
    day = timezone.localdate() + datetime.timedelta(days=20)
    leg = segment(
        "BRU",
        "Europe/Brussels",
        datetime.datetime.combine(day, datetime.time(1, 30)),
        "IST",
        "Europe/Istanbul",
        datetime.datetime.combine(day, datetime.time(6, 0)),
    )
    booking = actions.create_booking(
        travel_case, by=world.travel_officer, segments=[leg], reference="TK1938", booked_by="agency"
    )
    page = as_persona("travel_officer").get(_summons_url(booking, lang="en")).content.decode()
    before = printing.long_date(printing.summons_texts()["en"], day - datetime.timedelta(days=1))
    assert "22:30" in page and before in page


def test_in_french_the_summons_speaks_french(world, travel_case, booking, as_persona):
    response = as_persona("travel_officer").get(_summons_url(booking, pdf=True, lang="fr"))
    text = _flat(_pdf_text(response))
    assert "Votre voyage de retour" in text
    assert "Vous pouvez encore changer d'avis" in text
    assert "Numéro de dossier" in text and travel_case.number in text
    assert "07:40" in text
    assert "summons-" in response["Content-Disposition"] and "-fr.pdf" in response["Content-Disposition"]
    assert _pdf_language(response) == "fr"


def test_the_summons_page_has_the_language_and_links_to_the_others(world, travel_case, booking, as_persona):
    response = as_persona("counsellor").get(_summons_url(booking, lang="fr"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in page
    assert f'href="{_summons_url(booking, lang="nl")}"' in page and ">Nederlands<" in page
    assert f'href="{_summons_url(booking, lang="en")}"' in page and ">English<" in page
    assert f'href="{_summons_url(booking, lang="fr")}"' not in page
    assert f"{_summons_url(booking, pdf=True, lang='fr')}" in page
    # Names go with dir="auto", whatever their script.
    assert f'dir="auto">{travel_case.principal.full_name}<' in page


@pytest.mark.parametrize(
    ("spoken", "office_language", "expected"),
    [
        (["nl"], "fr", "nl"),  # the person speaks Dutch
        (["ps", "fr", "nl"], "nl", "fr"),  # the first of theirs that has a file
        (["ps"], "nl", "nl"),  # Pashto only: the office's language
        (["ps"], "de", "en"),  # ... or English when the office's has no file
        ([], "nl-be", "nl"),
    ],
)
def test_the_summons_language_falls_back(world, travel_case, spoken, office_language, expected):
    _speaks(travel_case.principal, *spoken)
    travel_case.office.default_language = office_language
    assert printing.summons_language(travel_case) == expected
    # ?lang wins when there is a file for it, and is ignored when there is none.
    assert printing.summons_language(travel_case, "en") == "en"
    assert printing.summons_language(travel_case, "xx") == expected


def test_a_dutch_speaker_gets_the_summons_in_dutch_without_asking(world, travel_case, booking, as_persona):
    _speaks(travel_case.principal, "nl")
    page = as_persona("counsellor").get(_summons_url(booking)).content.decode()
    assert '<html lang="nl" dir="ltr">' in page
    assert "Uw reis naar huis" in page


def test_a_right_to_left_language_file_sets_the_direction(world, travel_case, booking, as_persona, tmp_path):
    for path in SUMMONS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ar.yaml").write_text(
        (SUMMONS_DIR / "en.yaml").read_text(encoding="utf-8").replace("language_name: English", "language_name: عربي"),
        encoding="utf-8",
    )
    texts = printing.load_texts(tmp_path)
    assert set(texts) >= {"ar", "en", "fr", "nl"}
    assert printing.text_direction("ar") == "rtl" and printing.text_direction("fr") == "ltr"
    travel_case.principal.original_script_name = "أمينة ديالو"
    context = {
        "case": travel_case,
        "booking": booking,
        "pdf": True,
        "lang": "ar",
        "dir": printing.text_direction("ar"),
        "t": texts["ar"],
        "s": printing.summons(travel_case, booking, texts["ar"]),
    }
    html = render_to_string("travel/print/summons.html", context)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<span class="script-name" dir="auto">أمينة ديالو</span>' in html


def test_the_shipped_summons_files_all_have_the_keys_of_english():
    texts = printing.load_texts(SUMMONS_DIR)
    assert {"en", "fr", "nl"} <= set(texts)
    for lang_texts in texts.values():
        assert set(lang_texts) == set(texts["en"])
        assert len(lang_texts["weekdays"]) == 7 and len(lang_texts["months"]) == 12


def _copy_with(tmp_path, name: str, edit) -> Path:
    (tmp_path / "en.yaml").write_text((SUMMONS_DIR / "en.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    source = (SUMMONS_DIR / "fr.yaml").read_text(encoding="utf-8")
    (tmp_path / name).write_text(edit(source), encoding="utf-8")
    return tmp_path


def _without_line(key):
    return lambda text: "\n".join(line for line in text.splitlines() if not line.startswith(f"{key}:"))


def test_the_loader_names_the_file_and_the_missing_key(tmp_path):
    directory = _copy_with(tmp_path, "fr.yaml", _without_line("call_text"))
    with pytest.raises(printing.SummonsTextError) as info:
        printing.load_texts(directory)
    assert "fr.yaml" in str(info.value) and "missing key 'call_text'" in str(info.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t + "\nextra_line: Bonjour\n", "unknown key 'extra_line'"),
        (lambda t: t.replace('leg: "Étape {number}"', 'leg: "Étape {numero}"'), "key 'leg' has placeholders"),
        (lambda t: t.replace("[lundi, mardi, ", "[lundi, "), "key 'weekdays' must have 7 entries"),
        (lambda t: t.replace("title: Votre voyage de retour", "title: ''"), "key 'title' must be a text"),
        (lambda t: "- just\n- a list\n", "must be a mapping"),
    ],
)
def test_the_loader_rejects_other_mistakes(tmp_path, edit, message):
    directory = _copy_with(tmp_path, "fr.yaml", edit)
    with pytest.raises(printing.SummonsTextError, match=message) as info:
        printing.load_texts(directory)
    assert "fr.yaml" in str(info.value)


def test_a_cancelled_booking_has_no_summons(world, travel_case, booking, as_persona):
    actions.cancel_booking(booking, by=world.travel_officer, reason="Flight cancelled", move_case=False)
    client = as_persona("travel_officer")
    assert client.get(_summons_url(booking)).status_code == 404
    assert client.get(_summons_url(booking, pdf=True)).status_code == 404


def test_a_booking_of_another_case_is_not_found(world, travel_case, booking, as_persona):
    url = reverse("travel-summons", args=[world.case.pk, booking.pk])
    assert as_persona("travel_officer").get(url).status_code == 404


# The receipt ---------------------------------------------------------------


def test_the_receipt_pdf_shows_the_payment_and_who_signed_it_off(world, travel_case, payment, as_persona):
    world.travel_officer.last_name = "Peeters"
    world.travel_officer.save()
    response = as_persona("team_leader").get(reverse("travel-receipt-pdf", args=[travel_case.pk, payment.pk]))
    text = _flat(_pdf_text(response))
    assert payment.receipt_number in text
    assert travel_case.number in text
    assert f"{payment.amount:,.2f} EUR" in text
    assert travel_case.principal.full_name in text and travel_case.principal.dob_display in text
    assert "Ines Peeters" in text and world.bxl.name in text
    assert travel_case.decision.result["programme"] in text and travel_case.decision.result["rule_version"] in text
    allowed = premium_at_departure(travel_case.decision)
    assert f"{allowed:,.2f} EUR" in text
    assert "Signature of the person receiving the premium" in text
    assert payment.receipt_number in response["Content-Disposition"]


def test_the_receipt_counts_the_payments_up_to_its_own(world, travel_case, payment):
    second = actions.record_payment(
        travel_case,
        by=world.travel_officer,
        decision=travel_case.decision,
        paid_to=travel_case.principal,
        amount=Decimal("40.00"),
        currency="EUR",
        method="cash",
        paid_on=timezone.localdate(),
    )
    assert printing.paid_up_to(payment) == payment.amount
    assert printing.paid_up_to(second) == payment.amount + Decimal("40.00")


def _pdf_language(response) -> str:
    return PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"]


def test_the_receipt_speaks_the_readers_language(world, travel_case, payment, as_persona):
    url = reverse("travel-receipt-pdf", args=[travel_case.pk, payment.pk])
    client = as_persona("travel_officer")
    assert _pdf_language(client.get(url, headers={"accept-language": "fr"})) == "fr"
    assert _pdf_language(client.get(url, headers={"accept-language": "nl"})) == "nl"


def test_a_payment_of_another_case_is_not_found(world, travel_case, payment, as_persona):
    url = reverse("travel-receipt-pdf", args=[world.case.pk, payment.pk])
    assert as_persona("travel_officer").get(url).status_code == 404


# Access and the audit trail ---------------------------------------------------

EXPECTED = {
    "counsellor": 200,
    "team_leader": 200,
    "travel_officer": 200,
    "agency_admin": 200,
    "analyst": 200,
    "ghent": 404,  # another office of the same agency
    "ofii": 404,
    "partner": 403,  # the case is referred to the partner, but its journey is not theirs
    "outsider": 404,
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_persona_matrix(world, travel_case, booking, payment, as_persona, persona):
    Referral.objects.create(case=travel_case, partner=world.iom, status="accepted")
    client = as_persona(persona)
    urls = [
        _summons_url(booking),
        _summons_url(booking, pdf=True),
        reverse("travel-receipt-pdf", args=[travel_case.pk, payment.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [EXPECTED[persona]] * 3
    downloads = AuditEvent.objects.filter(action__in=["summons.downloaded", "receipt.downloaded"])
    assert downloads.count() == (2 if EXPECTED[persona] == 200 else 0)


def test_anonymous_visitors_are_sent_to_log_in(world, travel_case, booking, payment, client):
    for url in (_summons_url(booking), reverse("travel-receipt-pdf", args=[travel_case.pk, payment.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_downloads_are_recorded_as_access_events(world, travel_case, booking, payment, as_persona):
    client = as_persona("analyst")
    client.get(_summons_url(booking))  # the page itself is not a download
    assert not AuditEvent.objects.filter(action="summons.downloaded").exists()
    _pdf_text(client.get(_summons_url(booking, pdf=True)))
    _pdf_text(client.get(reverse("travel-receipt-pdf", args=[travel_case.pk, payment.pk])))
    summons = AuditEvent.objects.get(action="summons.downloaded")
    receipt = AuditEvent.objects.get(action="receipt.downloaded")
    assert (summons.kind, summons.actor, summons.case_id, summons.object_id) == (
        "access",
        world.analyst,
        travel_case.pk,
        str(booking.pk),
    )
    assert (receipt.kind, receipt.actor, receipt.case_id, receipt.person_id, receipt.object_id) == (
        "access",
        world.analyst,
        travel_case.pk,
        payment.paid_to_id,
        str(payment.pk),
    )
    assert PremiumPayment.objects.count() == 1


def test_the_include_templates_link_to_the_documents(world, travel_case, booking, payment):
    links = render_to_string("travel/print/booking_links.html", {"booking": booking, "case": travel_case})
    assert _summons_url(booking) in links and _summons_url(booking, pdf=True) in links
    receipt = render_to_string("travel/print/payment_links.html", {"payment": payment, "case": travel_case})
    assert reverse("travel-receipt-pdf", args=[travel_case.pk, payment.pk]) in receipt
    assert payment.receipt_number in receipt
