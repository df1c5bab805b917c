"""Practice notes: write, read, change, share, adopt, take in the original's update."""

import difflib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from guides import actions_notes
from guides.access import get_note_for_user, home_agency, may_adopt_note, member_agency_ids, note_writer_agency_ids
from guides.forms import NoteForm
from guides.models import PracticeNote
from organisations.access import memberships_of, primary_office
from people.views import _apply_errors


def _writer_agency(user):
    agencies = note_writer_agency_ids(user)
    return next((m.office.agency for m in memberships_of(user) if m.office.agency_id in agencies), None)


@login_required
def note_create(request):
    agency = _writer_agency(request.user)
    if agency is None:
        raise PermissionDenied
    office = primary_office(request.user)
    form = NoteForm(request.POST or None, initial={"language": office.default_language if office else "en"})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            note = actions_notes.write_note(by=request.user, agency=agency, **data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The note is saved. It is shared with other agencies once an editor shares it.")
            )
            return redirect("practice-note", pk=note.pk)
    return render(request, "guides/form.html", {"nav": "practice", "form": form, "title": _("Write a practice note")})


@login_required
def note_edit(request, pk):
    note = get_note_for_user(request.user, pk, edit=True)
    initial = {k: getattr(note, k) for k in actions_notes.NOTE_FIELDS} | {"revision": note.revision}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions_notes.update_note(note, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The note is changed."))
            return redirect("practice-note", pk=note.pk)
    return render(request, "guides/form.html", {"nav": "practice", "form": form, "title": _("Change the note")})


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if s.strip()]


def _diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(sign, sentence) for a sentence-level comparison of two texts."""
    out = []
    for line in difflib.ndiff(_sentences(old), _sentences(new)):
        if line[:1] in "+- ":
            out.append((line[:1], line[2:]))
    return out


@login_required
def note_detail(request, pk):
    note = get_note_for_user(request.user, pk)
    news = actions_notes.note_news(note) if note.is_own else None
    my_copy = None
    if not note.is_own:
        my_copy = PracticeNote.objects.filter(agency__in=member_agency_ids(request.user), origin=note).first()
    return render(
        request,
        "guides/note_detail.html",
        {
            "nav": "practice",
            "note": note,
            "news": news,
            "news_diff": _diff_lines(note.body, news.body) if news else [],
            "title_changed": bool(news and news.title != note.title),
            "can_adopt": may_adopt_note(request.user, note),
            "my_copy": my_copy,
            "adoptions": note.adoptions.select_related("agency") if note.is_own else [],
            "home": home_agency(request.user),
        },
    )


def _note_post(request, pk, do, success):
    note = get_note_for_user(request.user, pk)
    try:
        result = do(note)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("practice-note", pk=note.pk)
    messages.success(request, success)
    return redirect("practice-note", pk=result.pk)


@require_POST
@login_required
def note_share(request, pk):
    if not get_note_for_user(request.user, pk).can_share:
        raise PermissionDenied
    shared = request.POST.get("shared") == "1"
    return _note_post(
        request,
        pk,
        lambda n: actions_notes.share_note(n, by=request.user, shared=shared),
        _("The note is in the shared library.") if shared else _("The note is no longer shared."),
    )


@require_POST
@login_required
def note_adopt(request, pk):
    if not may_adopt_note(request.user, get_note_for_user(request.user, pk)):
        raise PermissionDenied
    return _note_post(
        request,
        pk,
        lambda n: actions_notes.adopt_note(n, by=request.user),
        _("Your agency has its own copy of the note: adapt it if you wish."),
    )


@require_POST
@login_required
def note_take_in(request, pk):
    if not get_note_for_user(request.user, pk).can_share:
        raise PermissionDenied
    return _note_post(
        request,
        pk,
        lambda n: actions_notes.take_in_note(n, by=request.user, revision=request.POST.get("revision")),
        _("The note now has the original's text."),
    )
