"""Questions to the country: asked on a case, answered by the recipient
office, back on the case with an email to the asker; published anonymised
to the country's knowledge base when agreed, searchable by every agency,
withdrawn by the asker or a team leader; unanswered ones become tasks."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from countries import actions
from countries.models import CountryQuestion, KnowledgeEntry, QuestionStatus
from countries.question_tasks import KIND, refresh_question_tasks
from organisations.models import Role
from tasks.models import Task
from tests.countries.conftest import answered
from tests.factories import make_office, make_user


def test_ask_answer_and_back_on_the_case_with_an_email(world, question, as_persona, django_capture_on_commit_callbacks):
    world.counsellor.email = "sofie@example.org"
    assert question.status == QuestionStatus.OPEN and question.country == "GN" and question.asked_from == world.bxl
    partner = as_persona("partner")
    page = partner.get(reverse("country-question", args=[question.pk])).content.decode()
    assert "Is insulin available in Kankan" in page and world.case.number in page  # IOM has the case
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(
            reverse("country-question", args=[question.pk]),
            {"answer": "Yes, at the regional hospital of Kankan.", "version": question.version},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_by == world.partner
    case_page = as_persona("counsellor").get(reverse("case-country-questions", args=[world.case.pk])).content.decode()
    assert "Yes, at the regional hospital of Kankan." in case_page
    [email] = [m for m in mail.outbox if "sofie@example.org" in m.to]
    assert "IOM Conakry" in email.subject
    assert f"/cases/{world.case.pk}/questions/#q{question.pk}" in email.body
    assert "Kankan" not in email.body  # a link only: no question or answer text leaves by email
    assert AuditEvent.objects.filter(action="country_question.answered", case_id=world.case.pk).exists()


def test_the_recipient_office_is_emailed_a_link(world, django_capture_on_commit_callbacks):
    world.partner.email = "mamadou@example.org"
    world.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        q = actions.ask_question(
            world.case, by=world.counsellor, to_office=world.conakry, body="Q?", share_agreed=False
        )
    [email] = mail.outbox
    assert email.to == ["mamadou@example.org"] and f"/countries/questions/{q.pk}/" in email.body
    assert world.case.number not in email.body + email.subject


def test_only_partner_or_own_offices_in_the_country_of_return(world):
    dakar = make_office(world.iom, "IOMDKR", "Dakar", "SN", "Africa/Dakar", "fr")
    with pytest.raises(DomainError) as exc:
        actions.ask_question(world.case, by=world.counsellor, to_office=dakar, body="Q?", share_agreed=False)
    assert exc.value.field == "to_office"
    ofii_conakry = make_office(world.mrs.agency, "OFCKY", "Conakry", "GN", "Africa/Conakry", "fr")
    with pytest.raises(DomainError) as exc:  # another return agency's office is not ours to ask
        actions.ask_question(world.case, by=world.counsellor, to_office=ofii_conakry, body="Q?", share_agreed=False)
    assert exc.value.field == "to_office"
    q = actions.ask_question(
        world.ofii_case,
        by=world.ofii,
        to_office=make_office(world.mrs.agency, "OFDKR", "Dakar", "SN", "Africa/Dakar"),
        body="Q?",
        share_agreed=False,
    )
    assert q.to_office.agency == world.mrs.agency  # OFII asks its own office in Senegal


@pytest.mark.parametrize("persona", ["travel_officer", "analyst", "ghent", "partner", "ofii"])
def test_who_may_not_ask(world, persona):
    with pytest.raises(DomainError):
        actions.ask_question(
            world.case, by=getattr(world, persona), to_office=world.conakry, body="Q?", share_agreed=False
        )


def test_empty_or_long_questions_are_refused_naming_the_field(world):
    for body in ("  ", "x" * 4001):
        with pytest.raises(DomainError) as exc:
            actions.ask_question(
                world.case, by=world.counsellor, to_office=world.conakry, body=body, share_agreed=False
            )
        assert exc.value.field == "body"
    assert not CountryQuestion.objects.exists()


def test_a_question_to_an_office_without_the_case_may_not_name_the_person(world, unreferred_case):
    for body in (
        "Can Mamadou get insulin?",
        "Call him on 622 12 34 56",
        f"About {unreferred_case.number}",
        "ديالو needs help",
    ):
        with pytest.raises(DomainError) as exc:
            actions.ask_question(
                unreferred_case, by=world.counsellor, to_office=world.conakry, body=body, share_agreed=False
            )
        assert exc.value.field == "body"
    # The office that has the case may be told the name.
    actions.ask_question(
        world.case,
        by=world.counsellor,
        to_office=world.conakry,
        body=f"{world.case.principal.given_name}?",
        share_agreed=False,
    )


def test_a_partner_without_a_referral_sees_the_question_never_the_case(
    world, unreferred_case, blind_question, as_persona
):
    partner = as_persona("partner")
    for url in (reverse("country-question", args=[blind_question.pk]), reverse("country-questions")):
        page = partner.get(url).content.decode()
        assert "dialysis centre in Labé" in page
        assert unreferred_case.number not in page and "Diallo" not in page and "DIALLO" not in page
        assert reverse("case-detail", args=[unreferred_case.pk]) not in page
    assert partner.get(reverse("case-country-questions", args=[unreferred_case.pk])).status_code == 404
    api = partner.get(f"/api/country-questions/{blind_question.pk}/").json()
    assert api["case"] is None and api["case_number"] is None and api["body"].startswith("Is there a dialysis")
    listed = partner.get("/api/country-questions/").json()
    assert {q["case_number"] for q in listed} == {None}
    assert str(unreferred_case.number) not in partner.get("/api/country-questions/").content.decode()
    assert partner.get(f"/api/cases/{unreferred_case.pk}/questions/").status_code == 404
    # ... and answers it all the same.
    answered(blind_question, world.partner)
    blind_question.refresh_from_db()
    assert blind_question.status == QuestionStatus.ANSWERED


def test_another_agency_never_sees_the_question(world, question, as_persona):
    for persona in ("ofii", "ghent", "outsider"):
        client = as_persona(persona)
        assert client.get(reverse("country-question", args=[question.pk])).status_code == 404
        assert client.get(f"/api/country-questions/{question.pk}/").status_code == 404
        assert "insulin" not in client.get(reverse("country-questions")).content.decode()


def test_only_the_recipient_office_answers_and_only_once(world, question):
    for persona in ("counsellor", "team_leader", "analyst", "ofii"):
        with pytest.raises(DomainError):
            actions.answer_question(question, by=getattr(world, persona), answer="No.")
    with pytest.raises(DomainError) as exc:
        actions.answer_question(question, by=world.partner, answer=" ")
    assert exc.value.field == "answer"
    answered(question, world.partner)
    colleague = make_user("aissatou", (world.conakry, Role.PARTNER_CASEWORKER))
    with pytest.raises(StaleEdit):
        actions.answer_question(question, by=colleague, answer="Also yes.")
    with pytest.raises(StaleEdit):
        actions.answer_question(question, by=colleague, answer="Also yes.", expected_version=1)


def test_an_agreed_answer_is_published_anonymised(world, as_persona):
    principal = world.case.principal
    principal.phone = "+224 622 99 88 77"
    principal.save()
    q = actions.ask_question(
        world.case,
        by=world.counsellor,
        to_office=world.conakry,
        body=f"Can {principal.given_name} {principal.family_name} ({world.case.number}) get insulin in Kankan?",
        share_agreed=True,
        topic="health",
    )
    answered(q, world.partner, f"Yes. {principal.given_name} can call Dr Camara on +224 622 99 88 77 or visit.")
    entry = KnowledgeEntry.objects.get()
    assert entry.country == "GN" and entry.topic == "health" and entry.answered_by_office == world.conakry
    for secret in (principal.given_name, principal.family_name, world.case.number, "622 99 88 77"):
        assert secret not in entry.question_text + entry.answer_text
    assert "insulin in Kankan" in entry.question_text and entry.answer_text.startswith("Yes.")
    event = AuditEvent.objects.get(action="knowledge.published")
    assert event.changes["removed"]["name"] >= 3 and event.changes["removed"]["phone"] == 1


def test_without_agreement_nothing_is_published(world, blind_question):
    answered(blind_question, world.partner)
    assert not KnowledgeEntry.objects.exists()


def test_knowledge_base_search_across_agencies(world, question, as_persona):
    answered(question, world.partner, "Yes, insulin is sold at the regional hospital, about 150 000 GNF a month.")
    for persona in ("ofii", "ghent", "analyst", "partner", "travel_officer"):
        client = as_persona(persona)
        page = client.get(reverse("country-answers", args=["GN"]), {"q": "INSULINE kankan"}).content.decode()
        assert "regional hospital" not in page  # "insuline" is not a word of the entry
        page = client.get(reverse("country-answers", args=["GN"]), {"q": "Insulin  kankan"}).content.decode()
        assert "regional hospital" in page, persona
        api = client.get("/api/countries/GN/answers/", {"q": "hôpital regional"}).json()
        assert api == []  # French words, English entry
        api = client.get("/api/countries/GN/answers/", {"q": "Régional hospital"}).json()
        assert len(api) == 1 and api[0]["asked_by_agency_name"] == "Fedasil"
    assert as_persona("outsider").get(reverse("country-answers", args=["GN"])).status_code == 403
    assert as_persona("ofii").get("/api/countries/SN/answers/").json() == []


def test_withdrawal_by_the_asker_or_a_team_leader(world, question, as_persona):
    answered(question, world.partner)
    entry = KnowledgeEntry.objects.get()
    for persona in ("ofii", "partner", "ghent", "analyst", "travel_officer"):
        assert as_persona(persona).post(reverse("country-answer-withdraw", args=[entry.pk])).status_code == 403
        assert as_persona(persona).post(f"/api/countries/answers/{entry.pk}/withdraw/").status_code == 403
    response = as_persona("team_leader").post(
        reverse("country-answer-withdraw", args=[entry.pk]), {"reason": "Too precise"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawn_by == world.team_leader and entry.withdraw_reason == "Too precise"
    assert "regional hospital" not in as_persona("ofii").get(reverse("country-answers", args=["GN"])).content.decode()
    assert as_persona("counsellor").post(f"/api/countries/answers/{entry.pk}/withdraw/").status_code == 404
    assert AuditEvent.objects.filter(action="knowledge.withdrawn", case_id=world.case.pk).exists()


def test_the_asker_withdraws_through_the_api(world, question, as_persona):
    answered(question, world.partner)
    entry = KnowledgeEntry.objects.get()
    response = as_persona("counsellor").post(f"/api/countries/answers/{entry.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 200
    assert as_persona("counsellor").get("/api/countries/GN/answers/").json() == []


def test_an_unanswered_question_becomes_a_task_for_the_recipient_office(world, question, blind_question):
    today = timezone.localdate()
    assert refresh_question_tasks(today) == []
    later = today + datetime.timedelta(days=5)
    made = refresh_question_tasks(later)
    assert {t.office for t in made} == {world.conakry} and len(made) == 2
    assert {t.assignee for t in made} == {world.partner}
    assert all(t.case is None and t.kind == KIND and f"Q{question.pk}" in "".join(x.title for x in made) for t in made)
    assert refresh_question_tasks(later + datetime.timedelta(days=1)) == []  # never twice
    answered(question, world.partner)
    task = Task.objects.get(auto_key=f"{KIND}:{question.pk}")
    assert task.done_at is not None and task.done_by == world.partner


def test_the_task_is_on_the_partners_list_without_case_data(world, unreferred_case, blind_question, as_persona):
    refresh_question_tasks(timezone.localdate() + datetime.timedelta(days=6))
    page = as_persona("partner").get(reverse("my-tasks")).content.decode()
    assert f"Q{blind_question.pk}" in page and "Fedasil Brussels" in page
    assert unreferred_case.number not in page


def test_the_command_makes_the_tasks(world, question):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    call_command("country_question_tasks", "--today", day, stdout=out)
    assert "1 task(s)" in out.getvalue()
