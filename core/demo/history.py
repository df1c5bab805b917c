"""Back-dating the cases once they are built.

The actions stamp every record with the moment it is saved (auto_now_add on
opened_at, Transition.at, recorded_at, created_at, AuditEvent.at, ...): that
is right for real work, but a demo loaded in one go would then show every case
opened, moved on and noted "today", after interviews held months ago, and
every stage would last zero seconds. The demo needs a history, so each case is
first built through the real actions (guards, audit trail, numbers), and then
its records and their audit events are moved to the moments the plan gives
them with QuerySet.update(), which leaves auto_now_add alone. That is done for
fifty cases at a time, with an UPDATE per table of up to a few hundred rows,
not a save per row.

Eligibility decisions have two moments, the proposal and the decision
(approved or sent back); their audit events take the one they record. Other
objects with a history of their own (a laissez-passer request reminded, then
issued; a booking changed or cancelled) give each of those events its own
time (add_event), and the columns that record it (add_field: a booking's
updated_at and cancelled_at).
"""

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import DateTimeField, Q
from django.db.models.expressions import RawSQL

from cases.models import Attachment, Consent, Note, Referral, ReturnCase, Transition
from core.models import AuditEvent
from counselling.models import Interview
from eligibility.models import Decision
from people.models import Household, Person, Vulnerability
from reintegration.models import (
    Disbursement,
    ExchangeRate,
    Message,
    Plan,
    RetroactiveRegistration,
    RssWeights,
    Story,
    SurveyResponse,
)
from tasks.models import Task
from travel.models import Booking, DepartureOutcome, DocumentRequest, PremiumPayment

# The columns the actions stamp with "now", per model. Objects of other models
# (aliases, documents, household links) have no timestamp of their own, only
# their audit event.
TIMESTAMPS = {
    ReturnCase: ("opened_at",),  # and updated_at: the last move
    Transition: ("at",),
    Person: ("created_at", "updated_at"),
    Household: ("created_at",),
    Vulnerability: ("recorded_at",),
    Interview: ("recorded_at",),
    Consent: ("recorded_at",),
    Note: ("created_at",),
    Referral: ("created_at",),
    Attachment: ("uploaded_at",),
    Booking: ("created_at", "updated_at"),  # then updated_at and cancelled_at by add_field
    DocumentRequest: ("created_at",),
    DepartureOutcome: ("recorded_at",),
    PremiumPayment: ("signed_off_at",),
    # The reintegration workspace (core.demo.reintegration): a referral's
    # answer, a plan's submission and decision, a visit's recording are
    # add_field columns.
    Plan: ("drafted_at",),
    Disbursement: ("recorded_at",),
    SurveyResponse: ("recorded_at",),
    Message: ("created_at",),
    Story: ("written_at",),
    RetroactiveRegistration: ("created_at",),
    Task: ("created_at",),
    # Not about a case: their events are found by object (add_global).
    ExchangeRate: ("entered_at",),
    RssWeights: ("created_at",),
    AuditEvent: ("at",),
}
CASE_EVENTS = {"case.opened", "case.transition"}
# A decision's columns, and which of them each of its audit events takes.
DECISION_TIMES = ("proposed_at", "decided_at")
DECISION_EVENTS = {"eligibility.proposed": 0, "eligibility.approved": 1, "eligibility.returned": 1}
MAX_PARAMS = 900  # below SQLite's 999 query parameters


def update_times(model, times: dict[int, dt.datetime], fields: tuple[str, ...] = ()) -> None:
    """Set the model's timestamp columns of each row (by pk) to its time:
    UPDATE ... SET at = CASE id WHEN 1 THEN t1 WHEN 2 THEN t2 ... END WHERE id IN (1, 2, ...).
    Written as plain SQL, because Case(When(pk=...)) costs a resolved filter
    per row in Python: ten times slower, a second or two on the full demo."""
    fields = fields or TIMESTAMPS[model]
    ops = connection.ops
    pk = ops.quote_name(model._meta.pk.column)
    rows = list(times.items())
    size = MAX_PARAMS // (1 + 2 * len(fields))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        sql = f"CASE {pk} {' '.join(['WHEN %s THEN %s'] * len(chunk))} END"
        params = [value for key, at in chunk for value in (key, ops.adapt_datetimefield_value(at))]
        when = RawSQL(sql, params, output_field=DateTimeField())
        model.objects.filter(pk__in=[key for key, _at in chunk]).update(**dict.fromkeys(fields, when))


