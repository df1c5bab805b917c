"""The case page lists the case's open tasks and offers to add one."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tasks import actions


def test_the_case_page_lists_open_tasks_and_links_to_add_one(world, as_persona):
    actions.create_task(
        by=world.counsellor,
        office=world.bxl,
        case=world.case,
        title="Call the consulate",
        due=timezone.localdate() + datetime.timedelta(days=2),
        assignee=world.counsellor,
    )
    page = as_persona("team_leader").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "Call the consulate" in page and f"/tasks/new/?case={world.case.pk}" in page
    analyst = as_persona("analyst").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert f"/tasks/new/?case={world.case.pk}" not in analyst
