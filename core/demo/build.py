"""Builds the demo data: organisations and logins, then one case at a time,
walked through the real actions (people, cases, counselling) so that the
audit trail, the case numbers and the lifecycle guards are the real ones.

Everything random comes from one random.Random with a fixed seed, and the
cases are built in a fixed order, so two runs on empty databases on the same
day give the same data. Dates are relative to today: each case has a history
(opened, counselled, moved on over the past weeks or months, see
core.demo.history), and next appointments lie in the coming weeks.
"""

import datetime as dt
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django_countries import countries

from cases.models import ReturnCase
from core.demo.case import CaseContext
from core.demo.countries import add_country_information
from core.demo.duplicates import add_duplicates
from core.demo.history import History
from core.demo.organisations import (
    AGENCIES,
    APPROVER,
    CASE_OFFICES,
    COUNSELLOR,
    DEMO_PASSWORD,
    OFFICES,
    PARTNERS,
    STAFF,
    TRAVEL,
)
from core.demo.origins import ORIGINS, Origin
from core.demo.packages import MAIN_PROGRAMME
from core.demo.plan import (
    ELIGIBILITY_PACKAGES,
    FULL_PLAN,
    OFFICE_BOOST,
    ORIGIN_WEIGHTS,
    POSTPONED_TARGETS,
    SEED,
    SMALL_PLAN,
    Plan,
    S,
    plan_case,
    slug,
    weighted,
)
from core.demo.reintegration import fill_rate_tables, load_survey_weights, register_retroactive
from eligibility.access import DECIDE
from eligibility.models import Programme
from organisations.access import roles_for_office
from organisations.models import Agency, Membership, Office


class DemoBuilder:
    """Loads the demo into the current database; call inside a transaction."""

    def __init__(self, *, small: bool = False, seed: int = SEED):
        self.rng = random.Random(seed)
        self.plan = SMALL_PLAN if small else FULL_PLAN
        self.today = timezone.localdate()
        # Everything in the demo's past happened before today began.
        self.horizon = dt.datetime.combine(self.today, dt.time.min, tzinfo=timezone.get_current_timezone())
        self.origins = {o.key: o for o in ORIGINS if o.country in dict(countries)}
        self.doc_serial = 1000
        self.history = History()
        # What a few cases are given so that each automatic task rule has
        # work (see core.demo.journey and core.demo.packages).
        self.refusals = 0  # laissez-passers refused, then asked again
        self.refused_staying = False  # a laissez-passer refused, still in travel preparation
        self.booked_for_tomorrow = False  # a provisional booking leaving tomorrow
        self.places_ending = 0  # open return places ending within days
        # The reintegration workspace (core.demo.reintegration): how many of
        # each special case so far, and how many are wanted.
        self.declined = self.sent_back = self.amended = self.plans = self.stories = self.local_plans = 0
        self.messages, self.plan_messages = 0, 2 if small else 8
        self.overdue, self.plan_overdue = 0, 1 if small else 6
        self.late_purchase = False

    # --- organisations and people who work there -----------------------------

    def build_organisations(self) -> None:
        agencies = {}
        for spec in AGENCIES:
            agencies[spec.code], _ = Agency.objects.get_or_create(
                code=spec.code, defaults={"name": spec.name, "kind": spec.kind, "country": spec.country}
            )
        self.offices = {}
        for spec in OFFICES:
            self.offices[spec.code], _ = Office.objects.get_or_create(
                code=spec.code,
                defaults={
                    "agency": agencies[spec.agency],
                    "name": spec.name,
                    "city": spec.city,
                    "country": spec.country,
                    "timezone": spec.timezone,
                    "default_language": spec.language,
                    "email": f"{spec.agency}.{slug(spec.city)}@example.org",
                    "phone": spec.phone,
                },
            )
        self.agencies = agencies
        # One hash for every demo login: hashing is deliberately slow, and the
        # password is the same published one anyway.
        password = make_password(DEMO_PASSWORD)
        user_model = get_user_model()
        self.users = {}
        for spec in STAFF:
            user = user_model.objects.create(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{slug(spec.first_name)}.{slug(spec.last_name)}@example.org",
                password=password,
            )
            Membership.objects.create(user=user, office=self.offices[spec.office], role=spec.role)
            self.users[spec.username] = user
        self.check_staffing()

    def check_staffing(self) -> None:
        """Four eyes: every office that opens cases has someone other than its
        counsellor who may approve a package there."""
        for code in CASE_OFFICES:
            office = self.offices[code]
            approver = self.users[APPROVER.get(code) or APPROVER[office.agency.code]]
            if approver == self.users[COUNSELLOR[code]] or not roles_for_office(approver, office) & DECIDE:
                raise RuntimeError(f"Nobody but the counsellor may approve a package at {code}: fix the demo staff.")

    # --- the cases -------------------------------------------------------------

    def build_cases(self) -> Counter:
        self.programmes = {p.code: p for p in Programme.objects.all()}
        missing = {*MAIN_PROGRAMME.values(), "eurp"} - set(self.programmes)
        if missing:
            raise RuntimeError(f"Load the eligibility rules first: no programme {', '.join(sorted(missing))}.")
        fill_rate_tables(self)
        load_survey_weights(self)
        # The actions email the other side on commit: the demo's past is no
        # news, so what they queue while the demo is built is dropped.
        queued = len(connection.run_on_commit)
        targets = [status for status, n in self.plan.items() for _ in range(n)]
        self.rng.shuffle(targets)
        done = Counter()
        waiting = 0
        postpone = set(POSTPONED_TARGETS)
        for target in targets:
            plan = plan_case(self.rng, target, postponed=target in postpone)
            postpone.discard(target)
            if target == S.ELIGIBILITY:
                plan.package, plan.office = ELIGIBILITY_PACKAGES[waiting % len(ELIGIBILITY_PACKAGES)]
                waiting += 1
            case = self.build_case(plan)
            done[case.status] += 1
            if len(self.history) >= 50:
                self.history.apply()  # back-dated in batches: see core.demo.history
        register_retroactive(self)
        self.history.apply()
        add_duplicates(self)  # second records of a few people, and the review queue
        add_country_information(self)
        del connection.run_on_commit[queued:]
        return done

    def build_case(self, plan: Plan) -> ReturnCase:
        rng = self.rng
        office_code = plan.office or weighted(rng, CASE_OFFICES)
        office = self.offices[office_code]
        agency = office.agency.code
        needs_partner = S.REINTEGRATION in plan.path
        origin = self.pick_origin(agency, office_code, needs_partner)
        counsellor = self.users[COUNSELLOR[office_code]]
        approver = self.users[APPROVER.get(office_code) or APPROVER[agency]]
        travel = self.users[TRAVEL[office_code]] if office_code in TRAVEL else approver
        ctx = CaseContext(self, plan, office, origin, counsellor, approver, travel)
        ctx.build()
        return ctx.case

    def pick_origin(self, agency: str, office_code: str, needs_partner: bool) -> Origin:
        weights = dict(ORIGIN_WEIGHTS[agency])
        for key, extra in OFFICE_BOOST.get(office_code, {}).items():
            weights[key] = weights.get(key, 0) + extra
        weights = {k: w for k, w in weights.items() if k in self.origins}
        if needs_partner:
            weights = {k: w for k, w in weights.items() if self.origins[k].country in PARTNERS[agency]}
        return self.origins[weighted(self.rng, weights)]

    def next_serial(self) -> int:
        self.doc_serial += self.rng.randint(1, 97)
        return self.doc_serial
