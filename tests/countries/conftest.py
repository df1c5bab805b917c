"""Fixtures for country information and questions to the country (issue #7)."""

import pytest
from django.utils import timezone

from countries import actions
from tests.factories import make_case, make_person


@pytest.fixture(autouse=True)
def _country_urls(settings):
    """The case and API routes of this app, wired or not yet in retour/urls.py."""
    settings.ROOT_URLCONF = "tests.countries.urls"


@pytest.fixture
def unreferred_case(world):
    """A Brussels case returning to Guinea with no referral: IOM Conakry does
    not have it. Its principal has a phone, an email, a passport and a name
    in Arabic script."""
    from people.models import IdentityDocument

    person = make_person(
        world.bxl,
        world.counsellor,
        given_name="Mamadou",
        family_name="Diallo",
        original_script_name="مامادو ديالو",
        phone="+224 622 12 34 56",
        email="m.diallo@example.org",
    )
    IdentityDocument.objects.create(
        person=person, doc_type="passport", number="GN 1234567", issuing_country="GN", expiry_date=None
    )
    return make_case(world.bxl, world.counsellor, principal=person, counsellor=world.counsellor)


@pytest.fixture
def question(world):
    """Sofie asks IOM Conakry about the referred Brussels case (IOM has it)."""
    return actions.ask_question(
        world.case,
        by=world.counsellor,
        to_office=world.conakry,
        body="Is insulin available in Kankan, and what does it cost?",
        share_agreed=True,
        topic="health",
    )


@pytest.fixture
def blind_question(world, unreferred_case):
    """Sofie asks IOM Conakry about a case IOM does not have."""
    return actions.ask_question(
        unreferred_case,
        by=world.counsellor,
        to_office=world.conakry,
        body="Is there a dialysis centre in Labé?",
        share_agreed=False,
    )


def answered(question, by, text="Yes, at the regional hospital; about 150 000 GNF a month."):
    return actions.answer_question(question, by=by, answer=text)


NOW = timezone.now
