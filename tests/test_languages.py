from django.utils import translation

from core.languages import language_choices, language_name, validate_language


def test_language_names_follow_the_users_language():
    with translation.override("fr"):
        assert language_name("ka") == "Géorgien"
        assert ("ka", "Géorgien") in language_choices()
    with translation.override("nl"):
        assert language_name("ka") == "Georgisch"
    assert language_name("ka") == "Georgian"


def test_three_letter_languages_without_a_two_letter_code_are_accepted():
    validate_language("fuf")  # Pular, spoken in Guinea
    assert language_name("fuf") == "Pular"
