"""The journey of CaseContext, through travel.actions: laissez-passers
requested from the consulate at the start of travel preparation, reminded,
issued (or refused); a booking confirmed before the case is ready to depart,
now and then changed or cancelled and rebooked first; the departure day's
outcome (departed, no-show, withdrawn, postponed) and the premium paid at
departure. Every action and each of its audit events gets its moment in the
history (core.demo.history)."""

import datetime as dt
from zoneinfo import ZoneInfo

from core.demo import texts
from core.demo.plan import S, weighted
from eligibility.models import Decision, DecisionStatus
from travel import actions as travel_actions
from travel.models import BookingStatus, Outcome, RequestStatus
from travel.readiness import premium_at_departure

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
# Where the travel officer meets people at the airport, by airport.
MEETING_POINT = {
    "BRU": "Brussels Airport, departure hall, check-in row 7 (IOM desk)",
    "CDG": "Aéroport Paris-Charles de Gaulle, terminal 2E, comptoir OFII",
}
CARRIERS = {None: ("Brussels Airlines", "SN"), "IST": ("Turkish Airlines", "TK")}
# Where a laissez-passer is requested, by country of return: from Belgium, from France.
CONSULATES = {
    "GN": ("Embassy of the Republic of Guinea, Brussels", "Ambassade de Guinée, Paris"),
    "SN": ("Embassy of the Republic of Senegal, Brussels", "Consulat général du Sénégal, Paris"),
    "CM": ("Embassy of the Republic of Cameroon, Brussels", "Consulat général du Cameroun, Paris"),
    "CD": (
        "Embassy of the Democratic Republic of the Congo, Brussels",
        "Ambassade de la République démocratique du Congo, Paris",
    ),
    "IQ": ("Embassy of the Republic of Iraq, Brussels", "Ambassade d'Irak, Paris"),
    "SY": ("Embassy of the Syrian Arab Republic, Brussels", "Ambassade de Syrie, Paris"),
    "AF": ("Embassy of Afghanistan, Brussels", "Ambassade d'Afghanistan, Paris"),
    "ER": ("Embassy of the State of Eritrea, Brussels", "Ambassade de l'État d'Érythrée, Paris"),
    "GE": ("Embassy of Georgia, Brussels", "Ambassade de Géorgie, Paris"),
    "UA": ("Embassy of Ukraine, Brussels", "Consulat général d'Ukraine, Paris"),
    "RU": ("Embassy of the Russian Federation, Brussels", "Consulat général de Russie, Paris"),
    "AL": ("Embassy of the Republic of Albania, Brussels", "Ambassade d'Albanie, Paris"),
    "XK": ("Embassy of the Republic of Kosovo, Brussels", "Ambassade du Kosovo, Paris"),
    "BR": ("Consulate General of Brazil, Brussels", "Consulat général du Brésil, Paris"),
    "MD": ("Embassy of the Republic of Moldova, Brussels", "Ambassade de Moldavie, Paris"),
}
# The outcome recorded on the departure day for each move from ready to depart.
OUTCOMES = {
    S.DEPARTED: Outcome.DEPARTED,
    S.NO_SHOW: Outcome.NO_SHOW,
    S.WITHDRAWN: Outcome.CANCELLED,
    S.TRAVEL_PREPARATION: Outcome.POSTPONED,
}
REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


