from eligibility.views_policy import POLICY_ROLES
from exchanges.access import STAFF_ROLES as EXCHANGE_ROLES
from organisations.access import roles_of
from people.access import REVIEW_DUPLICATES
from people.forms import offices_for
from reintegration.views_hub import HUB_ROLES
from travel.board import BOARD_ROLES


def navigation(request):
    """What the header offers: only links the user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {
        "can_register": bool(offices_for(user)),
        "can_see_rules": bool(roles & POLICY_ROLES),
        "can_see_departures": bool(roles & BOARD_ROLES),
        "can_see_reintegration": bool(roles & HUB_ROLES),
        "can_see_countries": bool(roles),
        "can_review_duplicates": bool(roles & REVIEW_DUPLICATES),
        "can_see_exchanges": bool(roles & EXCHANGE_ROLES),
    }
