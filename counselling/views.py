from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.access import RECORD_INTERVIEW, get_case_for_user, require
from core.errors import DomainError
from counselling import actions
from counselling.forms import GuidedInterviewForm, InterviewForm
from guides import actions_use, content
from guides.library import agency_has_guides, interview_language_choice
from guides.models import GuideUse, GuideVersion, VersionStatus
from people.views import _apply_errors


def _guide_for_new_interview(request, case, interview_language):
    """The guide version and language asked for (?guide=&lang=, kept in the
    form on POST): a published version of the case's agency's guides."""
    wanted = request.POST.get("guide") or request.GET.get("guide")
    if not wanted:
        return None, None
    version = (
        GuideVersion.objects.select_related("guide", "guide__agency")
        .filter(pk=wanted if str(wanted).isdigit() else 0, status=VersionStatus.PUBLISHED)
        .filter(guide__agency=case.office.agency_id)
        .first()
    )
    if version is None:
        raise Http404
    langs = list(version.languages.values_list("language", flat=True))
    asked = request.POST.get("guide_language") or request.GET.get("lang")
    ui = (get_language() or "en").split("-")[0]
    lang = (
        asked
        if asked in langs
        else interview_language_choice(langs, interview_language, ui, case.office.default_language)
    )
    return version, lang


def _guide_view(version, lang):
    """The version's document with each text in `lang`, and its points."""
    doc = content.load(version)
    langs = content.languages(doc)
    points = []
    for s in doc["sections"]:
        s["title"] = content.pick(s["titles"], lang, langs)
        for item in s["items"]:
            item["text"] = content.pick(item["texts"], lang, langs)
            item["is_point"] = item["kind"] in ("key_message", "checkpoint")
            if item["is_point"]:
                points.append((item["id"], item["text"]))
    heading = next((e for e in doc["languages"] if e["language"] == lang), doc["languages"][0])
    return doc, heading, points


@login_required
def interview_form(request, pk, interview_pk=None):
    """Record a new interview on a case, or correct one already recorded; with
    a conversation guide (?guide=<version>&lang=<language>) the form follows
    it and records which of its points were covered."""
    case = get_case_for_user(request.user, pk, write=True)
    require(case, RECORD_INTERVIEW)
    interview = use = None
    if interview_pk is not None:
        interview = case.interviews.filter(pk=interview_pk).first()
        if interview is None:
            raise Http404
        initial = {f: getattr(interview, f) for f in InterviewForm.base_fields}
        for f in ("held_at", "next_appointment"):
            if initial[f]:
                initial[f] = timezone.localtime(initial[f])
        use = GuideUse.objects.filter(interview=interview).select_related("version", "version__guide").first()
        version, guide_lang = (use.version, use.language) if use else (None, None)
        if use:
            initial["covered"] = use.covered
    else:
        language = case.principal.languages.values_list("language", flat=True).first()
        initial = {
            "held_at": timezone.localtime().replace(second=0, microsecond=0),
            "language": language or case.office.default_language,
            "location": case.office.name,
        }
        version, guide_lang = _guide_for_new_interview(request, case, initial["language"])
    guide = heading = None
    if version is not None:
        guide, heading, points = _guide_view(version, guide_lang)
        form = GuidedInterviewForm(request.POST or None, initial=initial, points=points)
    else:
        form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        covered = fields.pop("covered", None)
        try:
            if interview is None and version is not None:
                actions_use.record_interview_with_guide(
                    case, by=request.user, version=version, guide_language=guide_lang, covered=covered, **fields
                )
            elif interview is None:
                actions.record_interview(case, by=request.user, **fields)
            elif use is not None:
                actions_use.update_interview_with_guide(interview, by=request.user, covered=covered, **fields)
            else:
                actions.update_interview(interview, by=request.user, **fields)
        except (DomainError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The interview is recorded."))
            return redirect("case-detail", pk=case.pk)
    title = _("Record an interview") if interview is None else _("Correct the interview")
    selected = set(form["covered"].value() or []) if version is not None else set()
    return render(
        request,
        "counselling/interview_form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "interview": interview,
            "version": version,
            "guide": guide,
            "guide_heading": heading,
            "guide_lang": guide_lang,
            "selected": {int(s) for s in selected if str(s).isdigit()},
            "use": use,
            "offer_guides": interview is None and version is None and agency_has_guides(case.office.agency_id),
        },
    )
