"""Marc, the Brussels team leader, works the duplicate queue in a real
Chromium: he compares two records of one man, merges them keeping the given
name of the other record, finds the merged record's page leading to the one
kept, and undoes the merge."""

import datetime

from people import actions as people_actions
from people.actions_duplicates import find_duplicates
from people.models import Person, PersonMerge
from tests.factories import make_case, make_person


def _sign_in(page, live_server, login, user):
    user.set_password("retour-demo")
    user.save()
    login(page, live_server, user.username, "retour-demo")


def test_team_leader_merges_a_pair_then_undoes_it(transactional_db, world, live_server, page, login, screenshot):
    born = datetime.date(1985, 7, 1)
    kept = make_person(
        world.bxl,
        world.counsellor,
        given_name="Oleksandr",
        family_name="Kovalenko",
        original_script_name="Олександр Коваленко",
        sex="male",
        date_of_birth=born,
        nationality="UA",
    )
    case = make_case(world.bxl, world.counsellor, principal=kept, counsellor=world.counsellor)
    other = make_person(
        world.bxl,
        world.travel_officer,
        given_name="Aleksandr",
        family_name="Kovalenko",
        sex="male",
        date_of_birth=born,
        nationality="UA",
        phone="+32 460 00 11 22",
    )
    people_actions.add_document(
        other, by=world.travel_officer, doc_type="passport", number="FX123456", issuing_country="UA"
    )
    find_duplicates()

    _sign_in(page, live_server, login, world.team_leader)
    page.goto(f"{live_server.url}/people/duplicates/")
    page.get_by_role("heading", name="Possible duplicates").wait_for()
    queue = page.get_by_test_id("duplicate-queue")
    assert "Aleksandr KOVALENKO" in queue.inner_text() and "Oleksandr KOVALENKO" in queue.inner_text()
    screenshot(page, "duplicates-01-queue")

    row = queue.locator("tr").filter(has_text="Aleksandr KOVALENKO")
    row.get_by_role("link").first.click()
    page.get_by_role("heading", name="Same person?").wait_for()
    assert "Same family name" in page.get_by_test_id("pair-reasons").inner_text()
    records = page.get_by_test_id("pair-records").inner_text()
    assert "FX123456" in records and case.number in records
    # Oleksandr's record is older: kept by default; the given name is taken
    # from the other record, the phone number (missing on the kept one) too.
    form = page.get_by_test_id("merge-form")
    assert form.get_by_label("Oleksandr KOVALENKO, registered by Fedasil Brussels").is_checked()
    form.get_by_label("Aleksandr", exact=True).check()
    assert form.get_by_label("+32 460 00 11 22").is_checked()
    screenshot(page, "duplicates-02-pair")
    form.get_by_role("button", name="Merge…").click()

    page.get_by_role("heading", name="Merge the records?").wait_for()
    result = page.get_by_test_id("merge-result").inner_text()
    assert "Aleksandr" in result and "from the other record" in result
    assert "the name “Oleksandr Kovalenko”, as another name" in page.content()
    screenshot(page, "duplicates-03-confirm")
    page.get_by_role("button", name="Merge the records").click()

    page.get_by_text("record is merged into this one").wait_for()
    assert page.url.endswith(f"/people/{kept.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Aleksandr KOVALENKO")
    notice = page.get_by_test_id("merged-from").inner_text()
    assert "Merged from Aleksandr KOVALENKO's record (Fedasil Brussels)" in notice and "Marc" in notice
    body = page.locator("main").inner_text()
    assert "+32 460 00 11 22" in body and "FX123456" in body and "Oleksandr Kovalenko" in body
    screenshot(page, "duplicates-04-merged")

    # The merged record's page leads to the record kept.
    page.goto(f"{live_server.url}/people/{other.pk}/")
    page.get_by_text("was merged into this one").wait_for()
    assert page.url.endswith(f"/people/{kept.pk}/")

    page.get_by_test_id("merged-from").get_by_role("link", name="Undo").click()
    page.get_by_role("heading", name="Undo the merge?").wait_for()
    screenshot(page, "duplicates-05-undo")
    page.get_by_role("button", name="Undo the merge").click()
    page.get_by_text("The merge is undone").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Oleksandr KOVALENKO")
    assert page.get_by_test_id("merged-from").count() == 0
    body = page.locator("main").inner_text()
    assert "FX123456" not in body and "+32 460 00 11 22" not in body
    screenshot(page, "duplicates-06-undone")

    kept.refresh_from_db()
    assert kept.given_name == "Oleksandr" and kept.phone == ""
    assert Person.objects.get(pk=other.pk).merged_into_id is None
    assert PersonMerge.objects.get().undone_by == world.team_leader
    # Back in the queue, to review again.
    page.goto(f"{live_server.url}/people/duplicates/")
    assert "Aleksandr KOVALENKO" in page.get_by_test_id("duplicate-queue").inner_text()
