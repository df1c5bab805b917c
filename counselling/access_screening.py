"""Who may see and record vulnerability screenings, and who may print the
information sheet. Web views and the API both call these.

Screening answers include signs of trafficking and gender-based violence:
the screening (page and API) is for the counsellors and team leaders of the
case's own office only. Everybody else who can see the case (a travel
officer, an agency administrator, an analyst, a partner caseworker with a
referral) gets 403; anyone who cannot see the case gets 404, as everywhere.
A partner's role on the case never counts, even for someone who also works
at the sending office in another role.

The information sheet is a document handed to the person: the sending
office's counsellors, team leaders, travel officers and agency administrators
print it; analysts (read-only) and partners do not."""

from django.core.exceptions import PermissionDenied

from cases.access import get_case_for_user
from cases.models import ReturnCase
from organisations.access import roles_for_office
from organisations.models import Role

SCREEN = {Role.COUNSELLOR, Role.TEAM_LEADER}
PRINT_SHEET = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER, Role.AGENCY_ADMIN}


def can_screen(user, case: ReturnCase) -> bool:
    return bool(roles_for_office(user, case.office) & SCREEN)


def can_print_sheet(user, case: ReturnCase) -> bool:
    return bool(roles_for_office(user, case.office) & PRINT_SHEET)


def get_case_for_screening(user, pk) -> ReturnCase:
    """The case, for its screenings (reading and recording alike): 404
    outside the user's scope, 403 unless they counsel or lead at its office."""
    case = get_case_for_user(user, pk)
    if not can_screen(user, case):
        raise PermissionDenied
    return case


def get_case_for_sheet(user, pk) -> ReturnCase:
    case = get_case_for_user(user, pk)
    if not can_print_sheet(user, case):
        raise PermissionDenied
    return case
