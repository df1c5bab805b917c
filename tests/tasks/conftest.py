import datetime

import pytest
from django.utils import timezone

from tasks import actions


@pytest.fixture
def task(world):
    """An open task on the Brussels case, given to Sofie, due tomorrow."""
    return actions.create_task(
        by=world.team_leader,
        office=world.bxl,
        case=world.case,
        assignee=world.counsellor,
        title="Call the embassy",
        due=timezone.localdate() + datetime.timedelta(days=1),
    )


@pytest.fixture
def done_task(world):
    t = actions.create_task(
        by=world.counsellor,
        office=world.bxl,
        case=world.case,
        assignee=world.counsellor,
        title="Book the interpreter",
        due=timezone.localdate() + datetime.timedelta(days=1),
    )
    return actions.complete_task(t, by=world.counsellor)
