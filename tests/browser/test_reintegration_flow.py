"""Issue #5 in the browser: a counsellor refers a departed case to IOM
Conakry; the partner caseworker accepts it from "Referred to us", drafts a
plan (an objective, a budget line under the ceiling) and submits it; the
team leader approves it; the partner records the 3-month monitoring visit
with a few survey answers. The plan page is also read on a phone."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import Referral, ReferralStatus, ReturnCase, Transition
from reintegration.models import MonitoringVisit, Plan, PlanStatus, SurveyResponse
from tests.factories import approve_package, make_case

AUTHORITY = "Office des Étrangers – section 9bis"
MESSAGE = "Mr Diallo wants to open a grocery in Kindia. He speaks Pular and French."
PASSWORD = "retour-demo"
# The innermost elements whose right edge passes the viewport: what makes a page scroll sideways.
WIDEST = """() => {
  const out = [];
  const past = (el) => el.getBoundingClientRect().right > window.innerWidth + 1;
  for (const el of document.querySelectorAll("body *")) {
    if (past(el) && ![...el.children].some(past)) {
      const id = el.dataset.testid || el.id || el.className || "";
      const right = Math.round(el.getBoundingClientRect().right);
      out.push(`${el.tagName.toLowerCase()}[${id}] right=${right} “${(el.innerText || "").slice(0, 40)}”`);
    }
  }
  return out.slice(0, 8);
}"""


def _sign_in(page, live_server, login, user):
    """Sign in as `user` in this page's browser context (signing out whoever was)."""
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    login(page, live_server, user.username, PASSWORD)


def _departed_case(world, *, days_ago=100):
    """A Brussels case of Sofie's with an approved Fedasil package (2,000 EUR
    in kind after arrival: the plan's ceiling), departed `days_ago` days ago
    (the 3-month visit is due), whose principal consented to sharing with
    IOM, and not referred to anyone. Visits are scheduled, as on departure."""
    from reintegration import rss
    from reintegration.actions_monitoring import make_current, schedule_visits
    from travel.models import DepartureOutcome

    new, same = rss.load_weights()
    make_current((new or same)[-1])

    case = make_case(
        world.bxl,
        world.counsellor,
        counsellor=world.counsellor,
        status=Status.TRAVEL_PREPARATION,
        removal_order_date=timezone.localdate() - datetime.timedelta(days=400),
        removal_order_authority=AUTHORITY,
    )
    approve_package(case, world.counsellor, world.team_leader)
    Transition.objects.create(
        case=case, from_status=case.status, to_status=Status.DEPARTED, by=world.counsellor, reason="test set-up"
    )
    ReturnCase.objects.filter(pk=case.pk).update(status=Status.DEPARTED)
    case.refresh_from_db()
    DepartureOutcome.objects.create(
        case=case,
        outcome="departed",
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        recorded_by=world.counsellor,
    )
    case_actions.record_consent(
        case,
        by=world.counsellor,
        person=case.principal,
        purpose="partner_sharing",
        state="given",
        date=timezone.localdate(),
        language="fr",
        method="signed_form",
        partner=world.iom,
    )
    schedule_visits(case)
    assert not case.referrals.exists()
    return case


