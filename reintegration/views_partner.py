"""Retroactive registrations and return stories: thin views over
reintegration.actions_partner, with access from reintegration.access_partner."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import can, case_roles, get_case_for_user, require, visible_cases
from cases.models import ConsentPurpose
from core import audit
from core.errors import DomainError
from organisations.access import roles_for_office
from reintegration import actions_partner as actions
from reintegration import actions_stories as story_actions
from reintegration.access_partner import (
    ANSWER_RETRO,
    RECORD_STORY_CONSENT,
    REVIEW_STORY,
    SEE_STORIES,
    WRITE_STORY,
    is_agency_staff,
    may_register_retro,
    visible_registrations,
)
from reintegration.forms_partner import (
    DecisionForm,
    ReopenForm,
    RetroactiveForm,
    ReviewForm,
    StoryConsentForm,
    StoryForm,
    UnpublishForm,
    apply_domain_error,
)
from reintegration.models import RetroactiveRegistration, RetroStatus, Story, StoryStatus

# Retroactive registrations ---------------------------------------------------------


def _days_left(registration, now) -> int | None:
    if registration.status != RetroStatus.PENDING:
        return None
    seconds = (registration.deadline - now).total_seconds()
    return max(int(seconds // 86400), 0)


@login_required
def retro_new(request):
    if not may_register_retro(request.user):
        raise PermissionDenied
    form = RetroactiveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.register_retroactive(by=request.user, **form.action_kwargs())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Case %(number)s is registered. The sending agency has 7 days to accept or reject it.")
                % {"number": registration.case.number},
            )
            return redirect("retro-detail", pk=registration.pk)
    return render(request, "reintegration/retro_form.html", {"form": form, "nav": "cases"})


@login_required
@require_GET
def retro_list(request):
    if not is_agency_staff(request.user):
        raise PermissionDenied
    now = timezone.now()
    rows = list(
        visible_registrations(request.user)
        .select_related("case", "case__office", "case__office__agency", "case__principal", "partner_office")
        .order_by("-created_at", "-pk")
    )
    answerable = set()
    for reg in rows:
        reg.days_left = _days_left(reg, now)
        if roles_for_office(request.user, reg.case.office) & ANSWER_RETRO:
            answerable.add(reg.pk)
    awaiting = [r for r in rows if r.status == RetroStatus.PENDING and r.pk in answerable]
    others = [r for r in rows if r not in awaiting]
    return render(
        request,
        "reintegration/retro_list.html",
        {
            "awaiting": sorted(awaiting, key=lambda r: r.deadline),
            "others": others,
            "may_register": may_register_retro(request.user),
            "nav": "cases",
        },
    )


def _registration(request, pk) -> RetroactiveRegistration:
    reg = (
        visible_registrations(request.user)
        .select_related(
            "case", "case__office", "case__office__agency", "case__principal", "partner_office", "registered_by"
        )
        .filter(pk=pk)
        .first()
    )
    if reg is None:
        raise Http404
    return reg


def _retro_page(request, reg, *, decision_form=None, reopen_form=None, status=200):
    may_answer = bool(roles_for_office(request.user, reg.case.office) & ANSWER_RETRO)
    context = {
        "reg": reg,
        "case": reg.case,
        "days_left": _days_left(reg, timezone.now()),
        "case_visible": visible_cases(request.user).filter(pk=reg.case_id).exists(),
        "may_decide": may_answer and reg.status == RetroStatus.PENDING,
        "may_reopen": may_answer and reg.status in (RetroStatus.REJECTED, RetroStatus.EXPIRED),
        "decision_form": decision_form or DecisionForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "nav": "cases",
    }
    return render(request, "reintegration/retro_detail.html", context, status=status)


@login_required
@require_GET
def retro_detail(request, pk):
    return _retro_page(request, _registration(request, pk))


@login_required
@require_POST
def retro_decide(request, pk):
    reg = _registration(request, pk)
    if not roles_for_office(request.user, reg.case.office) & ANSWER_RETRO:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            actions.decide(reg, by=request.user, accept=accept, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("You accepted the registration.")
                if accept
                else _("You rejected the registration; the case is closed."),
            )
            return redirect("retro-detail", pk=reg.pk)
    return _retro_page(request, reg, decision_form=form)


@login_required
@require_POST
def retro_reopen(request, pk):
    reg = _registration(request, pk)
    if not roles_for_office(request.user, reg.case.office) & ANSWER_RETRO:
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            actions.reopen(reg, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The registration is reopened and accepted."))
            return redirect("retro-detail", pk=reg.pk)
    return _retro_page(request, reg, reopen_form=form)


# Stories --------------------------------------------------------------------------


def _story_case(request, pk, needed=None, *, write=False):
    case = get_case_for_user(request.user, pk, write=write)
    require(case, SEE_STORIES)
    if needed is not None:
        require(case, needed)
    return case


def _consents(case) -> dict:
    return {
        "story": story_actions.consent_given(case, ConsentPurpose.STORY),
        "photo": story_actions.consent_given(case, ConsentPurpose.STORY_PHOTO),
    }


@login_required
def case_stories(request, pk):
    case = _story_case(request, pk, write=request.method == "POST")
    form = None
    if request.method == "POST":
        require(case, RECORD_STORY_CONSENT)
        form = StoryConsentForm(request.POST)
        if form.is_valid():
            try:
                story_actions.record_story_consent(case, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect("case-stories", pk=case.pk)
    consents = _consents(case)
    context = {
        "case": case,
        "stories": case.stories.select_related("written_by", "reviewed_by").order_by("-written_at", "-pk"),
        "consents": consents,
        "may_write": can(case, WRITE_STORY) and consents["story"] is not None,
        "may_consent": can(case, RECORD_STORY_CONSENT),
        "consent_form": form or StoryConsentForm(),
        "nav": "cases",
    }
    return render(request, "reintegration/story_list.html", context, status=200 if form is None else 200)


@login_required
def story_new(request, pk):
    case = _story_case(request, pk, WRITE_STORY, write=request.method == "POST")
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = story_actions.create_story(
                case,
                by=request.user,
                title=data["title"],
                body=data["body"],
                place=data["place"],
                photo=data["photo"],
                shows_face=data["shows_face"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The story is saved as a draft."))
            return redirect("story-detail", pk=story.pk)
    return render(
        request,
        "reintegration/story_form.html",
        {"case": case, "form": form, "consents": _consents(case), "title": _("Write a return story"), "nav": "cases"},
    )


def _story(request, pk, needed=None, *, write=False) -> Story:
    story = Story.objects.select_related("case", "written_by", "reviewed_by").filter(pk=pk).first()
    if story is None:
        raise Http404
    story.case = _story_case(request, story.case_id, needed, write=write)
    return story


def _story_page(request, story, *, forms=None, status=200):
    forms = forms or {}
    case = story.case
    is_reviewer = bool(roles_for_office(request.user, case.office) & REVIEW_STORY) and story.written_by_id != (
        request.user.pk
    )
    may = {
        "edit": can(case, WRITE_STORY) and story.status in (StoryStatus.DRAFT, StoryStatus.REJECTED),
        "submit": can(case, WRITE_STORY) and story.status in (StoryStatus.DRAFT, StoryStatus.REJECTED),
        "review": is_reviewer and story.status == StoryStatus.SUBMITTED,
        "publish": is_reviewer and story.status == StoryStatus.APPROVED,
        "unpublish": bool(case.user_roles & (REVIEW_STORY | WRITE_STORY)) and story.status == StoryStatus.PUBLISHED,
    }
    context = {
        "case": case,
        "story": story,
        "consents": _consents(case),
        "may": may,
        "review_form": forms.get("review") or ReviewForm(),
        "unpublish_form": forms.get("unpublish") or UnpublishForm(),
        "errors": forms.get("errors", []),
        "nav": "cases",
    }
    return render(request, "reintegration/story_detail.html", context, status=status)


@login_required
@require_GET
def story_detail(request, pk):
    return _story_page(request, _story(request, pk))


@login_required
def story_edit(request, pk):
    story = _story(request, pk, WRITE_STORY, write=request.method == "POST")
    if story.status not in (StoryStatus.DRAFT, StoryStatus.REJECTED):
        messages.error(request, _("A story can be changed only as a draft or when it was not approved."))
        return redirect("story-detail", pk=story.pk)
    initial = {"title": story.title, "body": story.body, "place": story.place, "shows_face": story.shows_face}
    form = StoryForm(request.POST or None, request.FILES or None, initial=initial, story=story)
    lock_version = request.POST.get("lock_version", story.lock_version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expected = int(lock_version)
        except (TypeError, ValueError):
            expected = -1
        try:
            story_actions.update_story(
                story,
                by=request.user,
                expected_lock_version=expected,
                title=data["title"],
                body=data["body"],
                place=data["place"],
                photo=data["photo"],
                remove_photo=data.get("remove_photo", False),
                shows_face=data["shows_face"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The story is saved."))
            return redirect("story-detail", pk=story.pk)
    return render(
        request,
        "reintegration/story_form.html",
        {
            "case": story.case,
            "story": story,
            "form": form,
            "lock_version": lock_version,
            "consents": _consents(story.case),
            "title": _("Change the story"),
            "nav": "cases",
        },
    )


def _story_step(request, pk, needed, action, done, form_class=None, form_key=None):
    story = _story(request, pk, needed, write=True)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _story_page(request, story, forms={form_key: form})
    try:
        action(story, form.cleaned_data if form is not None else {})
    except DomainError as exc:
        if form is not None:
            apply_domain_error(form, exc)
            return _story_page(request, story, forms={form_key: form})
        messages.error(request, exc.message)
        return redirect("story-detail", pk=story.pk)
    messages.success(request, done)
    return redirect("story-detail", pk=story.pk)


@login_required
@require_POST
def story_submit(request, pk):
    return _story_step(
        request,
        pk,
        WRITE_STORY,
        lambda story, data: story_actions.submit_story(story, by=request.user),
        _("The story is submitted for review."),
    )


@login_required
@require_POST
def story_review(request, pk):
    return _story_step(
        request,
        pk,
        REVIEW_STORY,
        lambda story, data: story_actions.review_story(
            story, by=request.user, approve=data["decision"] == "approve", note=data["note"]
        ),
        _("Your review is recorded."),
        ReviewForm,
        "review",
    )


@login_required
@require_POST
def story_publish(request, pk):
    return _story_step(
        request,
        pk,
        REVIEW_STORY,
        lambda story, data: story_actions.publish_story(story, by=request.user),
        _("The story is published."),
    )


@login_required
@require_POST
def story_unpublish(request, pk):
    return _story_step(
        request,
        pk,
        REVIEW_STORY | WRITE_STORY,
        lambda story, data: story_actions.unpublish_story(story, by=request.user, reason=data["reason"]),
        _("The story is withdrawn."),
        UnpublishForm,
        "unpublish",
    )


# Published stories -----------------------------------------------------------------


def published_stories():
    """Published stories whose consents still stand (checked on display: a
    withdrawn consent takes a story off even before anyone acts on it)."""
    stories = list(
        Story.objects.filter(status=StoryStatus.PUBLISHED)
        .select_related("case", "case__principal")
        .order_by("-published_at", "-pk")
    )
    shown = []
    for story in stories:
        if story_actions.consent_given(story.case, ConsentPurpose.STORY) is None:
            continue
        if story.shows_face and story_actions.consent_given(story.case, ConsentPurpose.STORY_PHOTO) is None:
            continue
        shown.append(story)
    return shown


@login_required
@require_GET
def stories(request):
    if not is_agency_staff(request.user):
        raise PermissionDenied
    return render(request, "reintegration/story_published.html", {"stories": published_stories(), "nav": "home"})


@login_required
@require_GET
def story_photo(request, pk):
    story = Story.objects.select_related("case", "photo", "case__office").filter(pk=pk).first()
    if story is None or story.photo is None:
        raise Http404
    published = story in published_stories() if story.status == StoryStatus.PUBLISHED else False
    if not (published and is_agency_staff(request.user)):
        if not case_roles(request.user, story.case) & SEE_STORIES:
            raise Http404
    path = Path(settings.ATTACHMENTS_ROOT) / story.photo.stored_name
    if not path.is_file():
        raise Http404
    audit.record_access(request.user, "attachment.downloaded", story.photo, case_id=story.case_id)
    return FileResponse(open(path, "rb"), content_type=story.photo.content_type)
