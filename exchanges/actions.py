"""Every change to a staff exchange: one transaction, the change and its
audit event. Bad input raises DomainError naming the field; nothing is
half-saved."""

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError, StaleEdit
from exchanges.access import EXCHANGING_KINDS, STAFF_ROLES, can_edit, editor_agency_ids
from exchanges.models import Exchange, ExchangeTheme, Material, Participant, Theme
from organisations.models import Membership

SCALAR_FIELDS = ["title", "host_agency", "visiting_agency", "starts_on", "ends_on", "agenda", "lessons", "follows"]
NAME_MAX = 200


def _ids(objects) -> list[int]:
    return sorted(o.pk for o in objects)


def _check(by, data: dict, *, exchange: Exchange | None = None) -> None:
    from guides.access import visible_guides, visible_notes

    if not (data.get("title") or "").strip():
        raise DomainError(_("Enter a title."), field="title")
    host, visiting = data["host_agency"], data["visiting_agency"]
    for field, agency in (("host_agency", host), ("visiting_agency", visiting)):
        if agency.kind not in EXCHANGING_KINDS:
            raise DomainError(_("Choose a return agency or an NGO that counsels."), field=field)
    if host.pk == visiting.pk:
        raise DomainError(_("The visiting agency must be another agency than the host."), field="visiting_agency")
    if not {host.pk, visiting.pk} & editor_agency_ids(by):
        raise DomainError(
            _("You can record exchanges of your own agency only: it must host or visit."), field="host_agency"
        )
    if data["ends_on"] < data["starts_on"]:
        raise DomainError(_("The last day cannot be before the first day."), field="ends_on")
    for field, agency in (("host_offices", host), ("visiting_offices", visiting)):
        wrong = [o.name for o in data.get(field, []) if o.agency_id != agency.pk]
        if wrong:
            raise DomainError(
                _("These offices are not %(agency)s's: %(names)s.")
                % {"agency": agency.name, "names": ", ".join(wrong)},
                field=field,
            )
    unknown = sorted(set(data.get("themes", [])) - set(Theme.values))
    if unknown:
        raise DomainError(_("Unknown themes: %(names)s.") % {"names": ", ".join(unknown)}, field="themes")
    users = data.get("participant_users", [])
    staff = set(
        Membership.objects.filter(
            user__in=users, user__is_active=True, role__in=STAFF_ROLES, office__agency__in=[host.pk, visiting.pk]
        ).values_list("user_id", flat=True)
    )
    outside = [u.get_full_name() or u.get_username() for u in users if u.pk not in staff]
    if outside:
        raise DomainError(
            _("These people do not work for either agency: %(names)s. Type them as other participants.")
            % {"names": ", ".join(outside)},
            field="participant_users",
        )
    for name, details in data.get("other_participants", []):
        if not name.strip() or len(name) > NAME_MAX or len(details) > NAME_MAX:
            raise DomainError(
                _("Give each other participant a name of at most %(max)d characters.") % {"max": NAME_MAX},
                field="other_participants",
            )
    guides = data.get("guides", [])
    if guides and visible_guides(by).filter(pk__in=[g.pk for g in guides]).count() != len(set(guides)):
        raise DomainError(_("Choose guides you can see."), field="guides")
    notes = data.get("practice_notes", [])
    if notes and visible_notes(by).filter(pk__in=[n.pk for n in notes]).count() != len(set(notes)):
        raise DomainError(_("Choose practice notes you can see."), field="practice_notes")
    follows = data.get("follows")
    if follows is not None:
        if exchange is not None and follows.pk == exchange.pk:
            raise DomainError(_("An exchange cannot start from itself."), field="follows")
        if follows.starts_on > data["starts_on"]:
            raise DomainError(_("The exchange it starts from must come before it."), field="follows")


def _write_relations(exchange: Exchange, data: dict) -> None:
    for field in ("host_offices", "visiting_offices", "guides", "practice_notes"):
        if field in data:
            getattr(exchange, field).set(data[field])
    if "themes" in data:
        exchange.theme_rows.all().delete()
        ExchangeTheme.objects.bulk_create(
            ExchangeTheme(exchange=exchange, theme=t) for t in sorted(set(data["themes"]), key=Theme.values.index)
        )
    if "participant_users" in data or "other_participants" in data:
        exchange.participants.all().delete()
        rows = [Participant(exchange=exchange, user=u) for u in dict.fromkeys(data.get("participant_users", []))]
        rows += [
            Participant(exchange=exchange, name=name.strip(), details=details.strip())
            for name, details in data.get("other_participants", [])
        ]
        Participant.objects.bulk_create(rows)