def test_partner_accepts_a_referral_drafts_a_plan_gets_it_approved_and_records_a_visit(
    transactional_db, world, rules, live_server, page, login, screenshot
):
    case = _departed_case(world)
    base = live_server.url

    # 1. Sofie refers the case to IOM Conakry.
    _sign_in(page, live_server, login, world.counsellor)
    page.goto(f"{base}/cases/{case.pk}/")
    partner_panel = page.get_by_test_id("partner-panel")
    assert "This case is not referred to a partner." in partner_panel.inner_text()
    partner_panel.get_by_role("link", name="Refer to a partner").click()
    page.get_by_role("heading", name="Refer the case to a partner").wait_for()
    page.get_by_label("Refer to").select_option(label="IOM Conakry (IOM)")
    page.get_by_label("Purpose").select_option(label="Reintegration")
    page.get_by_label("Message to the partner").fill(MESSAGE)
    screenshot(page, "reint-01-refer-form")
    page.get_by_role("button", name="Refer the case to a partner").click()
    page.get_by_text("The case is referred to IOM.").wait_for()
    panel_text = page.get_by_test_id("partner-panel").inner_text()
    assert "IOM – IOM Conakry" in panel_text and "Pending" in panel_text and MESSAGE in panel_text
    screenshot(page, "reint-02-referred")

    # 2. Mamadou finds it under Reintegration → Referred to us, and accepts it.
    _sign_in(page, live_server, login, world.partner)
    page.get_by_role("link", name="Reintegration", exact=True).first.click()
    page.get_by_role("heading", name="Reintegration").wait_for()
    page.get_by_role("link", name="Referred to us").click()
    pending = page.get_by_test_id("pending")
    assert case.number in pending.inner_text()
    screenshot(page, "reint-03-inbox")
    pending.get_by_role("button", name=f"Accept {case.number}").click()
    page.get_by_text(f"You accepted the referral of case {case.number}.").wait_for()
    assert "No referral is waiting for an answer." in page.locator("main").inner_text()
    others = page.get_by_test_id("others")
    assert "Accepted" in others.inner_text()
    others.get_by_role("link", name=case.number).click()

    # The partner's view of the case: what reintegration needs, not the asylum file.
    page.get_by_test_id("partner-view").wait_for()
    body = page.locator("body").inner_text()
    assert AUTHORITY not in body and "Removal order" not in body and "Asylum decision" not in body
    assert "Accepted" in page.get_by_test_id("partner-panel").inner_text()
    assert "No plan yet." in page.get_by_test_id("plan-summary").inner_text()
    screenshot(page, "reint-04-partner-case")

    # 3. Mamadou drafts the plan and submits it.
    page.get_by_test_id("plan-summary").get_by_role("link", name="Plan, budget and purchases").click()
    page.get_by_role("heading", name="Reintegration plan").wait_for()
    start = page.get_by_test_id("start-form")
    start.get_by_label("What the returnee wants to achieve (optional)").fill("A grocery in Kindia")
    start.get_by_role("button", name="Start the plan").click()
    page.get_by_text("Version 1 of the plan is started.").wait_for()
    assert page.get_by_test_id("working-status").inner_text() == "Draft"
    assert page.get_by_test_id("ceiling").first.inner_text().startswith("2,000.00")

    page.get_by_text("Add an objective").click()
    objective = page.get_by_test_id("objective-form")
    objective.get_by_label("Area").select_option(label="Micro-business")
    objective.get_by_label("Objective").fill("Open a grocery in Kindia market")
    objective.get_by_role("button", name="Add the objective").click()
    page.get_by_text("The objective is added.").wait_for()

    page.get_by_text("Add a budget line").click()
    line = page.get_by_test_id("line-form")
    line.get_by_label("Category").select_option(label="Micro-business")
    line.get_by_label("Description").fill("First stock of the grocery")
    line.get_by_label("Amount").fill("1500")
    line.get_by_label("Currency").fill("EUR")
    line.get_by_label("Supplier, if known").fill("Marché Madina")
    line.get_by_role("button", name="Add the line").click()
    page.get_by_text("The budget line is added.").wait_for()
    figures = page.get_by_test_id("plan-figures-1")
    assert figures.get_by_test_id("plan-total").inner_text().startswith("1,500.00")
    assert figures.get_by_test_id("plan-room").inner_text().startswith("500.00")
    assert "Micro-business: Open a grocery in Kindia market" in page.get_by_test_id("objectives-1").inner_text()
    screenshot(page, "reint-05-draft-plan")

    page.get_by_test_id("submit-form").get_by_role("button", name="Submit the plan for approval").click()
    page.get_by_text("Version 1 is sent to the sending office for approval.").wait_for()
    assert page.get_by_test_id("working-status").inner_text() == "Submitted for approval"
    assert "Waiting for a team leader" in page.get_by_test_id("plan-working").inner_text()
    screenshot(page, "reint-06-submitted")

    # 4. Marc approves it.
    _sign_in(page, live_server, login, world.team_leader)
    page.goto(f"{base}/cases/{case.pk}/")
    plan_summary = page.get_by_test_id("plan-summary")
    assert "Version 1: Submitted for approval." in plan_summary.inner_text()
    plan_summary.get_by_role("link", name="Plan, budget and purchases").click()
    page.get_by_role("heading", name="Decision of the sending office").wait_for()
    screenshot(page, "reint-07-to-approve")
    page.get_by_test_id("approve-form").get_by_role("button", name="Approve version 1").click()
    page.get_by_text("Version 1 of the plan is approved.").wait_for()
    page.get_by_role("heading", name="Approved plan (version 1)").wait_for()
    assert "approved by Marc" in page.get_by_test_id("plan-in-force").inner_text()
    assert "Approved" in page.get_by_test_id("version-1").inner_text()
    screenshot(page, "reint-08-approved")

    # 5. Mamadou records the 3-month visit, from the case page.
    _sign_in(page, live_server, login, world.partner)
    page.get_by_role("link", name="Reintegration", exact=True).first.click()
    page.get_by_role("link", name="Referred to us").click()
    page.get_by_test_id("others").get_by_role("link", name=case.number).click()
    assert "Version 1 approved." in page.get_by_test_id("plan-summary").inner_text()
    monitoring = page.get_by_test_id("monitoring-panel")
    assert "Overdue" in monitoring.inner_text()
    monitoring.get_by_role("link", name="Monitoring and survey scores").click()
    page.get_by_role("heading", name="Monitoring and reintegration survey").wait_for()
    screenshot(page, "reint-09-monitoring")
    page.get_by_test_id("visit-3").get_by_role("link", name="Record the visit at 3 months").click()
    page.get_by_role("heading", name="Visit at 3 months").wait_for()
    form = page.get_by_test_id("visit-form")
    assert form.get_by_label("Date of the visit").input_value() == timezone.localdate().isoformat()
    form.get_by_label("Home visit").check()
    form.get_by_label("Findings").fill("The grocery is open; stock bought. He supports his mother.")
    form.locator('[name="rss_econ_satisfaction"]').select_option("satisfied")
    form.locator('[name="rss_housing"]').select_option("adequate")
    form.locator('[name="rss_social_network"]').select_option("strong")
    screenshot(page, "reint-10-visit-form")
    form.get_by_role("button", name="Record the visit").click()
    page.get_by_text("The visit at 3 months is recorded.").wait_for()
    row = page.get_by_test_id("visit-3").inner_text()
    assert "Home visit" in row and "Overdue" not in row
    assert "The grocery is open" in page.locator("main").inner_text()
    screenshot(page, "reint-11-visit-recorded")

    # 6. What the database holds.
    referral = Referral.objects.get(case=case)
    assert (referral.status, referral.partner_office, referral.decided_by) == (
        ReferralStatus.ACCEPTED,
        world.conakry,
        world.partner,
    )
    assert referral.message == MESSAGE
    plan = Plan.objects.get(case=case)
    assert (plan.version, plan.status, plan.decided_by, plan.drafted_by) == (
        1,
        PlanStatus.APPROVED,
        world.team_leader,
        world.partner,
    )
    assert [(o.area, o.description) for o in plan.objectives.all()] == [
        ("micro_business", "Open a grocery in Kindia market")
    ]
    assert [(li.category, str(li.amount), li.currency) for li in plan.lines.all()] == [
        ("micro_business", "1500.00", "EUR")
    ]
    visit = MonitoringVisit.objects.get(case=case, months=3)
    assert (visit.done_on, visit.mode, visit.recorded_by) == (timezone.localdate(), "home", world.partner)
    response = SurveyResponse.objects.get(visit=visit)
    assert response.answers == {
        "econ_satisfaction": "satisfied",
        "housing": "adequate",
        "social_network": "strong",
    }
    assert response.economic is not None and response.social is not None and response.psychosocial is not None
    assert response.composite is not None


