"""Editing a guide's draft: languages, sections, items, translation, then
publishing or discarding it. Each form carries the draft's edit_version so
that two editors never silently overwrite each other."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.languages import language_name
from guides import actions, content
from guides.access import get_guide_for_user
from guides.forms import ItemForm, LanguageForm, PublishForm, SectionForm
from guides.models import Item, Section, VersionStatus
from people.views import _apply_errors


def _draft(request, pk):
    guide = get_guide_for_user(request.user, pk, edit=True)
    draft = guide.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        raise Http404
    return guide, draft


def _langs(draft) -> list[str]:
    return list(draft.languages.values_list("language", flat=True))


@login_required
def draft_edit(request, pk):
    guide, draft = _draft(request, pk)
    doc = content.load(draft)
    langs = content.languages(doc)
    gaps = content.missing_texts(doc)
    for s in doc["sections"]:
        s["title"] = content.pick(s["titles"], langs[0], langs)
        for item in s["items"]:
            item["text"] = content.pick(item["texts"], langs[0], langs)
            item["missing"] = [lang for lang in langs if not item["texts"].get(lang)]
    missing_by_lang = {lang: sum(1 for g in gaps if g[0] == lang) for lang in langs}
    return render(
        request,
        "guides/draft.html",
        {
            "nav": "practice",
            "guide": guide,
            "draft": draft,
            "doc": doc,
            "languages": [(entry, missing_by_lang[entry["language"]]) for entry in doc["languages"]],
            "gaps": len(gaps),
            "publish_form": PublishForm(initial={"edit_version": draft.edit_version, "change_note": draft.change_note}),
        },
    )


def _form_page(request, guide, draft, form, title, hint=""):
    return render(
        request,
        "guides/form.html",
        {"nav": "practice", "form": form, "title": title, "guide": guide, "draft": draft, "hint": hint},
    )


@login_required
def draft_language(request, pk, language=None):
    """Add a language to the draft, or change its title there."""
    guide, draft = _draft(request, pk)
    row = draft.languages.filter(language=language).first() if language else None
    if language and row is None:
        raise Http404
    initial = {"edit_version": draft.edit_version}
    if row:
        initial.update(language=row.language, title=row.title, summary=row.summary)
    form = LanguageForm(request.POST or None, initial=initial)
    if row:
        form.fields["language"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_language(
                draft,
                by=request.user,
                language=row.language if row else data["language"],
                title=data["title"],
                summary=data["summary"],
                edit_version=data["edit_version"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            if row:
                messages.success(request, _("The title is changed."))
                return redirect("guide-draft", pk=guide.pk)
            messages.success(request, _("Now translate the guide's texts into this language."))
            return redirect("guide-draft-translate", pk=guide.pk, language=data["language"])
    title = _("Title in %(language)s") % {"language": language_name(row.language)} if row else _("Add a language")
    return _form_page(request, guide, draft, form, title)


@login_required
def draft_section(request, pk, section_pk=None):
    guide, draft = _draft(request, pk)
    section = get_object_or_404(Section, pk=section_pk, version=draft) if section_pk else None
    langs = _langs(draft)
    titles = {t.language: t.title for t in section.texts.all()} if section else {}
    form = SectionForm(
        request.POST or None, languages=langs, titles=titles, initial={"edit_version": draft.edit_version}
    )
    if request.method == "POST" and form.is_valid():
        kwargs = {"by": request.user, "titles": form.texts(langs), "edit_version": form.cleaned_data["edit_version"]}
        try:
            if section:
                actions.update_section(section, **kwargs)
            else:
                actions.add_section(draft, **kwargs)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("guide-draft", pk=guide.pk)
    return _form_page(request, guide, draft, form, _("Change the section") if section else _("Add a section"))


@login_required
def draft_item(request, pk, section_pk=None, item_pk=None):
    """Add an item to a section (section_pk) or change one (item_pk)."""
    guide, draft = _draft(request, pk)
    item = get_object_or_404(Item, pk=item_pk, version=draft) if item_pk else None
    section = item.section if item else get_object_or_404(Section, pk=section_pk, version=draft)
    langs = _langs(draft)
    texts = {t.language: t.text for t in item.texts.all()} if item else {}
    sections = None
    if item:
        sections = [
            (s.pk, content.pick({t.language: t.title for t in s.texts.all()}, langs[0], langs))
            for s in draft.sections.prefetch_related("texts").order_by("position", "pk")
        ]
    initial = {"edit_version": draft.edit_version, "kind": item.kind if item else None, "section": section.pk}
    form = ItemForm(request.POST or None, languages=langs, texts=texts, sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "by": request.user,
            "kind": data["kind"],
            "texts": form.texts(langs),
            "edit_version": data["edit_version"],
        }
        try:
            if item:
                target = draft.sections.filter(pk=data.get("section")).first()
                actions.update_item(item, section=target, **kwargs)
            else:
                actions.add_item(section, **kwargs)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("guide-draft", pk=guide.pk)
    hint = _("Key messages and checklist points become tick boxes in the interview; open questions and notes guide it.")
    return _form_page(request, guide, draft, form, _("Change the item") if item else _("Add an item"), hint)


@login_required
def draft_translate(request, pk, language):
    """Every text of the draft in one language, next to the first language's."""
    guide, draft = _draft(request, pk)
    doc = content.load(draft)
    langs = content.languages(doc)
    if language not in langs:
        raise Http404
    source = langs[0] if language != langs[0] else (langs[1] if len(langs) > 1 else langs[0])
    error = None
    if request.method == "POST":
        titles = {s["key"]: request.POST.get(f"s-{s['key']}", "") for s in doc["sections"]}
        texts = {i["key"]: request.POST.get(f"i-{i['key']}", "") for s in doc["sections"] for i in s["items"]}
        try:
            actions.translate(
                draft,
                by=request.user,
                language=language,
                titles=titles,
                texts=texts,
                edit_version=request.POST.get("edit_version"),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("The %(language)s texts are saved.") % {"language": language_name(language)})
            return redirect("guide-draft", pk=guide.pk)
        for s in doc["sections"]:
            s["titles"][language] = titles[s["key"]]
            for i in s["items"]:
                i["texts"][language] = texts[i["key"]]
    rows = []
    for s in doc["sections"]:
        rows.append(
            {
                "kind": "section",
                "key": s["key"],
                "source": s["titles"].get(source, ""),
                "value": s["titles"].get(language, ""),
            }
        )
        for i in s["items"]:
            rows.append(
                {
                    "kind": i["kind"],
                    "key": i["key"],
                    "source": i["texts"].get(source, ""),
                    "value": i["texts"].get(language, ""),
                }
            )
    return render(
        request,
        "guides/translate.html",
        {
            "nav": "practice",
            "guide": guide,
            "draft": draft,
            "language": language,
            "source": source,
            "rows": rows,
            "error": error,
        },
    )


