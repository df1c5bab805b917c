"""Pages under /exchanges/: the list, recording and changing an exchange,
its page with what earlier exchanges learned, and its material. Thin: access
in exchanges.access, changes in exchanges.actions, reads in exchanges.lessons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, StaleEdit
from exchanges import actions
from exchanges.access import (
    exchanging_agencies,
    get_exchange_for_user,
    may_record,
    may_see_exchanges,
    visible_exchanges,
)
from exchanges.forms import ExchangeForm, MaterialForm, format_other_participants
from exchanges.lessons import attach_outcomes, earlier_exchanges, participants_prefetch
from exchanges.models import Exchange, Theme
from guides.access import visible_guides, visible_notes
from people.views import _apply_errors

PAGE_SIZE = 30


def _ids(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@login_required
def exchange_list(request):
    if not may_see_exchanges(request.user):
        raise PermissionDenied
    exchanges = visible_exchanges(request.user).select_related("host_agency", "visiting_agency")
    theme = request.GET.get("theme", "")
    agency = _ids(request.GET.get("agency"))
    if theme in Theme.values:
        exchanges = exchanges.filter(theme_rows__theme=theme)
    if agency:
        exchanges = exchanges.filter(host_agency=agency) | exchanges.filter(visiting_agency=agency)
    exchanges = exchanges.prefetch_related("theme_rows").order_by("-starts_on", "-pk")
    page = Paginator(exchanges, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = urlencode({k: v for k, v in (("theme", theme), ("agency", agency or "")) if v})
    return render(
        request,
        "exchanges/exchange_list.html",
        {
            "nav": "exchanges",
            "page": page,
            "query": filters,
            "themes": Theme.choices,
            "theme": theme,
            "agencies": exchanging_agencies(),
            "agency": agency,
            "may_record": may_record(request.user),
        },
    )


def _earlier_for_form(request, form, exclude=None) -> list[Exchange]:
    """The earlier exchanges for what the form says now (bound or initial)."""
    source = form.data if form.is_bound else form.initial

    def one(name):
        value = source.get(name)
        return _ids(value.pk if hasattr(value, "pk") else value)

    themes = source.getlist("themes") if hasattr(source, "getlist") else list(source.get("themes") or [])
    follows_id = one("follows")
    follows = visible_exchanges(request.user).filter(pk=follows_id).first() if follows_id else None
    if exclude is not None and follows is None:
        follows = exclude.follows
    return earlier_exchanges(
        request.user,
        host_id=one("host_agency"),
        visiting_id=one("visiting_agency"),
        themes=[t for t in themes if t in Theme.values],
        before=exclude.starts_on if exclude is not None else None,
        exclude=exclude,
        follows=follows,
    )


def _initial_for_new(request) -> dict:
    """From ?from=<exchange>: the agencies swapped (a return visit), its
    themes, and the link to it; the fields of ?host_agency=&visiting_agency=
    &themes= (the htmx panel) come on top."""
    initial = {}
    start = _ids(request.GET.get("from") or request.GET.get("follows"))
    if start:
        previous = visible_exchanges(request.user).filter(pk=start).first()
        if previous is None:
            raise Http404
        initial.update(
            follows=previous.pk,
            host_agency=previous.visiting_agency_id,
            visiting_agency=previous.host_agency_id,
            themes=previous.theme_codes,
        )
    for name in ("host_agency", "visiting_agency"):
        if _ids(request.GET.get(name)):
            initial[name] = _ids(request.GET.get(name))
    if "themes" in request.GET:
        initial["themes"] = request.GET.getlist("themes")
    return initial


def _initial_from_post(request, form) -> dict:
    """The form as sent, to show again unsaved ("Show what earlier exchanges
    learned" without JavaScript): no errors, nothing recorded."""
    multiple = {name for name, f in form.fields.items() if getattr(f.widget, "allow_multiple_selected", False)}
    return {
        name: request.POST.getlist(name) if name in multiple else request.POST.get(name)
        for name in form.fields
        if name in request.POST
    }


@login_required
def exchange_create(request):
    if not may_record(request.user):
        raise PermissionDenied
    form = ExchangeForm(request.POST or None, user=request.user, initial=_initial_for_new(request))
    if request.method == "POST" and "show_earlier" in request.POST:
        form = ExchangeForm(user=request.user, initial=_initial_from_post(request, form))
    elif request.method == "POST" and form.is_valid():
        try:
            exchange = actions.create_exchange(by=request.user, **form.data_for_action())
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The exchange is recorded."))
            return redirect("exchange-detail", pk=exchange.pk)
    return render(
        request,
        "exchanges/exchange_form.html",
        {
            "nav": "exchanges",
            "form": form,
            "title": _("Record a staff exchange"),
            "earlier": _earlier_for_form(request, form),
        },
    )


@login_required
def exchange_earlier(request):
    """The 'what earlier exchanges learned' panel for the form (htmx)."""
    if not may_record(request.user):
        raise PermissionDenied
    form = ExchangeForm(user=request.user, initial=_initial_for_new(request))
    return render(request, "exchanges/_earlier.html", {"earlier": _earlier_for_form(request, form)})


@login_required
def exchange_detail(request, pk):
    found = get_exchange_for_user(request.user, pk)
    exchange = (
        Exchange.objects.select_related("host_agency", "visiting_agency", "follows", "created_by")
        .prefetch_related("theme_rows", "host_offices", "visiting_offices", participants_prefetch(), "materials")
        .get(pk=found.pk)
    )
    exchange.can_edit = found.can_edit
    attach_outcomes(request.user, [exchange])
    earlier = earlier_exchanges(
        request.user,
        host_id=exchange.host_agency_id,
        visiting_id=exchange.visiting_agency_id,
        themes=exchange.theme_codes,
        before=exchange.starts_on,
        exclude=exchange,
        follows=exchange.follows,
    )
    followed_by = list(visible_exchanges(request.user).filter(follows=exchange).order_by("starts_on"))
    return render(
        request,
        "exchanges/exchange_detail.html",
        {
            "nav": "exchanges",
            "exchange": exchange,
            "earlier": earlier,
            "followed_by": followed_by,
            "material_form": MaterialForm(),
            "may_record": may_record(request.user),
        },
    )


@login_required
def exchange_edit(request, pk):
    exchange = get_exchange_for_user(request.user, pk, edit=True)
    initial = {
        "title": exchange.title,
        "host_agency": exchange.host_agency_id,
        "visiting_agency": exchange.visiting_agency_id,
        "starts_on": exchange.starts_on,
        "ends_on": exchange.ends_on,
        "host_offices": list(exchange.host_offices.all()),
        "visiting_offices": list(exchange.visiting_offices.all()),
        "themes": exchange.theme_codes,
        "participant_users": [p.user for p in exchange.participants.all() if p.user_id],
        "other_participants": format_other_participants(exchange.participants.all()),
        "agenda": exchange.agenda,
        "lessons": exchange.lessons,
        # Only the linked ones the editor sees: the others stay linked (exchanges.actions).
        "guides": list(exchange.guides.filter(pk__in=visible_guides(request.user).values("pk"))),
        "practice_notes": list(exchange.practice_notes.filter(pk__in=visible_notes(request.user).values("pk"))),
        "follows": exchange.follows_id,
    }
    form = ExchangeForm(request.POST or None, user=request.user, initial=initial)
    version = request.POST.get("version") if request.method == "POST" else exchange.version
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_exchange(
                exchange, by=request.user, expected_version=_ids(version) or 0, **form.data_for_action()
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc.message))
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The exchange is saved."))
            return redirect("exchange-detail", pk=exchange.pk)
    return render(
        request,
        "exchanges/exchange_form.html",
        {
            "nav": "exchanges",
            "form": form,
            "exchange": exchange,
            "version": version,
            "title": _("Change the exchange"),
            "earlier": _earlier_for_form(request, form, exclude=exchange),
        },
    )


@login_required
@require_POST
def material_add(request, pk):
    exchange = get_exchange_for_user(request.user, pk, edit=True)
    form = MaterialForm(request.POST)
    if form.is_valid():
        try:
            actions.add_material(exchange, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The material is added."))
            return redirect(reverse("exchange-detail", args=[exchange.pk]) + "#material")
    return render(request, "exchanges/material_form.html", {"nav": "exchanges", "exchange": exchange, "form": form})


@login_required
@require_POST
def material_remove(request, pk, material_pk):
    exchange = get_exchange_for_user(request.user, pk, edit=True)
    material = exchange.materials.filter(pk=material_pk).first()
    if material is None:
        raise Http404
    actions.remove_material(material, by=request.user)
    messages.success(request, _("The material is removed."))
    return redirect(reverse("exchange-detail", args=[exchange.pk]) + "#material")
