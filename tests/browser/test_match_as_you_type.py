"""A counsellor registers a person and, as she types, sees the records already
known that look alike: a spelling variant in her own office (with a link that
opens in a new tab), a record in another agency as only "a record exists at
<office>". Long and right-to-left names must not break the panel; a phone
gets it under the form; without JavaScript a button shows the same."""

import datetime

from people.models import Person
from tests.factories import JALLOW, make_person

LONG_FAMILY = "Diallo Abdelrahmanabdelkarimalhashimiabdelrahmanabdelkarim"


def _sign_in(page, live_server, login, world, name):
    user = getattr(world, name)
    user.set_password("retour-demo")
    user.save()
    login(page, live_server, user.username, "retour-demo")


def _known(world):
    """Mohamed Jallow in Brussels and in Marseille, and a Brussels record with
    an Arabic given name and a very long family name."""
    bxl = make_person(world.bxl, world.counsellor, **JALLOW)
    mrs = make_person(world.mrs, world.ofii, **JALLOW)
    arabic = make_person(
        world.bxl,
        world.counsellor,
        given_name="محمد عبد الرحمن",
        family_name=LONG_FAMILY,
        sex="male",
        date_of_birth=datetime.date(1990, 1, 1),
        dob_precision="year",
        nationality="SD",
    )
    return bxl, mrs, arabic


def _type(page, label: str, text: str, **kwargs):
    field = page.get_by_label(label, **kwargs)
    field.click()
    field.press_sequentially(text, delay=40)


def test_sofie_types_mohammed_diallo_and_sees_mohamed_jallow(
    transactional_db, world, live_server, page, login, screenshot
):
    bxl, mrs, arabic = _known(world)
    _sign_in(page, live_server, login, world, "counsellor")
    page.goto(f"{live_server.url}/people/new/")
    panel = page.get_by_test_id("match-panel")
    assert "As you type" in panel.inner_text()
    page.evaluate("window.__notReloaded = true")

    _type(page, "Given name(s)", "Mohammed")
    _type(page, "Family name", "Diallo")
    page.get_by_label("Year only").check()
    _type(page, "Date of birth", "1990", exact=True)
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Nationality").select_option("GN")

    first = panel.get_by_test_id("match-candidate").first
    first.get_by_role("link", name="Mohamed JALLOW").wait_for()
    assert page.evaluate("window.__notReloaded === true"), "the panel reloaded the whole page"
    text = first.inner_text()
    assert "family name is a variant" in text and "given name is a variant" in text
    assert "year of birth matches" in text and "nationality matches" in text
    link = first.get_by_role("link", name="Mohamed JALLOW")
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href") == f"/people/{bxl.pk}/"

    elsewhere = panel.get_by_test_id("match-elsewhere")
    assert elsewhere.inner_text() == "A record exists at OFII Marseille (OFII)."
    assert "JALLOW" not in panel.inner_text().replace("Mohamed JALLOW", "", 1)
    assert f"/people/{mrs.pk}/" not in panel.inner_html()

    # The long right-to-left record stays inside the panel.
    panel.get_by_text("محمد عبد الرحمن").wait_for()
    overflow = panel.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 1, f"the panel scrolls sideways ({overflow}px)"
    form_box = page.locator("#person-form").bounding_box()
    panel_box = panel.bounding_box()
    assert panel_box["x"] >= form_box["x"] + form_box["width"] - 1, "the panel overlaps the form"
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "match-01-as-you-type", full_page=False)
    page.get_by_label("Nationality").scroll_into_view_if_needed()
    screenshot(page, "match-01b-scrolled", full_page=False)

    # Registering him anyway: the form holds him until the tick, if the view asks.
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    if page.get_by_text("I checked: this is a different person").count():
        if "There is a problem" in page.content():
            screenshot(page, "match-02-held-before-registering", full_page=False)
            assert not Person.objects.filter(family_name="Diallo", given_name="Mohammed").exists()
            page.get_by_label("I checked: this is a different person").check()
            page.get_by_role("button", name="Register").click()
    page.get_by_text("Mohammed DIALLO is registered.").wait_for()


def test_the_panel_sits_under_the_form_on_a_phone(transactional_db, world, live_server, phone_page, login, screenshot):
    _known(world)
    _sign_in(phone_page, live_server, login, world, "counsellor")
    phone_page.goto(f"{live_server.url}/people/new/")
    _type(phone_page, "Given name(s)", "Muhammad")
    _type(phone_page, "Family name", LONG_FAMILY)
    panel = phone_page.get_by_test_id("match-panel")
    panel.get_by_test_id("match-candidate").first.wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px)"
    box = panel.bounding_box()
    box["y"] += phone_page.evaluate("window.scrollY")
    screenshot(phone_page, "match-03-phone-panel", clip=box)


def test_without_javascript_the_button_shows_the_candidates(transactional_db, world, live_server, browser, login):
    _known(world)
    context = browser.new_context(locale="en", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _sign_in(page, live_server, login, world, "counsellor")
        page.goto(f"{live_server.url}/people/new/")
        page.get_by_label("Given name(s)").fill("Mohammed")
        page.get_by_label("Family name").fill("Diallo")
        page.get_by_label("Year only").check()
        page.get_by_label("Date of birth", exact=True).fill("1990")
        with page.expect_navigation():
            page.get_by_role("button", name="Check for existing records").click()
        panel = page.get_by_test_id("match-panel")
        assert "Mohamed JALLOW" in panel.inner_text()
        assert "A record exists at OFII Marseille" in panel.inner_text()
        assert page.get_by_label("Given name(s)").input_value() == "Mohammed"  # what was typed stays
    finally:
        context.close()


def test_the_case_page_warns_of_aid_received_under_another_record(
    transactional_db, world, rules, live_server, page, login, screenshot
):
    from decimal import Decimal

    from cases.lifecycle import Status
    from eligibility.models import Decision, RuleVersion
    from tests.factories import make_case

    jallow = make_person(world.mrs, world.ofii, **JALLOW)
    old = make_case(world.mrs, world.ofii, principal=jallow, status=Status.DEPARTED)
    Decision.objects.create(
        case=old,
        rule_version=RuleVersion.objects.filter(programme__code="ofii-return").first(),
        facts={},
        result={},
        eligible=True,
        total=Decimal("1200"),
        currency="EUR",
        status="approved",
        proposed_by=world.ofii,
        decided_by=world.ofii,
        decided_at=old.opened_at,
    )
    diallo = make_person(world.bxl, world.counsellor, **{**JALLOW, "given_name": "Mohammed", "family_name": "Diallo"})
    case = make_case(world.bxl, world.counsellor, principal=diallo, counsellor=world.counsellor)
    _sign_in(page, live_server, login, world, "counsellor")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    warning = page.get_by_test_id("likely-earlier-aid")
    warning.wait_for()  # asked for by htmx once the page is shown
    text = warning.inner_text()
    assert "A record at OFII Marseille (OFII), very likely the same person as Mohammed DIALLO" in text
    assert "JALLOW" not in page.content()
    warning.scroll_into_view_if_needed()
    box = warning.bounding_box()
    box["y"] += page.evaluate("window.scrollY")
    screenshot(page, "match-04-case-page-aid-once", clip=box)