OPS = {
    "section_up": (Section, lambda obj, **kw: actions.move_section(obj, up=True, **kw)),
    "section_down": (Section, lambda obj, **kw: actions.move_section(obj, up=False, **kw)),
    "section_remove": (Section, actions.remove_section),
    "item_up": (Item, lambda obj, **kw: actions.move_item(obj, up=True, **kw)),
    "item_down": (Item, lambda obj, **kw: actions.move_item(obj, up=False, **kw)),
    "item_remove": (Item, actions.remove_item),
}


@require_POST
@login_required
def draft_do(request, pk):
    """The small buttons of the draft page: move and remove."""
    guide, draft = _draft(request, pk)
    op = OPS.get(request.POST.get("op", ""))
    if op is None:
        raise Http404
    model, do = op
    obj = get_object_or_404(model, pk=request.POST.get("target") or 0, version=draft)
    try:
        do(obj, by=request.user, edit_version=request.POST.get("edit_version"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("guide-draft", pk=guide.pk)


@require_POST
@login_required
def draft_remove_language(request, pk, language):
    guide, draft = _draft(request, pk)
    try:
        actions.remove_language(
            draft, by=request.user, language=language, edit_version=request.POST.get("edit_version")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(language)s is removed from the draft.") % {"language": language_name(language)})
    return redirect("guide-draft", pk=guide.pk)


@require_POST
@login_required
def draft_publish(request, pk):
    guide, draft = _draft(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("guide-draft", pk=guide.pk)
    try:
        version = actions.publish_version(
            draft,
            by=request.user,
            change_note=form.cleaned_data["change_note"],
            edit_version=form.cleaned_data["edit_version"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("guide-draft", pk=guide.pk)
    messages.success(request, _("Version %(n)s is published: your counsellors can follow it.") % {"n": version.number})
    return redirect("guide-detail", pk=guide.pk)


@require_POST
@login_required
def draft_discard(request, pk):
    guide, draft = _draft(request, pk)
    try:
        kept = actions.discard_draft(draft, by=request.user, edit_version=request.POST.get("edit_version"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("guide-draft", pk=guide.pk)
    messages.success(request, _("The draft is discarded."))
    return redirect("guide-detail", pk=kept.pk) if kept else redirect("practice-ours")
