"""The practice library and conversation guides: reading, creating, publishing,
sharing and adopting. Thin: access in guides.access, changes in guides.actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from guides import actions, content
from guides.access import (
    editor_agency_ids,
    get_guide_for_user,
    home_agency,
    may_adopt,
    member_agency_ids,
    shared_guides,
    visible_versions,
)
from guides.forms import GuideCreateForm, LibraryFilterForm
from guides.library import (
    attach_titles,
    best_language,
    display_diff,
    latest_published,
    origin_news,
    with_origin_ahead,
    with_stats,
)
from guides.models import Guide, GuideVersion, PracticeNote, VersionLanguage, VersionStatus
from organisations.access import primary_office
from organisations.models import Agency
from people.views import _apply_errors


def _ui_language() -> str:
    return (get_language() or "en").split("-")[0]


@login_required
def library(request):
    """What agencies share: guides (with a published version) and notes."""
    members = member_agency_ids(request.user)
    guides = with_stats(shared_guides()).select_related("agency") if members else Guide.objects.none()
    notes = (
        PracticeNote.objects.filter(shared_at__isnull=False).select_related("agency", "author")
        if members
        else PracticeNote.objects.none()
    )
    published = VersionLanguage.objects.filter(
        version__status=VersionStatus.PUBLISHED, version__guide__shared_at__isnull=False
    )
    languages = sorted(
        set(published.values_list("language", flat=True)) | set(notes.values_list("language", flat=True))
    )
    agencies = Agency.objects.filter(
        Q(Exists(shared_guides().filter(agency=OuterRef("pk")))) | Q(practice_notes__shared_at__isnull=False)
    ).distinct()
    form = LibraryFilterForm(request.GET or None, agencies=agencies, languages=languages)
    f = form.cleaned_data if form.is_valid() else {}
    if f.get("phase"):
        guides, notes = guides.filter(phase=f["phase"]), notes.filter(phase=f["phase"])
    if f.get("agency"):
        guides, notes = guides.filter(agency=f["agency"]), notes.filter(agency=f["agency"])
    if f.get("language"):
        guides = guides.filter(Exists(published.filter(version__guide=OuterRef("pk"), language=f["language"])))
        notes = notes.filter(language=f["language"])
    kind = f.get("kind")
    guide_list = attach_titles(list(guides)) if kind != "notes" else []
    note_list = list(notes.order_by("-shared_at", "pk")) if kind != "guides" else []
    copies = dict(Guide.objects.filter(agency__in=members, origin__isnull=False).values_list("origin_id", "pk"))
    note_copies = dict(
        PracticeNote.objects.filter(agency__in=members, origin__isnull=False).values_list("origin_id", "pk")
    )
    for g in guide_list:
        g.my_copy = copies.get(g.pk)
    for n in note_list:
        n.my_copy = note_copies.get(n.pk)
    return render(
        request,
        "guides/library.html",
        {
            "nav": "practice",
            "form": form,
            "guides": guide_list,
            "notes": note_list,
            "kind": kind,
            "is_member": bool(members),
        },
    )


@login_required
def ours(request):
    """The user's agency's guides (every state) and practice notes."""
    members = member_agency_ids(request.user)
    guides = attach_titles(
        list(
            with_origin_ahead(with_stats(Guide.objects.filter(agency__in=members))).select_related(
                "agency", "origin__agency"
            )
        ),
        drafts=True,
    )
    notes = list(PracticeNote.objects.filter(agency__in=members).select_related("agency", "author", "origin__agency"))
    return render(
        request,
        "guides/ours.html",
        {
            "nav": "practice",
            "guides": guides,
            "notes": notes,
            "agency": home_agency(request.user),
            "can_write": bool(editor_agency_ids(request.user)),
            "is_member": bool(members),
        },
    )


@login_required
def guide_create(request):
    agency = home_agency(request.user, editing=True)
    if agency is None:
        raise PermissionDenied
    office = primary_office(request.user)
    form = GuideCreateForm(request.POST or None, initial={"language": office.default_language if office else "en"})
    if request.method == "POST" and form.is_valid():
        try:
            guide = actions.create_guide(by=request.user, agency=agency, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The guide is started: write its sections, then publish it."))
            return redirect("guide-draft", pk=guide.pk)
    return render(request, "guides/form.html", {"nav": "practice", "form": form, "title": _("Write a guide")})


def _version_to_show(user, guide: Guide, number) -> GuideVersion:
    versions = visible_versions(user, guide)
    if number is not None:
        version = versions.filter(number=number).first()
    else:
        version = versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first() or versions.first()
    if version is None:
        raise Http404
    return version


@login_required
def guide_detail(request, pk, number=None):
    guide = get_guide_for_user(request.user, pk)
    version = _version_to_show(request.user, guide, number)
    doc = content.load(version)
    langs = content.languages(doc)
    office = primary_office(request.user)
    lang = best_language(
        langs, request.GET.get("lang"), _ui_language(), office.default_language if office else None, "en"
    )
    heading = next((entry for entry in doc["languages"] if entry["language"] == lang), doc["languages"][0])
    for s in doc["sections"]:
        s["title"] = content.pick(s["titles"], lang, langs)
        for item in s["items"]:
            item["text"] = content.pick(item["texts"], lang, langs)
    news = origin_news(guide) if guide.is_own else None
    if news:
        news["rows"] = display_diff(news["changes"], lang, langs)
    versions = list(visible_versions(request.user, guide).select_related("published_by", "origin_version"))
    stats = with_stats(Guide.objects.filter(pk=guide.pk)).values("uses_count", "adoptions_count", "copy_uses_count")[0]
    my_copy = None
    if not guide.is_own:
        my_copy = Guide.objects.filter(agency__in=member_agency_ids(request.user), origin=guide).first()
    return render(
        request,
        "guides/guide_detail.html",
        {
            "nav": "practice",
            "guide": guide,
            "version": version,
            "doc": doc,
            "lang": lang,
            "heading": heading,
            "languages": langs,
            "versions": versions,
            "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
            "latest": latest_published(guide),
            "news": news,
            "stats": stats,
            "adopters": Agency.objects.filter(guides__origin=guide).distinct() if guide.is_own else [],
            "can_adopt": may_adopt(request.user, guide),
            "my_copy": my_copy,
        },
    )


@login_required
def guide_compare(request, pk):
    """What changed between two versions of a guide the user may see."""
    guide = get_guide_for_user(request.user, pk)
    versions = visible_versions(request.user, guide)
    try:
        old = versions.get(number=int(request.GET.get("from", "")))
        new = versions.get(number=int(request.GET.get("to", "")))
    except (ValueError, GuideVersion.DoesNotExist):
        raise Http404 from None
    old_doc, new_doc = content.load(old), content.load(new)
    langs = content.languages(new_doc) or content.languages(old_doc)
    lang = best_language(langs, request.GET.get("lang"), _ui_language(), "en")
    rows = display_diff(content.diff(old_doc, new_doc), lang, langs + content.languages(old_doc))
    return render(
        request,
        "guides/compare.html",
        {"nav": "practice", "guide": guide, "old": old, "new": new, "rows": rows, "lang": lang},
    )


def _post_action(request, pk, do, success: str, *, edit: bool = True):
    guide = get_guide_for_user(request.user, pk, edit=edit)
    try:
        result = do(guide)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("guide-detail", pk=guide.pk)
    messages.success(request, success)
    return result


@require_POST
@login_required
def guide_new_version(request, pk):
    return _post_action(
        request,
        pk,
        lambda g: (actions.start_new_version(g, by=request.user), redirect("guide-draft", pk=g.pk))[1],
        _("A new version is started as a copy of the last: change it, then publish it."),
    )


@require_POST
@login_required
def guide_share(request, pk):
    shared = request.POST.get("shared") == "1"
    return _post_action(
        request,
        pk,
        lambda g: (actions.share_guide(g, by=request.user, shared=shared), redirect("guide-detail", pk=g.pk))[1],
        _("The guide is in the shared library.") if shared else _("The guide is no longer shared."),
    )


@require_POST
@login_required
def guide_adopt(request, pk):
    guide = get_guide_for_user(request.user, pk)
    if not may_adopt(request.user, guide):
        raise PermissionDenied
    try:
        copy = actions.adopt_guide(guide, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("guide-detail", pk=guide.pk)
    messages.success(request, _("Your agency has its own copy: adapt it if you wish, then publish it."))
    return redirect("guide-draft", pk=copy.pk)


@require_POST
@login_required
def guide_take_in(request, pk):
    guide = get_guide_for_user(request.user, pk, edit=True)
    try:
        draft, conflicts = actions.take_in_origin(guide, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("guide-detail", pk=guide.pk)
    if conflicts:
        messages.warning(
            request,
            ngettext(
                "The original's changes are in a new draft. %(n)s point you had adapted was changed or removed "
                "in the original too: your text is kept; check it before publishing.",
                "The original's changes are in a new draft. %(n)s points you had adapted were changed or removed "
                "in the original too: your text is kept; check them before publishing.",
                len(conflicts),
            )
            % {"n": len(conflicts)},
        )
    else:
        messages.success(request, _("The original's changes are in a new draft: check it, then publish it."))
    return redirect("guide-draft", pk=guide.pk)
