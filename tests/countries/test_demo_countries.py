"""The demo's country information and questions load through the actions
on top of the small demo set."""

import pytest
from django.core.management import call_command

from core.demo.countries import QUESTIONS, SECTIONS
from countries.models import CountryQuestion, KnowledgeEntry, PracticalSection, QuestionStatus


@pytest.mark.django_db
def test_demo_country_information_loads(settings):
    settings.RETOUR_EMAIL = "console"
    call_command("load_demo", "--small", verbosity=0)  # it calls add_country_information
    assert PracticalSection.objects.count() == len(SECTIONS)
    assert PracticalSection.objects.get(country="GN", topic="health").texts.count() == 3
    questions = CountryQuestion.objects.all()
    assert 2 <= questions.count() <= len(QUESTIONS)
    assert questions.filter(status=QuestionStatus.OPEN).exists() or questions.count() < len(QUESTIONS)
    for entry in KnowledgeEntry.objects.select_related("question__case__principal"):
        assert entry.question.case.principal.family_name not in entry.answer_text
