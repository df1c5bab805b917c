"""Issue #7 in the browser: Claire (OFII Marseille), working in French, starts
an interview on her case from OFII's French decision guide, ticks the points
she covered and saves; the interview then shows the guide followed and the
coverage. Olivier, her team leader, sees that the original of the guide OFII
adopted from Fedasil has a newer version, and what changed."""

import datetime
import re

from django.utils import timezone

from guides.models import GuideUse
from tests.guides.helpers import load_demo_guides

PASSWORD = "retour-demo"


def _sign_in(page, live_server, login, user, *, french: bool = True):
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    login(page, live_server, user.username, PASSWORD)
    if french:
        # The language switcher in the header, as the counsellor flow test does.
        page.get_by_label("Language").select_option("fr")
        page.get_by_role("button", name="Change").click()
        page.wait_for_load_state()


def _coverage_says(page, covered: int, total: int) -> None:
    line = page.locator(".govuk-inset-text p strong").nth(1)
    line.wait_for()
    assert re.search(rf"\b{covered}\b.*\b{total}\b", line.inner_text()), line.inner_text()


def test_claire_runs_an_interview_from_a_french_guide(transactional_db, world, live_server, page, login, screenshot):
    load_demo_guides(world)
    case = world.ofii_case
    _sign_in(page, live_server, login, world.ofii)

    page.goto(f"{live_server.url}/cases/{case.pk}/interviews/new/")
    page.get_by_role("heading", name="Enregistrer un entretien").wait_for()
    page.locator(f"a[href='/practice/cases/{case.pk}/interview/']").click()
    # OFII's guides: its own decision guide and its copy of Fedasil's, in French.
    assert "L'entretien de décision : confirmer un choix libre et éclairé" in page.content()
    assert "Envisager le retour : le deuxième entretien" in page.content()
    screenshot(page, "guides-01-choose-a-guide-fr")
    decision = world.decision.versions.get(number=1)
    page.locator(f"a[href*='guide={decision.pk}&lang=fr']").first.click()

    page.get_by_role("heading", name="Un choix libre").wait_for()
    held = timezone.localtime() - datetime.timedelta(hours=1)
    page.get_by_label("Date et heure").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Langue de l’entretien").select_option("fr")
    ticked = [
        "Vous pouvez encore renoncer au retour à tout moment avant le départ",
        "Vérifié que la décision n'est pas prise sous la pression d'un tiers",
        "Consentement au traitement des données signé",
        "Passeport vérifié",
        "Coordonnées à l'arrivée recueillies",
    ]
    for text in ticked:
        page.locator("label.govuk-checkboxes__label", has_text=text).click()
    page.get_by_label("Notes").fill("Décision confirmée ; souhaite partir avant la fin du mois.")
    page.get_by_label("A décidé de rentrer").check()
    screenshot(page, "guides-02-interview-following-the-guide-fr")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L’entretien est enregistré.").wait_for()

    interview = case.interviews.get()
    use = GuideUse.objects.get(interview=interview)
    assert use.version == decision and use.language == "fr"
    covered_texts = list(use.version.items.filter(pk__in=use.covered).values_list("texts__text", flat=True))
    assert len(use.covered) == 5
    assert all(any(t.startswith(x) for t in covered_texts) for x in ticked)

    # The interview page: the guide followed and the coverage (5 of 8 points,
    # "5 points abordés sur 8" in French: the numbers are checked, not the words).
    page.goto(f"{live_server.url}/practice/interviews/{interview.pk}/guide/")
    _coverage_says(page, 5, 8)
    assert "L’aide au retour n’est accordée qu’une fois" in page.content().replace("'", "’")
    screenshot(page, "guides-03-interview-coverage-fr")
    page.goto(f"{live_server.url}/cases/{case.pk}/interviews/{interview.pk}/")
    _coverage_says(page, 5, 8)
    assert page.locator("input[name=covered]:checked").count() == 5
    # The case timeline says it too, with a link to the guide as followed.
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    line = page.locator(".retour-timeline__item", has=page.locator(f"a[href$='/interviews/{interview.pk}/guide/']"))
    assert re.search(r"\b5\b.*\b8\b", line.locator(f"a[href$='/interviews/{interview.pk}/guide/']").inner_text())
    line.scroll_into_view_if_needed()
    screenshot(page, "guides-03b-case-timeline-fr")


def test_olivier_sees_the_original_has_a_newer_version(transactional_db, world, live_server, page, login, screenshot):
    load_demo_guides(world)
    _sign_in(page, live_server, login, world.olivier, french=False)
    page.goto(f"{live_server.url}/practice/guides/{world.adopted.pk}/")
    page.get_by_text("The original has a newer version").wait_for()
    assert "Si vous avez déjà reçu une aide au retour" in page.content()
    screenshot(page, "guides-04-adopted-copy-newer-original")
    page.get_by_role("button", name="Take the changes in (as a new draft)").click()
    page.get_by_text("The original's changes are in a new draft").wait_for()
    screenshot(page, "guides-05-draft-with-changes-taken-in")
    assert world.adopted.versions.filter(status="draft").get().origin_version.number == 2

    page.goto(f"{live_server.url}/practice/")
    page.get_by_role("heading", name="Shared library").wait_for()
    screenshot(page, "guides-06-library")
