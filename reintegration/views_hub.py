"""The Reintegration page of the header: the workspace's lists, each shown
only to the roles that may open it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from organisations.access import roles_of
from organisations.models import Role
from reintegration.access_monitoring import SEE_OVERDUE
from reintegration.access_partner import SEE_RETRO, SEE_STORIES
from reintegration.access_plans import may_see_rates
from reintegration.overview import overview, pending_referrals

PC = Role.PARTNER_CASEWORKER
HUB_ROLES = {PC, *SEE_RETRO, *SEE_OVERDUE}

# (URL name, title, description, roles that see the link)
LINKS = [
    ("referrals-inbox", _("Referred to us"), _("Cases sending offices referred to your organisation."), {PC}),
    ("retro-new", _("Register a returnee"), _("Someone who came back without a case in Retour."), {PC}),
    (
        "retro-list",
        _("Returnees registered by partners"),
        _("Registrations waiting for the sending agency's answer, and their outcome."),
        {PC, *SEE_RETRO},
    ),
    (
        "reintegration-overview",
        _("How reintegration is going"),
        _("Per country of return: plans, money spent in kind, visits and the returnees' survey scores."),
        SEE_OVERDUE,
    ),
    (
        "monitoring-overdue",
        _("Overdue monitoring visits"),
        _("Your cases whose visit after arrival is past due."),
        SEE_OVERDUE,
    ),
    ("stories", _("Return stories"), _("Anonymised stories approved for publication."), SEE_STORIES),
]


def hub_links(user) -> list[dict]:
    roles = roles_of(user)
    links = [{"name": name, "title": title, "text": text} for name, title, text, needed in LINKS if roles & set(needed)]
    if may_see_rates(user):
        links.append(
            {
                "name": "exchange-rates",
                "title": _("Exchange rates"),
                "text": _("The rates to euros used for purchases in kind."),
            }
        )
    return links


@login_required
def hub(request):
    if not roles_of(request.user) & HUB_ROLES:
        raise PermissionDenied
    links = hub_links(request.user)
    return render(request, "reintegration/hub.html", {"links": links, "nav": "reintegration"})


@login_required
def overview_page(request):
    rows = overview(request.user)
    if rows is None:
        raise PermissionDenied
    for row in rows:
        row["name"] = countries.name(row["country"])
    context = {"rows": rows, "pending": pending_referrals(request.user), "nav": "reintegration"}
    return render(request, "reintegration/overview.html", context)