def test_the_plan_page_reads_on_a_phone_for_the_partner(
    transactional_db, world, rules, live_server, phone_page, login, screenshot
):
    from reintegration import actions_plans as plans

    case = _departed_case(world)
    Referral.objects.create(
        case=case,
        partner=world.iom,
        partner_office=world.conakry,
        purpose="reintegration",
        status=ReferralStatus.ACCEPTED,
        created_by=world.counsellor,
        decided_by=world.partner,
        decided_at=timezone.now(),
    )
    plan = plans.start_plan(case, by=world.partner, summary="A grocery in Kindia")
    plans.add_objective(plan, by=world.partner, area="micro_business", description="Open a grocery")
    plans.add_line(
        plan,
        by=world.partner,
        category="micro_business",
        description="First stock of the grocery",
        amount=Decimal("1500"),
        currency="EUR",
        supplier="Marché Madina",
    )
    _sign_in(phone_page, live_server, login, world.partner)
    phone_page.goto(f"{live_server.url}/cases/{case.pk}/")
    phone_page.get_by_test_id("plan-summary").get_by_role("link", name="Plan, budget and purchases").click()
    phone_page.get_by_role("heading", name="Reintegration plan").wait_for()
    phone_page.get_by_test_id("submit-form").wait_for()
    screenshot(phone_page, "reint-12-phone-plan")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    wide = phone_page.evaluate(WIDEST)
    assert width <= 390 + 1, f"the plan page scrolls sideways on a phone ({width}px): {wide}"
