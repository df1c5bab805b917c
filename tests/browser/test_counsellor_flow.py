"""A counsellor carries a case from intake to application in a real Chromium,
then reads the same pages in French."""

import datetime

from django.utils import timezone

from cases.models import ReturnCase
from people.models import Person


def _sign_in(page, live_server, login, world, username):
    world_user = getattr(world, username)
    world_user.set_password("retour-demo")
    world_user.save()
    login(page, live_server, world_user.username, "retour-demo")


def test_counsellor_registers_opens_records_and_moves_a_case(
    transactional_db, world, live_server, page, login, screenshot
):
    _sign_in(page, live_server, login, world, "counsellor")
    page.get_by_role("link", name="Register a person").first.click()
    page.get_by_label("Given name(s)").fill("Aïssatou")
    page.get_by_label("Family name").fill("Diallo")
    page.get_by_label("Name in original script").fill("𞤀𞤴𞤧𞤢𞤼𞤵 𞤔𞤢𞤤𞤮")
    page.get_by_label("Female").check()
    page.get_by_label("Year only").check()
    page.get_by_label("Date of birth", exact=True).fill("1994")
    page.get_by_label("Nationality").select_option("GN")
    page.get_by_label("Languages spoken").select_option(["fr", "fuf"])
    page.get_by_label("An interpreter is needed").check()
    screenshot(page, "01-register-person")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("Aïssatou DIALLO is registered.").wait_for()

    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Region or city of return").fill("Labé")
    page.get_by_label("Asylum claim rejected").check()
    page.get_by_label("How the person heard of the programme").select_option("walk_in")
    page.get_by_role("button", name="Open the case").click()
    page.get_by_text("is open.").wait_for()
    case = ReturnCase.objects.get(principal__family_name="Diallo")
    assert case.number in page.content()

    page.get_by_role("button", name="Start counselling").click()
    page.get_by_text("The case is now “Counselling”.").wait_for()

    page.get_by_role("link", name="Record an interview").click()
    held = timezone.localtime() - datetime.timedelta(hours=1)
    page.get_by_label("Date and time").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Interpreter").fill("Mariama Barry")
    page.get_by_label("Return is voluntary and can be reversed until departure").check()
    page.get_by_label("Assistance available (cash and in kind)").check()
    page.get_by_label("Notes").fill("Wants to open a tailoring shop in Labé.")
    page.get_by_label("Decided to return").check()
    screenshot(page, "02-interview-form")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The interview is recorded.").wait_for()

    page.get_by_role("link", name="Record a consent").click()
    page.get_by_label("Processing for counselling and return").check()
    page.get_by_label("Given").check()
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The consent is recorded.").wait_for()

    page.get_by_role("button", name="Record the application").click()
    page.get_by_text("The case is now “Application”.").wait_for()
    screenshot(page, "03-case-at-application")
    case.refresh_from_db()
    assert case.status == "application"
    assert list(case.transitions.values_list("to_status", flat=True)) == ["intake", "counselling", "application"]

    # The same case page in French, through the language switcher.
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("heading", name="Historique").wait_for()
    assert "Entretien" in page.content()
    screenshot(page, "04-case-in-french")
    page.goto(live_server.url + "/cases/")
    page.get_by_role("heading", name="Dossiers").wait_for()
    assert Person.objects.filter(family_name="Diallo").count() == 1


def test_case_list_and_case_page_read_well_on_a_phone(
    transactional_db, world, live_server, phone_page, login, screenshot
):
    _sign_in(phone_page, live_server, login, world, "counsellor")
    phone_page.goto(live_server.url + f"/cases/{world.case.pk}/")
    phone_page.get_by_role("heading", name="Timeline").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the case page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "05-case-on-phone")


def test_wrong_password_is_refused_with_a_clear_message(transactional_db, world, live_server, page, login):
    login(page, live_server, "sofie", "not-the-password", expect_success=False)
    assert "The username or password is not right" in page.content()