def _relations_snapshot(exchange: Exchange) -> dict:
    return {
        "host_offices": _ids(exchange.host_offices.all()),
        "visiting_offices": _ids(exchange.visiting_offices.all()),
        "themes": sorted(exchange.theme_codes),
        "participants": sorted(
            [f"user:{p.user_id}" if p.user_id else f"name:{p.name}" for p in exchange.participants.all()]
        ),
        "guides": _ids(exchange.guides.all()),
        "practice_notes": _ids(exchange.practice_notes.all()),
    }


def _hidden_links(exchange: Exchange, by) -> dict[str, list]:
    from guides.access import visible_guides, visible_notes

    return {
        "guides": list(exchange.guides.exclude(pk__in=visible_guides(by).values("pk"))),
        "practice_notes": list(exchange.practice_notes.exclude(pk__in=visible_notes(by).values("pk"))),
    }


@transaction.atomic
def create_exchange(*, by, **data) -> Exchange:
    """Record an exchange. `data`: the scalar fields, and the lists
    host_offices, visiting_offices, themes, participant_users,
    other_participants [(name, organisation and role)], guides, practice_notes."""
    _check(by, data)
    exchange = Exchange(created_by=by, **{f: data.get(f) for f in SCALAR_FIELDS if f in data})
    exchange.title = exchange.title.strip()
    exchange.full_clean()
    exchange.save()
    _write_relations(exchange, data)
    audit.record(
        by,
        "exchange.created",
        exchange,
        changes={
            **audit.created(exchange, SCALAR_FIELDS),
            **{k: [None, v] for k, v in _relations_snapshot(exchange).items()},
        },
    )
    return exchange


@transaction.atomic
def update_exchange(exchange: Exchange, *, by, expected_version: int, **data) -> Exchange:
    """Change an exchange; refused when someone changed it since
    `expected_version` was read. Fields left out keep their value."""
    locked = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if not can_edit(by, locked):
        raise DomainError(
            _("Only the two agencies' administrators and team leaders change an exchange."), code="forbidden"
        )
    if locked.version != expected_version:
        raise StaleEdit(
            _("Someone else changed this exchange while you were editing it. Reload the page and try again.")
        )
    merged = {f: getattr(locked, f) for f in SCALAR_FIELDS}
    merged.update({f: data[f] for f in SCALAR_FIELDS if f in data})
    for field in ("host_offices", "visiting_offices"):
        merged[field] = data[field] if field in data else list(getattr(locked, field).all())
    # Guides and notes the editor cannot see (the other agency's drafts and
    # unshared notes) are neither shown to them nor lost by their edit.
    hidden = _hidden_links(locked, by)
    for field in ("guides", "practice_notes"):
        seen = [o for o in getattr(locked, field).all() if o.pk not in {h.pk for h in hidden[field]}]
        merged[field] = data[field] if field in data else seen
    merged["themes"] = data.get("themes", locked.theme_codes)
    if "participant_users" in data or "other_participants" in data:
        merged["participant_users"] = data.get("participant_users", [])
        merged["other_participants"] = data.get("other_participants", [])
    _check(by, merged, exchange=locked)
    for field in ("guides", "practice_notes"):
        merged[field] = list(merged[field]) + [h for h in hidden[field] if h not in merged[field]]
    before = {**audit.snapshot(locked, SCALAR_FIELDS), **_relations_snapshot(locked)}
    for f in SCALAR_FIELDS:
        setattr(locked, f, merged[f])
    locked.title = locked.title.strip()
    locked.version += 1
    locked.full_clean()
    locked.save()
    _write_relations(locked, {k: v for k, v in merged.items() if k not in SCALAR_FIELDS})
    after = {**audit.snapshot(locked, SCALAR_FIELDS), **_relations_snapshot(locked)}
    audit.record(by, "exchange.updated", locked, changes=audit.diff(before, after))
    return locked


@transaction.atomic
def add_material(exchange: Exchange, *, by, title: str, url: str = "", note: str = "") -> Material:
    if not can_edit(by, exchange):
        raise DomainError(_("Only the two agencies' administrators and team leaders add material."), code="forbidden")
    if not title.strip():
        raise DomainError(_("Enter a title."), field="title")
    if not url.strip() and not note.strip():
        raise DomainError(_("Give a link or a note saying what it is and where to find it."), field="url")
    material = Material(exchange=exchange, title=title.strip(), url=url.strip(), note=note.strip(), added_by=by)
    material.full_clean()
    material.save()
    audit.record(by, "exchange.material_added", material, changes=audit.created(material, ["exchange", "title", "url"]))
    return material


@transaction.atomic
def remove_material(material: Material, *, by) -> None:
    if not can_edit(by, material.exchange):
        raise DomainError(
            _("Only the two agencies' administrators and team leaders remove material."), code="forbidden"
        )
    audit.record(
        by,
        "exchange.material_removed",
        material,
        changes={
            "exchange": [material.exchange_id, None],
            "title": [material.title, None],
            "url": [material.url, None],
        },
    )
    material.delete()
