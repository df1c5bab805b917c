"""Who may see and do what on a case's journey. Partners see none of it
here (the reintegration workspace gives them the return date and place)."""

from organisations.models import Role

C, TL, TO, AN, ADM = (Role.COUNSELLOR, Role.TEAM_LEADER, Role.TRAVEL_OFFICER, Role.ANALYST, Role.AGENCY_ADMIN)

SEE_TRAVEL = {C, TL, TO, ADM, AN}
REQUEST_DOCUMENTS = {C, TL, TO, ADM}
BOOK = {TL, TO, ADM}
RECORD_DEPARTURE = {TL, TO, ADM}
PAY = {TL, TO, ADM}
