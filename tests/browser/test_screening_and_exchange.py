"""Issue #7 in the browser: Sofie screens a mother and her daughter (the
form suggests the child is a minor from her date of birth), sees the
follow-ups, prints the information sheet in French; Marc records the next
staff exchange with OFII starting from the last one, and the earlier
lessons follow the agencies he picks (htmx). The screening page is also read
on a phone. Marked `browser`: it runs with `make test-browser`."""

import datetime

import pytest

from cases import actions as case_actions
from counselling.models import Screening
from exchanges import actions as exchange_actions
from exchanges.models import Exchange
from tasks.models import Task
from tests.browser.test_reintegration_flow import WIDEST
from tests.factories import make_person

pytestmark = pytest.mark.browser
PASSWORD = "retour-demo"


def _sign_in(page, live_server, login, user):
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    login(page, live_server, user.username, PASSWORD)


def _daughter(world):
    today = datetime.date.today()
    child = make_person(
        world.bxl,
        world.counsellor,
        given_name="Aïcha",
        family_name="Diallo",
        date_of_birth=datetime.date(today.year - 9, 1, 15),
    )
    case_actions.add_member(world.case, child, by=world.counsellor, relation="child")
    return child


def test_counsellor_screens_a_household_and_prints_the_sheet(
    transactional_db, world, live_server, page, login, screenshot
):
    case, principal = world.case, world.case.principal
    child = _daughter(world)
    base = live_server.url
    _sign_in(page, live_server, login, world.counsellor)

    page.goto(f"{base}/cases/{case.pk}/screening/")
    assert page.get_by_test_id("not-screened").count() == 2
    page.get_by_test_id(f"member-{child.pk}").get_by_role("link", name="Screen").click()
    # The date of birth already answers the minor question.
    assert page.get_by_test_id("question-minor").get_by_label("Yes").is_checked()
    page.get_by_role("button", name="Save the screening").click()
    page.get_by_text("The screening is recorded.").wait_for()

    page.get_by_test_id(f"member-{principal.pk}").get_by_role("link", name="Screen").click()
    medical = page.get_by_test_id("question-medical")
    medical.get_by_label("Yes").check()
    medical.get_by_role("textbox").fill("Asthma; inhaler twice a day")
    trafficking = page.get_by_test_id("question-trafficking")
    trafficking.get_by_label("Yes").check()
    trafficking.get_by_role("textbox").fill("A recruiter keeps her passport.")
    page.get_by_role("button", name="Save the screening").click()
    page.get_by_text("Follow-up tasks created: 2.").wait_for()
    section = page.get_by_test_id(f"member-{principal.pk}")
    assert "Payoke (Antwerp), Pag-Asa (Brussels) or Sürya (Liège)" in section.inner_text()
    assert "Medical certificate and fit-to-travel check" in section.inner_text()
    screenshot(page, "h7-01-screening")
    assert Screening.objects.filter(case=case).count() == 2
    assert Task.objects.filter(case=case, assignee=world.counsellor).count() == 2

    page.goto(f"{base}/cases/{case.pk}/sheet/?lang=fr")
    page.get_by_role("heading", name="Votre dossier de retour").wait_for()
    assert "Nous avons ouvert votre dossier de retour." in page.inner_text("body")
    assert "À décider." in page.inner_text("body")
    screenshot(page, "h7-02-sheet-fr")
    page.get_by_role("link", name="العربية").click()
    page.get_by_role("heading", name="ملف عودتك").wait_for()
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "h7-03-sheet-ar")

    # The travel officer reads the person's record: the asthma, and that a
    # protection need exists, not which nor its details.
    _sign_in(page, live_server, login, world.travel_officer)
    page.goto(f"{base}/people/{principal.pk}/")
    page.get_by_test_id("protection-held-back").wait_for()
    body = page.inner_text("body")
    assert "Asthma; inhaler twice a day" in body
    assert "trafficking" not in body.lower() and "recruiter" not in body
    screenshot(page, "h7-04-person-page-travel-officer")


def test_team_leader_starts_the_next_exchange_from_the_last_one(
    transactional_db, world, live_server, page, login, screenshot
):
    ofii = world.mrs.agency
    march = exchange_actions.create_exchange(
        by=world.team_leader,
        title="OFII Marseille visits the Brussels return desk",
        host_agency=world.fedasil,
        visiting_agency=ofii,
        starts_on=datetime.date(2026, 3, 9),
        ends_on=datetime.date(2026, 3, 11),
        themes=["conversations"],
        participant_users=[world.counsellor, world.ofii],
        lessons="Start from the person's own questions.\n\nSay early that the decision can be reversed.",
    )
    base = live_server.url
    _sign_in(page, live_server, login, world.team_leader)
    # On a blank form, the earlier lessons follow the agencies picked (htmx).
    page.goto(f"{base}/exchanges/new/")
    page.get_by_test_id("no-earlier").wait_for()
    page.locator("#id_host_agency").select_option(label="OFII")
    page.locator("#id_visiting_agency").select_option(label="Fedasil")
    page.get_by_test_id(f"earlier-{march.pk}").get_by_text("same agencies").wait_for()

    page.goto(f"{base}/exchanges/{march.pk}/")
    page.get_by_test_id("start-from").click()
    page.get_by_role("heading", name="Record a staff exchange").wait_for()
    panel = page.get_by_test_id("earlier")
    assert "Start from the person's own questions." in panel.inner_text()
    # A return visit: OFII hosts this time.
    assert page.locator("#id_host_agency").input_value() == str(ofii.pk)
    page.get_by_label("Title").fill("Fedasil counsellors visit OFII Marseille")
    page.get_by_label("First day").fill("2026-09-15")
    page.get_by_label("Last day").fill("2026-09-16")
    page.get_by_label("Lessons learned").fill("")
    screenshot(page, "h7-04-exchange-form")
    page.get_by_role("button", name="Save the exchange").click()
    page.get_by_text("The exchange is recorded.").wait_for()
    september = Exchange.objects.get(title="Fedasil counsellors visit OFII Marseille")
    assert september.follows == march
    assert "Start from the person's own questions." in page.get_by_test_id(f"earlier-{march.pk}").inner_text()
    screenshot(page, "h7-05-exchange-detail")


def test_the_screening_page_reads_on_a_phone(transactional_db, world, live_server, phone_page, login, screenshot):
    from counselling.actions_screening import record_screening

    # A long name: the page must wrap it, not scroll sideways.
    world.case.principal.__class__.objects.filter(pk=world.case.principal_id).update(
        given_name="Mamadou Aliou Oumou-Kalsoum", family_name="Banuloze-Tornuloze"
    )
    child = _daughter(world)
    record_screening(
        world.case, child, by=world.counsellor, answers={"minor": ("yes", ""), "medical": ("yes", "x" * 300)}
    )
    _sign_in(phone_page, live_server, login, world.counsellor)
    phone_page.goto(f"{live_server.url}/cases/{world.case.pk}/screening/")
    assert phone_page.evaluate(WIDEST) == []
    screenshot(phone_page, "h7-06-screening-phone")
