"""What a case still needs before departure: read by the lifecycle guards,
the case's travel page and the departures board."""

from decimal import Decimal

from travel.models import Booking, BookingStatus


def confirmed_booking(case) -> Booking | None:
    """The confirmed booking the case travels on (the earliest, if several)."""
    return (
        Booking.objects.filter(case=case, status=BookingStatus.CONFIRMED)
        .prefetch_related("segments")
        .order_by("departs_at", "pk")
        .first()
    )


def premium_at_departure(decision) -> Decimal:
    """The cash an approved package pays at departure: its components paid
    in cash at departure, as the rule version computed them."""
    return sum(
        (
            Decimal(c["amount"])
            for c in decision.result.get("components", [])
            if c.get("form") == "cash" and c.get("paid") == "at_departure"
        ),
        Decimal("0.00"),
    )
