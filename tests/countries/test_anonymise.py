"""The anonymiser: what identifies a case's people is taken out of a
question and its answer, in Latin, Arabic and Cyrillic scripts; ordinary
text is left alone."""

import datetime

import pytest

from countries.anonymise import Identifiers, anonymise, find, identifiers_of
from people import actions as people_actions
from people.models import IdentityDocument
from tests.factories import make_case, make_person


@pytest.fixture
def family(world):
    """A Guinean family: Mamadou Diallo (Arabic-script name, phone, email,
    passport, born 17 May 1990) and his wife Oksana Kovalenko (Cyrillic alias)."""
    from cases import actions as case_actions

    head = make_person(
        world.bxl,
        world.counsellor,
        given_name="Mamadou",
        family_name="Diallo",
        original_script_name="محمد ديالو",
        phone="+224 622 12 34 56",
        email="mamadou.diallo@example.org",
        date_of_birth=datetime.date(1990, 5, 17),
    )
    IdentityDocument.objects.create(person=head, doc_type="passport", number="EM 123 4567", issuing_country="GN")
    wife = make_person(
        world.bxl,
        world.counsellor,
        given_name="Oksana",
        family_name="Kovalenko",
        date_of_birth=None,
        dob_precision="unknown",
    )
    people_actions.add_alias(wife, by=world.counsellor, name="Оксана Коваленко", kind="spelling")
    case = make_case(world.bxl, world.counsellor, principal=head)
    case_actions.add_member(case, wife, by=world.counsellor, relation="spouse")
    return case


def _clean(text, case):
    return anonymise(text, identifiers_of(case))


def test_latin_names_are_removed_as_whole_words(family):
    text, removed = _clean("Mamadou Diallo and his wife Oksana need insulin in Kankan.", family)
    assert "Mamadou" not in text and "Diallo" not in text and "Oksana" not in text
    assert text == "[name] and his wife [name] need insulin in Kankan."
    assert removed["name"] == 3


def test_spelling_variants_are_removed_too(family):
    text, _removed = _clean("Mr Mamadu Dialo and Mrs Kovalenko-Diallo asked.", family)
    assert "Mamadu" not in text and "Dialo" not in text and "Kovalenko" not in text


def test_arabic_script_names_are_removed_with_prefixes_and_against_latin_spellings(family):
    text, _removed = _clean("هل دواء الأنسولين متوفر لمحمد ديالو في كانكان؟", family)
    assert "محمد" not in text and "ديالو" not in text
    assert "كانكان" in text and "الأنسولين" in text
    # Written in Latin letters when registered in Arabic script: Mohamed = محمد.
    text, _removed = _clean("Mohamed needs a doctor.", family)
    assert text == "[name] needs a doctor."


def test_cyrillic_names_are_removed_from_the_alias_and_by_transliteration(family):
    text, _removed = _clean("Оксана Коваленко и Мамаду Диалло вернулись в Конакри.", family)
    for name in ("Оксана", "Коваленко", "Мамаду", "Диалло"):
        assert name not in text
    assert "Конакри" in text


def test_phone_numbers_are_removed_in_every_form(family):
    for phone in ("+224 622 12 34 56", "622 12 34 56", "00224622123456", "622.12.34.56", "+32 470 11 22 33"):
        text, removed = _clean(f"Call {phone} tomorrow.", family)
        assert text == "Call [phone] tomorrow.", phone
        assert removed["phone"] == 1


def test_amounts_are_not_taken_for_phone_numbers(family):
    text, removed = _clean("It costs 150 000 GNF a month, or 15 000 000 GNF a year.", family)
    assert text == "It costs 150 000 GNF a month, or 15 000 000 GNF a year." and not removed


def test_case_numbers_emails_documents_and_dates_of_birth_are_removed(family):
    text, removed = _clean(
        f"Case {family.number} (also {family.number.lower()}; see BE-GNT-2025-00007): write to "
        "mamadou.diallo@example.org or any@mail.gn. Passport EM1234567, born 17/05/1990, "
        "i.e. 17 mai 1990 or 1990-05-17.",
        family,
    )
    assert family.number not in text and family.number.lower() not in text and "BE-GNT" not in text
    assert "@" not in text and "EM1234567" not in text and "1990" not in text
    assert removed["case_number"] == 3 and removed["email"] == 2 and removed["document"] == 1
    assert removed["date_of_birth"] == 3


def test_ordinary_text_is_left_alone(family):
    text = "Insulin is available at the regional hospital of Kankan; a month costs about 150 000 GNF (2026 prices)."
    assert _clean(text, family) == (text, {})


def test_find_returns_non_overlapping_spans(family):
    spans = find("Mamadou Diallo, +224 622 12 34 56", identifiers_of(family))
    assert [s.kind for s in spans] == ["name", "name", "phone"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_identifiers_without_names_still_remove_generic_identifiers():
    ids = Identifiers(regions={"GN"})
    text, removed = anonymise("Write to a@b.org or call +224 622 00 00 00.", ids)
    assert text == "Write to [email] or call [phone]." and removed == {"email": 1, "phone": 1}


def test_an_offices_own_phone_and_email_are_kept(world, family):
    world.conakry.phone = "+224 600 00 00 20"
    world.conakry.save()
    text, removed = _clean("Call IOM on +224 600 00 00 20 or iomcky@example.org, not +224 622 12 34 56.", family)
    assert text == "Call IOM on +224 600 00 00 20 or iomcky@example.org, not [phone]." and removed == {"phone": 1}
