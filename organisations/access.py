"""Who holds which role where. The per-object access functions in each app
(cases.access, people.access) build on these; nothing here grants by default."""

from django.db.models import Q

from organisations.models import Membership, Role

# Roles whose scope is their own office; roles whose scope is their agency.
OFFICE_ROLES = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER}
AGENCY_ROLES = {Role.AGENCY_ADMIN, Role.ANALYST}
READ_ONLY_ROLES = {Role.ANALYST}


def memberships_of(user) -> list[Membership]:
    """The user's memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_retour_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("office", "office__agency"))
        user._retour_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def scope_q(user, *, office_field: str, roles: set[str] | None = None) -> Q | None:
    """A filter on `office_field` matching the offices the user covers through
    office-scoped and agency-scoped roles (optionally only `roles`), or None."""
    office_ids, agency_ids = set(), set()
    for m in memberships_of(user):
        if roles is not None and m.role not in roles:
            continue
        if m.role in OFFICE_ROLES:
            office_ids.add(m.office_id)
        elif m.role in AGENCY_ROLES:
            agency_ids.add(m.office.agency_id)
    q = None
    if office_ids:
        q = Q(**{f"{office_field}__in": office_ids})
    if agency_ids:
        agency_q = Q(**{f"{office_field}__agency__in": agency_ids})
        q = agency_q if q is None else q | agency_q
    return q


def partner_agency_ids(user) -> set[int]:
    return {m.office.agency_id for m in memberships_of(user) if m.role == Role.PARTNER_CASEWORKER}


def roles_for_office(user, office) -> set[str]:
    """Roles the user holds that cover `office` (directly or through its agency)."""
    found = set()
    for m in memberships_of(user):
        if m.role in OFFICE_ROLES and m.office_id == office.pk:
            found.add(m.role)
        elif m.role in AGENCY_ROLES and m.office.agency_id == office.agency_id:
            found.add(m.role)
    return found


def primary_office(user):
    """The office whose time zone and language the user works in."""
    ms = memberships_of(user)
    return ms[0].office if ms else None


def acting_office(user, office):
    """The office a user acts from on another office's record: that office
    itself, else one of the same agency, else their first (a partner's)."""
    ms = memberships_of(user)
    for test in (lambda m: m.office_id == office.pk, lambda m: m.office.agency_id == office.agency_id, bool):
        for m in ms:
            if test(m):
                return m.office
    return None
