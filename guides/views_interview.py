"""Starting an interview from a guide: choose one of the agency's guides
(own or adopted, published) and the language to run it in."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from cases.access import RECORD_INTERVIEW, SEE_ASYLUM_FILE, can, get_case_for_user, require
from counselling.models import Interview
from guides import content
from guides.access import usable_guides
from guides.library import PHASE_OF_STATUS, attach_titles, interview_language_choice
from guides.models import POINT_KINDS, GuideUse, Phase


def interview_language(case) -> str:
    """The language an interview on the case is held in by default, as the
    interview form proposes it: the person's first language, else the office's."""
    spoken = case.principal.languages.values_list("language", flat=True).first()
    return spoken or case.office.default_language


@login_required
def interview_start(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, RECORD_INTERVIEW)
    wanted = interview_language(case)
    ui = (get_language() or "en").split("-")[0]
    guides = attach_titles(list(usable_guides(case).select_related("agency", "origin__agency")))
    suggested = PHASE_OF_STATUS.get(case.status)
    order = list(Phase.values)
    guides.sort(key=lambda g: (g.phase != suggested, order.index(g.phase), g.pk))
    for g in guides:
        g.run_lang = interview_language_choice(g.languages, wanted, ui, case.office.default_language)
        g.other_langs = [lang for lang in g.languages if lang != g.run_lang]
    return render(
        request,
        "guides/interview_start.html",
        {"case": case, "guides": guides, "wanted": wanted, "suggested": suggested},
    )


@login_required
def guide_use_detail(request, pk):
    """An interview's guide as it was followed: every section and item in the
    language used, the points ticked or not. Seen by whoever sees the
    case's interviews (never partners)."""
    case_pk = Interview.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_pk is None:
        raise Http404
    case = get_case_for_user(request.user, case_pk)
    require(case, SEE_ASYLUM_FILE)
    use = GuideUse.objects.filter(interview_id=pk).select_related("interview", "version", "version__guide").first()
    if use is None:
        raise Http404
    doc = content.load(use.version)
    langs = content.languages(doc)
    covered = set(use.covered)
    for s in doc["sections"]:
        s["title"] = content.pick(s["titles"], use.language, langs)
        for item in s["items"]:
            item["text"] = content.pick(item["texts"], use.language, langs)
            item["is_point"] = item["kind"] in POINT_KINDS
            item["covered"] = item["id"] in covered
    return render(
        request,
        "guides/guide_use.html",
        {"case": case, "use": use, "interview": use.interview, "doc": doc, "can_edit": can(case, RECORD_INTERVIEW)},
    )
