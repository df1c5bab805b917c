"""A counsellor reads the package on a case and asks "what if": decided in two
months, with a passport. Both columns side by side, on a laptop and a phone,
with htmx swapping only the panel, and the same answer without JavaScript."""

import datetime

from django.utils import timezone

from cases import actions as case_actions
from core.models import AuditEvent
from eligibility.models import Decision
from tests.factories import make_person


def _sign_in(page, live_server, login, world, name):
    user = getattr(world, name)
    user.set_password("retour-demo")
    user.save()
    login(page, live_server, user.username, "retour-demo")


def _child_turning_18_in_a_month(world):
    soon = timezone.localdate() + datetime.timedelta(days=30)
    try:
        dob = soon.replace(year=soon.year - 18)
    except ValueError:  # 29 February
        dob = soon.replace(year=soon.year - 18, day=28)
    child = make_person(world.bxl, world.counsellor, given_name="Fatoumata", family_name="Bah", date_of_birth=dob)
    case_actions.add_member(world.case, child, by=world.counsellor, relation="child")


def _row(page, table, label: str) -> list[str]:
    row = table.locator("tr", has=page.get_by_role("rowheader", name=label))
    return [c.strip() for c in row.first.locator("td").all_inner_texts()]


def test_counsellor_compares_the_package_now_and_in_two_months_with_a_passport(
    transactional_db, world, rules, live_server, page, login, screenshot
):
    _child_turning_18_in_a_month(world)
    _sign_in(page, live_server, login, world, "counsellor")
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    panel = page.get_by_test_id("package-panel")
    panel.get_by_role("heading", name="Assistance package").wait_for()
    assert "Reinstallation premium" in panel.inner_text()
    screenshot(page, "what-if-01-case-page")

    page.get_by_role("link", name="How the package is calculated, what if, and the decision").click()
    page.get_by_role("heading", name="What if", exact=True).wait_for()
    in_two_months = timezone.localdate() + datetime.timedelta(days=60)
    assert page.get_by_label("Date of the decision").input_value() == in_two_months.isoformat()

    # A marker that survives only if htmx swaps the panel instead of reloading the page.
    page.evaluate("window.__notReloaded = true")
    counts = (Decision.objects.count(), AuditEvent.objects.count())
    page.get_by_label("Holds a passport").check()
    with page.expect_response(lambda r: "/eligibility/?" in r.url):
        page.get_by_role("button", name="Compare").click()
    page.locator("#what-if li", has_text="passports").wait_for()
    assert page.evaluate("window.__notReloaded === true"), "the what-if panel reloaded the whole page"
    assert "holds_travel_document=yes" in page.url  # the comparison can be bookmarked and shared

    table = page.locator("#what-if").get_by_test_id("comparison").filter(has_text="Fedasil")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert headers[1] == "As recorded" and headers[2] == "What if" and headers[3] == "Difference"
    # agii.be 2022: adult 350 + child 175 today; two adults (2 × 350) once she turns 18
    assert _row(page, table, "Reinstallation premium") == ["525.00 EUR", "700.00 EUR", "+175.00 EUR"]
    assert (Decision.objects.count(), AuditEvent.objects.count()) == counts  # nothing saved
    screenshot(page, "what-if-02-laptop")


def test_the_what_if_panel_reads_well_on_a_phone(
    transactional_db, world, rules, live_server, phone_page, login, screenshot
):
    _child_turning_18_in_a_month(world)
    _sign_in(phone_page, live_server, login, world, "counsellor")
    in_two_months = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    phone_page.goto(
        f"{live_server.url}/cases/{world.case.pk}/eligibility/?on={in_two_months}&holds_travel_document=yes"
    )
    phone_page.get_by_role("heading", name="What if", exact=True).wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the eligibility page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "what-if-03-phone")
    box = phone_page.locator("#what-if").bounding_box()
    box["y"] += phone_page.evaluate("window.scrollY")
    screenshot(phone_page, "what-if-04-phone-panel", clip=box)


def test_the_what_if_form_works_without_javascript(transactional_db, world, rules, live_server, browser, login):
    _child_turning_18_in_a_month(world)
    context = browser.new_context(locale="en", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _sign_in(page, live_server, login, world, "counsellor")
        page.goto(f"{live_server.url}/cases/{world.case.pk}/eligibility/")
        page.get_by_label("Without a passport").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Compare").click()
        assert "holds_travel_document=no" in page.url
        table = page.locator("#what-if").get_by_test_id("comparison").filter(has_text="Fedasil")
        assert _row(page, table, "Reinstallation premium") == ["525.00 EUR", "700.00 EUR", "+175.00 EUR"]
    finally:
        context.close()


def test_counsellor_proposes_and_her_team_leader_approves(
    transactional_db, world, rules, live_server, page, browser, login, screenshot
):
    _sign_in(page, live_server, login, world, "counsellor")
    page.goto(f"{live_server.url}/cases/{world.case.pk}/eligibility/")
    section = page.locator('[data-programme="fedasil-return"]')
    section.get_by_role("button", name="Propose this package").click()
    page.get_by_text("A team leader must now approve it.").wait_for()
    assert "Waiting for a team leader or an agency administrator" in page.content()
    assert page.get_by_role("button", name="Approve the package").count() == 0

    leader = browser.new_context(locale="en", viewport={"width": 1280, "height": 900})
    try:
        tl_page = leader.new_page()
        _sign_in(tl_page, live_server, login, world, "team_leader")
        tl_page.goto(f"{live_server.url}/cases/{world.case.pk}/")
        tl_page.get_by_role("link", name="Review the proposal").click()
        tl_page.get_by_role("heading", name="The facts when it was proposed").wait_for()
        screenshot(tl_page, "what-if-05-decision-review")
        tl_page.get_by_role("button", name="Send back").click()
        tl_page.get_by_text("There is a problem").wait_for()  # a reason is needed
        tl_page.get_by_role("button", name="Approve the package").click()
        tl_page.get_by_text("The package is approved.").wait_for()
    finally:
        leader.close()
    decision = Decision.objects.get(case=world.case, rule_version__programme__code="fedasil-return")
    assert decision.status == "approved" and decision.decided_by == world.team_leader
