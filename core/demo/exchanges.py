"""Demo staff exchanges between Fedasil and OFII, recorded through the
exchanges' actions and back-dated: the visit of OFII officials to Brussels
that the seed article tells of (conversations, the image of voluntary
return), the return visit of Fedasil counsellors to Marseille and Lille
started from it, and a third one planned, started from the second, with an
agenda and no lessons yet. The guides and practice notes that came out of
them are linked when the guides demo (core.demo.guides) is loaded.

Call add_exchanges(builder) after load_guides(builder). Deterministic: the
dates come from the builder's horizon (today)."""

import datetime as dt

from core.demo.history import update_times
from core.models import AuditEvent
from exchanges import actions
from exchanges.models import Exchange, Material
from guides.models import Guide, PracticeNote

FIRST = {
    "title": "OFII officials at the Brussels return desk",
    "themes": ["conversations", "image_of_return", "staff"],
    "agenda": (
        "Day 1: welcome at the Brussels return desk; how Fedasil organises return counselling (social workers in "
        "the reception centres, five return desks, partner NGOs).\n"
        "Day 2: sitting in on two counselling interviews, with the persons' agreement; a reception centre.\n"
        "Day 3: reintegration with IOM and Caritas; what each agency would take home."
    ),
    "lessons": (
        "Counsellors who are social workers, not officials, are trusted sooner: the first conversation is about "
        "the person's situation and questions, not about the return.\n\n"
        "Say early, and again before departure, that the decision is voluntary and can be reversed until the "
        "plane leaves.\n\n"
        "A written guide per phase of counselling keeps the quality the same from one counsellor to the next; "
        "Fedasil's consideration guide is shared with OFII.\n\n"
        "The image of voluntary return improves when people hear how others managed after their return: collect "
        "return stories, with consent."
    ),
}
SECOND = {
    "title": "Return visit: Fedasil counsellors at OFII Marseille and Lille",
    "themes": ["conversations", "eligibility", "travel"],
    "agenda": (
        "Day 1 (Marseille): summons and the first interview at OFII; the aid scales and the decision by OFII.\n"
        "Day 2 (Lille): the scheme for people with a removal order from the northern prefectures; OFII's own "
        "offices in the countries of return.\n"
        "Day 3: laissez-passer requests with the consulates; comparing the departure day in both countries."
    ),
    "lessons": (
        "OFII's own offices abroad make the hand-over after arrival quick; Fedasil relies on IOM and Caritas: "
        "write down what the partner needs before the departure, not after.\n\n"
        "The aid depends on dates (removal order, application): record them at the first interview, or the "
        "package cannot be computed.\n\n"
        "Laissez-passer requests are the longest step in both countries: chase the consulate every three weeks."
    ),
}
THIRD = {
    "title": "OFII Lyon visits the Ghent and Antwerp return desks",
    "themes": ["reintegration", "monitoring", "vulnerability"],
    "agenda": (
        "Day 1 (Ghent): vulnerability screening in practice, referrals to specialised centres.\n"
        "Day 2 (Antwerp): monitoring visits and the reintegration survey with the partners; what the figures say."
    ),
    "lessons": "",
}


def _back_date(exchange: Exchange, at: dt.datetime) -> None:
    update_times(Exchange, {exchange.pk: at}, ("created_at", "updated_at"))
    events = AuditEvent.objects.filter(object_type="exchanges.exchange", object_id=str(exchange.pk))
    update_times(AuditEvent, dict.fromkeys(events.values_list("pk", flat=True), at))


def _material(exchange: Exchange, by, at: dt.datetime, title: str, note: str, url: str = "") -> None:
    material = actions.add_material(exchange, by=by, title=title, url=url, note=note)
    update_times(Material, {material.pk: at}, ("added_at",))
    events = AuditEvent.objects.filter(object_type="exchanges.material", object_id=str(material.pk))
    update_times(AuditEvent, dict.fromkeys(events.values_list("pk", flat=True), at))


def add_exchanges(builder) -> list[Exchange]:
    users, agencies, offices = builder.users, builder.agencies, builder.offices
    fedasil, ofii = agencies["fedasil"], agencies["ofii"]
    today = builder.horizon.date()
    guides = {g.phase: g for g in Guide.objects.filter(agency=fedasil).order_by("pk")}
    ofii_guides = {g.phase: g for g in Guide.objects.filter(agency=ofii, origin__isnull=True).order_by("pk")}
    notes = list(PracticeNote.objects.filter(shared_at__isnull=False).order_by("pk"))

    start = today - dt.timedelta(days=280)
    first = actions.create_exchange(
        by=users["marc"],
        host_agency=fedasil,
        visiting_agency=ofii,
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        host_offices=[offices["BXL"]],
        visiting_offices=[offices["MRS"], offices["BOB"]],
        participant_users=[users["marc"], users["sofie"], users["hilde"], users["olivier"], users["claire"]],
        other_participants=[("Two social workers of a Brussels reception centre", "Fedasil")],
        guides=[g for phase in ("consideration", "orientation") if (g := guides.get(phase))],
        practice_notes=[n for n in notes if n.agency_id == fedasil.pk][:2],
        **FIRST,
    )
    _back_date(first, builder.horizon - dt.timedelta(days=270))
    _material(
        first,
        users["marc"],
        builder.horizon - dt.timedelta(days=270),
        "Fedasil return desk leaflet (EN, FR, NL)",
        "The leaflet handed out at the return desks; printed copies were given to the visitors.",
    )

    start = today - dt.timedelta(days=120)
    second = actions.create_exchange(
        by=users["olivier"],
        host_agency=ofii,
        visiting_agency=fedasil,
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        host_offices=[offices["MRS"], offices["LIL"]],
        visiting_offices=[offices["BXL"], offices["GNT"]],
        participant_users=[users["olivier"], users["claire"], users["julien"], users["sofie"], users["pieter"]],
        follows=first,
        guides=[g for g in ofii_guides.values()][:1],
        practice_notes=[n for n in notes if n.agency_id == ofii.pk][:2],
        **SECOND,
    )
    _back_date(second, builder.horizon - dt.timedelta(days=110))
    _material(
        second,
        users["olivier"],
        builder.horizon - dt.timedelta(days=110),
        "OFII aid scales, as applied in Lille",
        "The table used by the Lille office for the northern prefectures' scheme; the eligibility rules in Retour "
        "follow it (ofii-return).",
    )

    start = today + dt.timedelta(days=35)
    third = actions.create_exchange(
        by=users["isabelle"],
        host_agency=fedasil,
        visiting_agency=ofii,
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        host_offices=[offices["GNT"], offices["ANT"]],
        visiting_offices=[offices["LYS"]],
        participant_users=[users["luc"], users["pieter"], users["lotte"]],
        follows=second,
        **THIRD,
    )
    _back_date(third, builder.horizon - dt.timedelta(days=6))
    return [first, second, third]