class History:
    """When each record of the cases built so far happened; apply() writes it."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.times: dict[tuple[type, int], dt.datetime] = {}
        self.moves: dict[int, list[dt.datetime]] = defaultdict(list)  # per case: opening, then each transition
        self.people: list[int] = []
        self.numbers: dict[int, str] = {}
        self.decisions: dict[int, list[dt.datetime | None]] = {}  # per decision: proposed, decided
        # Events with their own time, in order: (object type, id, action) -> times.
        self.events: dict[tuple[str, str, str], list[dt.datetime]] = defaultdict(list)
        self.fields: dict[tuple[type, str], dict[int, dt.datetime]] = defaultdict(dict)
        self.globals: dict[tuple[type, int], dt.datetime] = {}  # records about no case, and all their events

    def __len__(self) -> int:
        return len(self.moves)

    def add(self, obj, at: dt.datetime) -> None:
        self.times[(type(obj), obj.pk)] = at

    def add_event(self, obj, action: str, at: dt.datetime) -> None:
        """The time of the next `action` event on `obj` (the object's own time
        is for its other events)."""
        self.events[(obj._meta.label_lower, str(obj.pk), action)].append(at)

    def add_field(self, obj, field: str, at: dt.datetime) -> None:
        """A timestamp column of `obj` other than those of TIMESTAMPS."""
        self.fields[(type(obj), field)][obj.pk] = at

    def add_global(self, obj, at: dt.datetime) -> None:
        """A record about no case or person (a partner's exchange rate, the
        survey's weights): it and every audit event about it take `at`."""
        self.globals[(type(obj), obj.pk)] = at

    def apply_globals(self) -> None:
        per_model: dict[type, dict[int, dt.datetime]] = defaultdict(dict)
        events: dict[tuple[str, str], dt.datetime] = {}
        for (model, pk), at in self.globals.items():
            per_model[model][pk] = at
            events[(model._meta.label_lower, str(pk))] = at
        for model, times in per_model.items():
            update_times(model, times)
            found = AuditEvent.objects.filter(
                object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in times]
            ).values_list("pk", "object_type", "object_id")
            update_times(AuditEvent, {pk: events[(kind, oid)] for pk, kind, oid in found})
        self.globals = {}

    def add_move(self, case: ReturnCase, at: dt.datetime) -> None:
        self.moves[case.pk].append(at)
        self.numbers[case.pk] = case.number

    def add_people(self, people: list[int]) -> None:
        self.people += people

    def add_decision(self, decision: Decision, *, proposed=None, decided=None) -> None:
        times = self.decisions.setdefault(decision.pk, [None, None])
        for i, at in enumerate((proposed, decided)):
            if at is not None:
                times[i] = at

    def apply(self) -> None:
        if self.globals:
            self.apply_globals()
        if not self.moves:
            return
        per_model: dict[type, dict[int, dt.datetime]] = defaultdict(dict)
        for (model, pk), at in self.times.items():
            if model in TIMESTAMPS:
                per_model[model][pk] = at
        # The case: opened at its first move, last changed at its last.
        cases = {pk: moves[0] for pk, moves in self.moves.items()}
        update_times(ReturnCase, cases)
        update_times(ReturnCase, {pk: moves[-1] for pk, moves in self.moves.items()}, ("updated_at",))
        transitions = defaultdict(list)
        for case_id, pk in Transition.objects.filter(case_id__in=cases).order_by("pk").values_list("case_id", "pk"):
            transitions[case_id].append(pk)
        for case_id, pks in transitions.items():
            moves = self.moves[case_id]
            if len(pks) != len(moves):
                raise RuntimeError(f"{self.numbers[case_id]}: {len(pks)} transitions but {len(moves)} times.")
            per_model[Transition].update(zip(pks, moves, strict=True))
        for model, times in per_model.items():
            update_times(model, times)
        for (model, field), times in self.fields.items():
            update_times(model, times, (field,))
        for i, field in enumerate(DECISION_TIMES):
            times = {pk: moments[i] for pk, moments in self.decisions.items() if moments[i] is not None}
            if times:
                update_times(Decision, times, (field,))

        # Each audit event takes the time of the object it is about; a case's
        # own events (opened, transitions) come in the order of its transitions.
        objects = {(model._meta.label_lower, str(pk)): at for (model, pk), at in self.times.items()}
        case_type = ReturnCase._meta.label_lower
        decision_type = Decision._meta.label_lower
        next_move = {str(pk): iter(moves) for pk, moves in self.moves.items()}
        own_times = {key: iter(times) for key, times in self.events.items()}
        events = (
            AuditEvent.objects.filter(Q(case_id__in=cases) | Q(person_id__in=self.people))
            .order_by("pk")
            .values_list("pk", "action", "object_type", "object_id")
        )
        times = {}
        for pk, action, object_type, object_id in events:
            if object_type == case_type and action in CASE_EVENTS:
                times[pk] = next(next_move[object_id])
            elif object_type == decision_type and action in DECISION_EVENTS and int(object_id) in self.decisions:
                times[pk] = self.decisions[int(object_id)][DECISION_EVENTS[action]]
            elif (object_type, object_id, action) in own_times:
                at = next(own_times[(object_type, object_id, action)], None)
                if at is None:
                    raise RuntimeError(f"The demo gave too few times to {action} on {object_type} {object_id}.")
                times[pk] = at
            elif (object_type, object_id) in objects:
                times[pk] = objects[(object_type, object_id)]
            else:
                raise RuntimeError(f"The demo gave no time to the {action} event on {object_type} {object_id}.")
        unused = [key for key, rest in own_times.items() if next(rest, None) is not None]
        if unused:
            raise RuntimeError(f"The demo gave more times than there are events: {unused[0]}.")
        update_times(AuditEvent, times)
        self.clear()
