"""The journey on the case timeline: for the sending office, never for the partner."""

from cases.lifecycle import Status
from cases.models import ReturnCase
from tests.factories import make_booking


def test_bookings_show_on_the_timeline_for_staff_but_not_for_the_partner(world, as_persona):
    ReturnCase.objects.filter(pk=world.case.pk).update(status=Status.TRAVEL_PREPARATION)
    world.case.refresh_from_db()
    make_booking(world.case, world.travel_officer, reference="ZX81QP")
    url = f"/cases/{world.case.pk}/"
    staff = as_persona("counsellor").get(url)
    assert staff.status_code == 200
    assert "Booking ZX81QP (Confirmed)" in staff.content.decode()
    assert "BRU → CKY, leaving" in staff.content.decode()
    partner = as_persona("partner").get(url)
    assert partner.status_code == 200
    assert "ZX81QP" not in partner.content.decode()