class JourneyMixin:
    """The journey part of CaseContext."""

    # --- when -------------------------------------------------------------------------

    def departure_moment(self, step: int) -> dt.datetime:
        """When the first flight of the journey booked before the move of
        `step` (to ready to depart) leaves: a little before the departure is
        recorded; a few hours before a no-show, a withdrawal or a postponement
        on the day; or, for a case that has not left yet, in the coming weeks."""
        if step in self.departures:
            return self.departures[step]
        path, nxt = self.plan.path, step + 1
        ready = self.move_at[step]
        if nxt < len(path) and path[nxt] == S.DEPARTED:
            leaves = max(ready + HOUR, self.move_at[nxt] - 2 * HOUR)
        elif nxt < len(path):
            leaves = self.move_at[nxt] - 3 * HOUR
        else:
            day = self.today + dt.timedelta(days=self.rng.randint(2, 20))
            leaves = dt.datetime.combine(day, dt.time(self.rng.choice([7, 10, 13, 17]), 40), tzinfo=self.tz)
        self.departures[step] = leaves
        return leaves

    def last_departure_day(self) -> dt.date:
        """The day of the journey the case finally leaves (or is to leave) on."""
        if self.plan.postponed and self.plan.path[-1] == S.TRAVEL_PREPARATION:
            return self.today + dt.timedelta(days=1)  # see record_departure_day
        last_ready = max(i for i, to in enumerate(self.plan.path) if to == S.READY_TO_DEPART)
        return self.departure_moment(last_ready).astimezone(self.tz).date()

    def day_of(self, at: dt.datetime) -> dt.date:
        return at.astimezone(self.tz).date()

    # --- laissez-passers ---------------------------------------------------------------

    def prepare_travel(self) -> None:
        """At the start of travel preparation: a laissez-passer requested for
        each member without a valid passport. For a case that goes on to
        ready to depart, reminded and issued before it (or first refused and
        requested again); for a case still in travel preparation, pending or
        already issued, now and then refused; for one that ends here, pending
        until the end. A few cases still here have a provisional booking."""
        rng, path = self.rng, self.plan.path
        step = self.step
        start, until = self.move_at[step], self.move_after(step)
        reaching = step + 1 < len(path) and path[step + 1] == S.READY_TO_DEPART
        staying = step + 1 == len(path)
        needing = [m for m in self.members if self.doc_state[m.person.pk] != "passport"]
        if needing:
            asked = self.between(start, start + min(dt.timedelta(days=5), (until - start) / 3))
            # Issued in the second half of the travel preparation, some hours before the booking is confirmed.
            issue_at = self.between(start + (until - start) / 2, until - 3 * HOUR) if reaching else None
            for i, m in enumerate(needing):
                at = asked + i * MINUTE
                req = self.request_laissez_passer(m.person, at)
                refuse = m is self.principal_member and self.b.refusals < 2 and rng.random() < 0.3
                if reaching:
                    if refuse and (issue_at - at) > dt.timedelta(days=12):
                        req = self.refuse_and_ask_again(req, at, issue_at)
                    else:
                        self.remind(req, at, issue_at)
                    self.issue(req, issue_at, self.lp_valid_until(issue_at))
                elif (
                    staying
                    and m is self.principal_member
                    and not self.b.refused_staying
                    and (self.horizon - at) > dt.timedelta(days=15)
                ):
                    # Once in the demo, refused and not asked again yet: the
                    # case needs a travel document (a task for the counsellor).
                    self.b.refused_staying = True
                    refused_at = self.between(at + (self.horizon - at) / 2, self.horizon - dt.timedelta(days=3))
                    self.remind(req, at, refused_at)
                    self.close_request(req, "refused", rng.choice(texts.LP_REFUSALS), refused_at)
                elif staying and (self.horizon - at) > dt.timedelta(days=30) and rng.random() < 0.35:
                    issued_at = self.between(at + (self.horizon - at) / 2, self.horizon)
                    self.remind(req, at, issued_at)
                    self.issue(req, issued_at, self.day_of(issued_at) + dt.timedelta(days=rng.randint(60, 120)))
                else:  # pending: until now, or until the case ends
                    self.remind(req, at, until)
        if staying and not self.plan.postponed:
            if not self.b.booked_for_tomorrow:
                self.b.booked_for_tomorrow = True
                self.provisional_booking(self.today + dt.timedelta(days=1))
            elif rng.random() < 0.3:
                self.provisional_booking(self.today + dt.timedelta(days=rng.randint(3, 25)))

    def request_laissez_passer(self, person, at: dt.datetime):
        belgium, france = CONSULATES[self.case.country_of_return.code]
        req = travel_actions.request_document(
            self.case,
            by=self.travel,
            person=person,
            consulate=belgium if self.office.country.code == "BE" else france,
            issuing_country=self.case.country_of_return.code,
            requested_on=self.day_of(at),
        )
        self.history.add(req, at)
        self.requests.append(req)
        return req

    def remind(self, req, after: dt.datetime, before: dt.datetime) -> None:
        """Up to three reminders to the consulate, every two to four weeks,
        before `before`."""
        rng = self.rng
        at = after
        for _ in range(weighted(rng, {0: 35, 1: 35, 2: 20, 3: 10})):
            at = self.moment(self.day_of(at) + dt.timedelta(days=rng.randint(12, 25)), at)
            if at >= before - HOUR:
                return
            travel_actions.record_reminder(req, by=self.counsellor, on=self.day_of(at))
            self.history.add_event(req, "document_request.reminded", at)

    def refuse_and_ask_again(self, req, asked: dt.datetime, issue_at: dt.datetime):
        """Refused in the first third of the wait; asked again within days,
        with the birth certificate."""
        self.b.refusals += 1
        refused_at = self.between(asked + dt.timedelta(days=3), asked + (issue_at - asked) / 3)
        self.close_request(req, "refused", self.rng.choice(texts.LP_REFUSALS), refused_at)
        again = self.between(refused_at + HOUR, refused_at + dt.timedelta(days=3))
        req = self.request_laissez_passer(req.person, again)
        self.remind(req, again, issue_at)
        return req

    def issue(self, req, at: dt.datetime, valid_until: dt.date) -> None:
        country = self.case.country_of_return.code
        number = f"LP/{country}/{at.year}/{self.b.next_serial() % 10000:04d}"
        req = travel_actions.record_issued(
            req, by=self.travel, number=number, issued_on=self.day_of(at), expiry_date=valid_until
        )
        self.history.add_event(req, "document_request.issued", at)
        self.history.add(req.document, at)
        self.requests = [r for r in self.requests if r.pk != req.pk]
        self.documents_at = max(at, self.documents_at or at)

    def lp_valid_until(self, issued_at: dt.datetime) -> dt.date:
        """One to three months, and at least a few days past the departure."""
        rng = self.rng
        issued = self.day_of(issued_at) + dt.timedelta(days=rng.randint(30, 90))
        return max(issued, self.last_departure_day() + dt.timedelta(days=rng.randint(5, 20)))

    def close_request(self, req, status: str, reason: str, at: dt.datetime) -> None:
        travel_actions.close_request(req, by=self.travel, status=status, reason=reason)
        self.history.add_event(req, "document_request.closed", at)
        self.requests = [r for r in self.requests if r.pk != req.pk]

    def withdraw_requests(self, at: dt.datetime) -> None:
        """The case ends during travel preparation: the consulate is told."""
        for req in list(self.requests):
            self.close_request(req, RequestStatus.WITHDRAWN, texts.LP_WITHDRAWALS, at)

    # --- bookings ------------------------------------------------------------------------

    def book_journey(self) -> None:
        """A confirmed booking, made by the travel officer once the documents
        are there and before the case is marked ready to depart. Most are
        booked confirmed; some provisional first and confirmed days later;
        some changed by the airline; a few cancelled and booked again."""
        rng = self.rng
        prepared, ready = self.move_at[self.step - 1], self.move_at[self.step]
        lo = max(prepared, self.documents_at or prepared)
        hi = ready - 45 * MINUTE
        legs = self.legs(self.departure_moment(self.step))
        variant = weighted(rng, {"confirmed": 70, "confirmed_later": 15, "schedule_change": 8, "rebooked": 7})
        if variant == "confirmed":
            self.book(legs, "confirmed", self.between(lo, hi))
            return
        first_at = self.between(lo, lo + (hi - lo) / 3)
        then = self.between(first_at, first_at + (hi - first_at) / 2)
        if variant == "confirmed_later":
            booking = self.book(legs, "provisional", first_at)
            self.change(booking, legs, then, status="confirmed")
        elif variant == "schedule_change":
            earlier = self.departure_moment(self.step) - dt.timedelta(minutes=rng.choice([50, 95, 140]))
            booking = self.book(self.legs(earlier), "confirmed", first_at)
            self.change(booking, legs, then)
        else:
            first_day = self.day_of(then) + dt.timedelta(days=rng.randint(2, 9))
            first = dt.datetime.combine(first_day, dt.time(rng.choice([7, 10, 13, 17]), 40), tzinfo=self.tz)
            booking = self.book(self.legs(first), rng.choice(["provisional", "confirmed"]), first_at)
            self.cancel(booking, rng.choice(texts.BOOKING_CANCELLATIONS), then)
            self.book(legs, "confirmed", self.between(then, hi))

    def provisional_booking(self, day: dt.date) -> None:
        """A flight on `day`, booked but not confirmed yet."""
        rng = self.rng
        _origin, origin_tz = DEPARTURE_AIRPORT.get(self.office.country.code, DEPARTURE_AIRPORT["BE"])
        leaves = dt.datetime.combine(day, dt.time(rng.choice([7, 10, 13, 17]), 40), tzinfo=ZoneInfo(origin_tz))
        start = max(self.move_at[self.step], self.documents_at or self.move_at[self.step])
        self.book(self.legs(leaves), "provisional", self.between(start, self.horizon))

    def book(self, legs: list[dict], status: str, at: dt.datetime):
        rng = self.rng
        booking = travel_actions.create_booking(
            self.case,
            by=self.travel,
            segments=legs,
            reference="".join(rng.choice(REFERENCE_LETTERS) for _ in range(6)),
            booked_by=rng.choice(["agency", "agency", "iom"]),
            status=status,
            cost=rng.randint(280, 1400),
            luggage_allowance="1 × 23 kg",
            meeting_point=MEETING_POINT.get(legs[0]["origin"], self.office.name),
            contact_phone=self.office.phone,
            wheelchair=rng.random() < 0.03,
        )
        self.stamp(booking, at)
        return booking

    def change(self, booking, legs: list[dict], at: dt.datetime, **fields) -> None:
        booking = travel_actions.update_booking(
            booking, by=self.travel, expected_version=booking.version, segments=legs, **fields
        )
        self.history.add_event(booking, "booking.changed", at)
        self.history.add_field(booking, "updated_at", at)

    def cancel(self, booking, reason: str, at: dt.datetime) -> None:
        travel_actions.cancel_booking(booking, by=self.travel, reason=reason)
        self.cancelled(booking, at)

    def cancelled(self, booking, at: dt.datetime) -> None:
        self.history.add_event(booking, "booking.cancelled", at)
        self.history.add_field(booking, "cancelled_at", at)
        self.history.add_field(booking, "updated_at", at)

    def legs(self, leaves: dt.datetime) -> list[dict]:
        """From the office's airport to the country of return, leaving at `leaves`."""
        rng = self.rng
        origin_code, origin_tz = DEPARTURE_AIRPORT.get(self.office.country.code, DEPARTURE_AIRPORT["BE"])
        code, tz, hours, hub = ARRIVAL[self.case.country_of_return.code]
        leaves = leaves.astimezone(ZoneInfo(origin_tz))
        carrier, prefix = CARRIERS[hub[0] if hub else None]
        if not hub:
            arrives = leaves + dt.timedelta(hours=hours)
            return [self._leg(carrier, prefix, origin_code, origin_tz, leaves, code, tz, arrives)]
        hub_code, hub_tz = hub
        at_hub = leaves + dt.timedelta(hours=3, minutes=30)
        onward = at_hub + dt.timedelta(hours=rng.randint(2, 5))
        return [
            self._leg(carrier, prefix, origin_code, origin_tz, leaves, hub_code, hub_tz, at_hub),
            self._leg(carrier, prefix, hub_code, hub_tz, onward, code, tz, onward + dt.timedelta(hours=hours)),
        ]

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

    # --- the departure day ------------------------------------------------------------------

    def record_departure_day(self, to: str, by, reason: str) -> None:
        """What happened on the day, recorded by the travel officer: the case
        moves with it, and the day's bookings are cancelled unless it left."""
        at = self.move_at[self.step]
        outcome = OUTCOMES[to]
        new_date = None
        if outcome == Outcome.POSTPONED:
            if self.step + 1 < len(self.plan.path):
                new_date = self.departure_moment(self.step + 1).astimezone(self.tz).date()
            else:  # not booked again yet: it is to leave tomorrow
                new_date = self.today + dt.timedelta(days=1)
        live = list(self.case.bookings.exclude(status=BookingStatus.CANCELLED))
        record = travel_actions.record_outcome(
            self.case, by=by, outcome=outcome, date=self.day_of(at), new_date=new_date, reason=reason
        )
        self.case.refresh_from_db()
        self.history.add_move(self.case, at)
        self.history.add(record, at)
        if outcome != Outcome.DEPARTED:
            for booking in live:
                self.cancelled(booking, at)

    def pay_premium(self) -> None:
        """The cash the approved packages pay at departure, handed over and
        signed off by the travel officer when the departure is recorded."""
        departed = self.move_at[self.step]
        at = min(departed + dt.timedelta(minutes=self.rng.randint(3, 20)), self.move_after(self.step) - MINUTE)
        decisions = Decision.objects.filter(case=self.case, status=DecisionStatus.APPROVED).order_by("pk")
        for decision in decisions:
            amount = premium_at_departure(decision)
            if amount <= 0:
                continue
            payment = travel_actions.record_payment(
                self.case,
                by=self.travel,
                decision=decision,
                paid_to=self.principal,
                amount=amount,
                currency=decision.currency,
                method=weighted(self.rng, {"cash": 60, "card": 30, "transfer": 10}),
                paid_on=self.day_of(at),
            )
            self.history.add(payment, at)
            at += MINUTE
