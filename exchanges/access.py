"""Who may see and change staff exchanges.

- An exchange is seen by the staff of its two agencies (host and visiting):
  every role except partner caseworkers, who work for the agencies' partners
  abroad and not in the exchange programme. Other agencies, partners and
  users without a membership see nothing (404: they cannot learn it exists).
- Agency administrators and team leaders of either agency record exchanges
  between their agency and another one, and change them; everyone else who
  sees an exchange only reads it (403 on a change).
- The guides and practice notes linked to an exchange are shown to a reader
  only when guides.access lets them see those (a draft guide of the host
  agency stays the host's).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from exchanges.models import Exchange
from organisations.access import memberships_of
from organisations.models import Agency, AgencyKind, Role

STAFF_ROLES = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER, Role.ANALYST, Role.AGENCY_ADMIN}
EDITOR_ROLES = {Role.TEAM_LEADER, Role.AGENCY_ADMIN}
# Agencies that exchange staff: the return agencies and the NGOs that counsel.
EXCHANGING_KINDS = [AgencyKind.RETURN_AGENCY, AgencyKind.NGO]


def staff_agency_ids(user) -> set[int]:
    return {m.office.agency_id for m in memberships_of(user) if m.role in STAFF_ROLES}


def editor_agency_ids(user) -> set[int]:
    return {m.office.agency_id for m in memberships_of(user) if m.role in EDITOR_ROLES}


def may_see_exchanges(user) -> bool:
    """For the header: the exchanges page has something for this user."""
    return bool(staff_agency_ids(user))


def may_record(user) -> bool:
    return bool(editor_agency_ids(user))


def exchanging_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(kind__in=EXCHANGING_KINDS)


def visible_exchanges(user) -> QuerySet[Exchange]:
    agencies = staff_agency_ids(user)
    if not agencies:
        return Exchange.objects.none()
    return Exchange.objects.filter(Q(host_agency__in=agencies) | Q(visiting_agency__in=agencies))


def can_edit(user, exchange: Exchange) -> bool:
    return bool({exchange.host_agency_id, exchange.visiting_agency_id} & editor_agency_ids(user))


def get_exchange_for_user(user, pk, *, edit: bool = False) -> Exchange:
    """One exchange, or 404 when the user may not see it; 403 on a change by
    someone who is no editor of either agency. Sets exchange.can_edit."""
    try:
        exchange = visible_exchanges(user).select_related("host_agency", "visiting_agency", "follows").get(pk=pk)
    except (Exchange.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    exchange.can_edit = can_edit(user, exchange)
    if edit and not exchange.can_edit:
        raise PermissionDenied
    return exchange
