"""Country cards, their practical sections and the knowledge base. Thin:
rules in countries.actions, who may do what in countries.access."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit_labels import action_label
from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from countries import access, actions, cards, knowledge
from countries.assistance import SCENARIO, assistance_for, no_rule_text
from countries.forms import SearchForm, SectionForm, WithdrawForm, apply_domain_error
from countries.models import PracticalSection, Topic
from organisations.access import memberships_of


@login_required
def country_list(request):
    access.require_staff(request.user)
    rows = cards.country_rows(cards.today_here())
    choice = (request.GET.get("country") or "").strip()
    if choice:
        code = cards.valid_country(choice)
        if code:
            return redirect("country-card", code=code)
        messages.error(request, _("Choose a country from the list."))
    return render(
        request,
        "countries/country_list.html",
        {
            "rows": rows,
            "all_countries": cards.all_countries,
            "stale_months": cards.STALE_MONTHS,
            "nav": "countries",
        },
    )


@login_required
def country_card(request, code):
    access.require_staff(request.user)
    country = cards.valid_country(code)
    if country is None:
        raise Http404
    if country != code:
        return redirect("country-card", code=country)
    today = cards.today_here()
    name = cards.country_name(country)
    agency_codes = {m.office.agency.code for m in memberships_of(request.user)}
    programmes = assistance_for(country, day=today, agency_codes=agency_codes)
    for item in programmes:
        item.no_rule_text = no_rule_text(item, name) if item.no_rule else ""
    entries = access.published_entries(request.user, country)
    return render(
        request,
        "countries/country_card.html",
        {
            "country": country,
            "name": name,
            "today": today,
            "programmes": programmes,
            "scenario": [str(s) for s in SCENARIO],
            "offices": cards.offices_in(country, request.user),
            "sections": cards.sections_for(country, today),
            "may_edit": access.may_edit_sections(request.user, country),
            "stale_months": cards.STALE_MONTHS,
            "answers": list(knowledge.search(entries)[:5]),
            "answer_count": entries.count(),
            "nav": "countries",
        },
    )


def _topic(topic: str) -> str:
    if topic not in Topic.values:
        raise Http404
    return topic


@login_required
def section_edit(request, code, topic):
    access.require_staff(request.user)
    country = cards.valid_country(code)
    if country is None or country != code:
        raise Http404
    topic = _topic(topic)
    if not access.may_edit_sections(request.user, country):
        raise PermissionDenied
    section = PracticalSection.objects.filter(country=country, topic=topic).prefetch_related("texts").first()
    texts = {t.language: t.body for t in section.texts.all()} if section else {}
    initial = {"version": section.version if section else 0}
    form = SectionForm(request.POST or None, texts=texts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_section(
                country,
                topic,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                texts=form.texts(),
                checked_on=form.cleaned_data["checked_on"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc.message))
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The section is saved."))
            return redirect(reverse("country-card", args=[country]) + f"#{topic}")
    return render(
        request,
        "countries/section_form.html",
        {
            "country": country,
            "name": cards.country_name(country),
            "topic_label": Topic(topic).label,
            "section": section,
            "form": form,
            "nav": "countries",
        },
    )


@login_required
def section_history(request, code, topic):
    """The section's changes, from the audit trail: who, when, what."""
    access.require_staff(request.user)
    country = cards.valid_country(code)
    if country is None or country != code:
        raise Http404
    topic = _topic(topic)
    section = PracticalSection.objects.filter(country=country, topic=topic).first()
    events = []
    if section is not None:
        events = list(
            AuditEvent.objects.filter(object_type="countries.practicalsection", object_id=str(section.pk))
            .select_related("actor")
            .order_by("-at", "-pk")[:200]
        )
        for event in events:
            event.label = action_label(event.action)
            event.rows = [
                {"field": key, "before": value[0], "after": value[1]}
                for key, value in sorted(event.changes.items())
                if key != "version" and isinstance(value, list) and len(value) == 2
            ]
    return render(
        request,
        "countries/section_history.html",
        {
            "country": country,
            "name": cards.country_name(country),
            "topic_label": Topic(topic).label,
            "events": events,
            "nav": "countries",
        },
    )


@login_required
def answers(request, code):
    """The country's knowledge base, searchable; every agency reads it."""
    access.require_staff(request.user)
    country = cards.valid_country(code)
    if country is None:
        raise Http404
    if country != code:
        return redirect("country-answers", code=country)
    form = SearchForm(request.GET or None)
    query = topic = ""
    if form.is_valid():
        query, topic = form.cleaned_data["q"], form.cleaned_data["topic"]
    found = knowledge.search(access.published_entries(request.user, country), query, topic)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    for entry in page:
        entry.may_withdraw = access.may_withdraw(request.user, entry)
    return render(
        request,
        "countries/answers.html",
        {
            "country": country,
            "name": cards.country_name(country),
            "form": form,
            "q": query,
            "filters": urlencode({k: v for k, v in (("q", query), ("topic", topic)) if v}),
            "page": page,
            "nav": "countries",
        },
    )


@login_required
def entry_withdraw(request, pk):
    access.require_staff(request.user)
    entry = (
        access.published_entries(request.user)
        .select_related("question", "question__asked_from", "answered_by_office")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    if not access.may_withdraw(request.user, entry):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_entry(entry, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The answer is withdrawn from the knowledge base."))
            return redirect("country-answers", code=entry.country.code)
    return render(
        request,
        "countries/entry_withdraw.html",
        {"entry": entry, "form": form, "name": cards.country_name(entry.country.code), "nav": "countries"},
    )
