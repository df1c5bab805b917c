"""The journey of CaseContext: a confirmed booking before the case is ready
to depart, on the day the plan makes it leave (or a few weeks ahead for a
case still waiting), from the office's airport to the country of return."""

import datetime as dt
from zoneinfo import ZoneInfo

from core.demo.plan import S
from travel import actions as travel_actions

# Where a flight from Belgium or France leaves, by the office's country.
DEPARTURE_AIRPORT = {"BE": ("BRU", "Europe/Brussels"), "FR": ("CDG", "Europe/Paris")}
# Arrival airport, its time zone, hours in the air from western Europe, and
# the hub where the journey changes planes (None: a direct flight).
ARRIVAL = {
    "GN": ("CKY", "Africa/Conakry", 6, None),
    "SN": ("DSS", "Africa/Dakar", 5, None),
    "CM": ("NSI", "Africa/Douala", 6, None),
    "CD": ("FIH", "Africa/Kinshasa", 8, None),
    "IQ": ("EBL", "Asia/Baghdad", 3, ("IST", "Europe/Istanbul")),
    "SY": ("DAM", "Asia/Damascus", 2, ("IST", "Europe/Istanbul")),
    "AF": ("KBL", "Asia/Kabul", 5, ("IST", "Europe/Istanbul")),
    "ER": ("ASM", "Africa/Asmara", 4, ("IST", "Europe/Istanbul")),
    "GE": ("TBS", "Asia/Tbilisi", 5, None),
    "UA": ("WAW", "Europe/Warsaw", 2, None),  # then by land: no flights to Ukraine
    "RU": ("VKO", "Europe/Moscow", 3, ("IST", "Europe/Istanbul")),
    "AL": ("TIA", "Europe/Tirane", 2, None),
    "XK": ("PRN", "Europe/Belgrade", 2, None),
    "BR": ("GRU", "America/Sao_Paulo", 12, None),
    "MD": ("RMO", "Europe/Chisinau", 3, None),
}
CARRIERS = {None: ("Brussels Airlines", "SN"), "IST": ("Turkish Airlines", "TK")}


class JourneyMixin:
    def departure_moment(self) -> dt.datetime:
        """When the first flight leaves: a little before the departure is
        recorded, or, for a case that has not left yet, a day ahead."""
        plan = self.plan
        ready = self.move_at[self.step]
        if S.DEPARTED in plan.path:
            recorded = self.move_at[plan.path.index(S.DEPARTED)]
            return max(ready + dt.timedelta(hours=1), recorded - dt.timedelta(hours=2))
        if self.step + 1 < len(plan.path):  # a no-show or an exit on the day
            return self.move_at[self.step + 1] - dt.timedelta(hours=3)
        day = self.today + dt.timedelta(days=self.rng.randint(2, 20))
        return dt.datetime.combine(day, dt.time(self.rng.choice([7, 10, 13, 17]), 40), tzinfo=self.tz)

    def book_journey(self) -> None:
        """A confirmed booking, made by the travel officer just before the case is
        marked ready to depart."""
        rng = self.rng
        origin_code, origin_tz = DEPARTURE_AIRPORT.get(self.office.country.code, DEPARTURE_AIRPORT["BE"])
        code, tz, hours, hub = ARRIVAL[self.case.country_of_return.code]
        leaves = self.departure_moment().astimezone(ZoneInfo(origin_tz))
        carrier, prefix = CARRIERS[hub[0] if hub else None]
        legs = []
        if hub:
            hub_code, hub_tz = hub
            at_hub = leaves + dt.timedelta(hours=3, minutes=30)
            onward = at_hub + dt.timedelta(hours=rng.randint(2, 5))
            legs.append(self._leg(carrier, prefix, origin_code, origin_tz, leaves, hub_code, hub_tz, at_hub))
            legs.append(
                self._leg(carrier, prefix, hub_code, hub_tz, onward, code, tz, onward + dt.timedelta(hours=hours))
            )
        else:
            legs.append(
                self._leg(carrier, prefix, origin_code, origin_tz, leaves, code, tz, leaves + dt.timedelta(hours=hours))
            )
        booked_at = self.between(self.move_at[self.step - 1], self.move_at[self.step] - dt.timedelta(minutes=45))
        booking = travel_actions.create_booking(
            self.case,
            by=self.travel,
            segments=legs,
            reference="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)),
            booked_by=rng.choice(["agency", "agency", "iom"]),
            status="confirmed",
            cost=rng.randint(280, 1400),
            luggage_allowance="1 × 23 kg",
            meeting_point=f"{self.office.name}",
            contact_phone=self.office.phone,
            wheelchair=rng.random() < 0.03,
        )
        self.stamp(booking, booked_at)

    def _leg(self, carrier, prefix, origin, origin_tz, leaves, destination, destination_tz, arrives) -> dict:
        return {
            "mode": "flight",
            "carrier": carrier,
            "number": f"{prefix}{self.rng.randint(100, 999)}",
            "origin": origin,
            "origin_tz": origin_tz,
            "departs_at": leaves,
            "destination": destination,
            "destination_tz": destination_tz,
            "arrives_at": arrives.astimezone(ZoneInfo(destination_tz)),
        }
