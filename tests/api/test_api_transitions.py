from cases.models import ReturnCase, Transition
from core.models import AuditEvent
from tests.api.helpers import call, fields_at_fault, problem
from tests.factories import give_consent, make_case, make_interview


def url(case) -> str:
    return f"/api/cases/{case.pk}/transitions/"


def counts():
    return Transition.objects.count(), AuditEvent.objects.count()


def test_a_counsellor_starts_counselling(world, as_persona):
    response = call(as_persona("counsellor"), "post", url(world.case), {"to_status": "counselling"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["version"]) == ("counselling", 2)
    assert (body["transition"]["from_status"], body["transition"]["to_status"]) == ("intake", "counselling")
    world.case.refresh_from_db()
    assert world.case.status == "counselling"
    assert AuditEvent.objects.filter(action="case.transition", case_id=world.case.pk).exists()


def test_the_history_and_the_moves_available_now_are_listed(world, as_persona):
    body = as_persona("counsellor").get(url(world.case)).json()
    assert body["status"] == "intake"
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [("", "intake")]
    moves = {m["to_status"]: m for m in body["available"]}
    assert set(moves) == {"counselling", "withdrawn", "absconded"}
    assert moves["counselling"]["allowed"] and not moves["counselling"]["reason_required"]
    assert moves["withdrawn"]["reason_required"]


def test_a_move_waiting_for_consent_shows_why(world, as_persona):
    case = make_case(world.bxl, world.counsellor, status="counselling")
    moves = {m["to_status"]: m for m in as_persona("counsellor").get(url(case)).json()["available"]}
    assert not moves["application"]["allowed"]
    assert len(moves["application"]["blocked_reasons"]) == 2


def test_an_analyst_sees_the_history_but_no_moves(world, as_persona):
    body = as_persona("analyst").get(url(world.case)).json()
    assert len(body["history"]) == 1
    assert body["available"] == []


def test_a_move_the_lifecycle_does_not_allow_is_a_422_naming_to_status(world, as_persona):
    before = counts()
    body = problem(call(as_persona("counsellor"), "post", url(world.case), {"to_status": "departed"}), 422)
    assert fields_at_fault(body) == {"to_status"}
    assert "Intake" in body["detail"] and "Departed" in body["detail"]
    assert counts() == before
    assert ReturnCase.objects.get(pk=world.case.pk).status == "intake"


def test_a_move_without_consent_is_refused_and_says_so(world, as_persona):
    case = make_case(world.bxl, world.counsellor, status="counselling")
    make_interview(case, world.counsellor)
    before = counts()
    body = problem(call(as_persona("counsellor"), "post", url(case), {"to_status": "application"}), 422)
    assert fields_at_fault(body) == {"to_status"}
    assert "consent" in body["detail"]
    assert counts() == before
    assert ReturnCase.objects.get(pk=case.pk).status == "counselling"


def test_with_consent_and_an_interview_the_application_is_recorded(world, as_persona):
    case = make_case(world.bxl, world.counsellor, status="counselling")
    make_interview(case, world.counsellor)
    give_consent(case, world.counsellor)
    response = call(as_persona("counsellor"), "post", url(case), {"to_status": "application"})
    assert response.status_code == 201, response.content


def test_a_withdrawal_without_reason_names_the_reason_field(world, as_persona):
    before = counts()
    body = problem(call(as_persona("counsellor"), "post", url(world.case), {"to_status": "withdrawn"}), 422)
    assert fields_at_fault(body) == {"reason"}
    assert counts() == before


def test_a_withdrawal_with_a_reason_is_recorded_with_it(world, as_persona):
    response = call(
        as_persona("counsellor"), "post", url(world.case), {"to_status": "withdrawn", "reason": "Wants to stay"}
    )
    assert response.status_code == 201
    assert response.json()["transition"]["reason"] == "Wants to stay"


def test_a_move_the_role_does_not_allow_is_a_403(world, as_persona):
    case = make_case(world.bxl, world.counsellor, status="eligibility")
    before = counts()
    body = problem(call(as_persona("counsellor"), "post", url(case), {"to_status": "travel_preparation"}), 403)
    assert body["code"] == "forbidden"
    assert counts() == before


def test_an_unknown_status_is_a_400_naming_to_status(world, as_persona):
    body = problem(call(as_persona("counsellor"), "post", url(world.case), {"to_status": "deported"}), 400)
    assert fields_at_fault(body) == {"to_status"}


def test_a_partner_starts_reintegration_once_the_person_agreed_to_sharing(world, as_persona):
    case = make_case(world.bxl, world.counsellor, status="departed")
    case.referrals.create(partner=world.iom, status="accepted")
    client = as_persona("partner")
    body = problem(call(client, "post", url(case), {"to_status": "reintegration"}), 422)
    assert "sharing" in body["detail"]
    give_consent(case, world.counsellor, purpose="partner_sharing")
    assert call(client, "post", url(case), {"to_status": "reintegration"}).status_code == 201
