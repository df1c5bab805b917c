"""The case timeline: transitions, interviews, consents, notes and the
journey (laissez-passer requests, bookings, premium payments), newest first,
each as a plain dict the template can show."""

from django.utils import formats
from django.utils.translation import gettext as _

from cases.lifecycle import Status


def build_timeline(case, *, notes, with_interviews: bool, with_travel: bool | None = None) -> list[dict]:
    """`with_travel` defaults to `with_interviews`: the roles that see the
    asylum file are the ones that see the journey (not partners)."""
    labels = dict(Status.choices)
    items = []
    for t in case.transitions.select_related("by"):
        title = (
            _("Case opened")
            if not t.from_status
            else _("%(from)s → %(to)s") % {"from": labels.get(t.from_status), "to": labels.get(t.to_status)}
        )
        items.append(
            {"at": t.at, "kind": "transition", "title": title, "by": t.by, "body": t.reason if t.from_status else ""}
        )
    if with_interviews:
        for i in _interviews(case):
            items.append(
                {
                    "at": i.held_at,
                    "kind": "interview",
                    "interview": i,
                    "by": i.counsellor,
                    "title": _("Interview (%(mode)s)") % {"mode": i.get_mode_display()},
                    "body": i.notes,
                }
            )
    for c in case.consents.select_related("person", "recorded_by", "partner"):
        items.append(
            {
                "at": c.recorded_at,
                "kind": "consent",
                "by": c.recorded_by,
                "title": _("Consent: %(purpose)s – %(state)s")
                % {"purpose": c.get_purpose_display(), "state": c.get_state_display()},
                "body": "",
                "consent": c,
            }
        )
    for n in notes:
        items.append(
            {
                "at": n.created_at,
                "kind": "note",
                "by": n.author,
                "note": n,
                "title": _("Note (%(visibility)s)") % {"visibility": n.get_visibility_display()},
                "body": n.body,
            }
        )
    if with_interviews if with_travel is None else with_travel:
        items += _journey(case)
    items.sort(key=lambda item: item["at"], reverse=True)
    return items


def _interviews(case):
    """The case's interviews, each run from a guide with the guide's title and
    how many of its points were covered (guides/_interview_coverage.html),
    in the same one query: the case page has no query to spare."""
    from django.db.models import Count, OuterRef, Subquery

    from guides.models import POINT_KINDS, Item, VersionLanguage

    title = VersionLanguage.objects.filter(
        version=OuterRef("guide_use__version"), language=OuterRef("guide_use__language")
    ).values("title")[:1]
    points = (
        Item.objects.filter(version=OuterRef("guide_use__version"), kind__in=POINT_KINDS)
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    interviews = case.interviews.select_related("counsellor", "guide_use__version").annotate(
        guide_title=Subquery(title), guide_points=Subquery(points)
    )
    for interview in interviews:
        if interview.guide_title is not None:
            covered = len(interview.guide_use.covered)
            interview.guide_coverage = {"total": interview.guide_points or 0, "covered": covered, "missed": []}
        yield interview


def _journey(case) -> list[dict]:
    items = []
    for r in case.document_requests.select_related("person", "created_by"):
        title = _("Laissez-passer requested for %(name)s") % {"name": r.person.full_name}
        items.append({"at": r.created_at, "kind": "travel", "by": r.created_by, "title": title, "body": r.consulate})
    for b in case.bookings.select_related("created_by").prefetch_related("segments"):
        first, last = b.first_segment, b.last_segment
        route = ""
        if first and last:
            route = _("%(from)s → %(to)s, leaving %(when)s") % {
                "from": first.origin,
                "to": last.destination,
                "when": formats.date_format(first.local_departure, "SHORT_DATETIME_FORMAT"),
            }
        title = _("Booking %(reference)s (%(status)s)") % {"reference": b.reference, "status": b.get_status_display()}
        body = route + (f"\n{b.cancel_reason}" if b.cancel_reason else "")
        items.append({"at": b.created_at, "kind": "travel", "by": b.created_by, "title": title, "body": body})
    for p in case.premium_payments.select_related("officer"):
        title = _("Premium paid at departure: %(amount)s %(currency)s") % {
            "amount": formats.number_format(p.amount, 2, use_l10n=True, force_grouping=True),
            "currency": p.currency,
        }
        items.append({"at": p.signed_off_at, "kind": "travel", "by": p.officer, "title": title, "body": ""})
    return items
