"""The rules pages: the published versions and drafts of the programmes an
agency runs; uploading a draft (agency administrators) and simulating it over
the agency's cases (agency administrators and analysts: a simulation changes
nothing, so the read-only analyst may run one too). Anyone else gets 403."""

import datetime
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import visible_cases
from core import audit
from core.forms import DateInput, GovukForm
from core.models import AuditKind
from eligibility.loader import RuleFileError, parse, upload_draft
from eligibility.models import Programme, RuleVersion, VersionStatus
from eligibility.service import version_in_force
from eligibility.simulation import simulate
from organisations.access import memberships_of
from organisations.models import Role

# Who may see the rules and simulate drafts; who may upload them.
POLICY_ROLES = {Role.AGENCY_ADMIN, Role.ANALYST}
UPLOAD_ROLES = {Role.AGENCY_ADMIN}
MAX_RULE_FILE = 256 * 1024
DEFAULT_PERIOD = datetime.timedelta(days=365)


# --- Access --------------------------------------------------------------------


def policy_agencies(user, roles: set[str] = POLICY_ROLES) -> set[str]:
    """Codes of the agencies where the user holds one of `roles`."""
    return {m.office.agency.code for m in memberships_of(user) if m.role in roles}


def policy_programmes(user, roles: set[str] = POLICY_ROLES) -> list[Programme]:
    """The programmes run by those agencies; 403 for anyone without such a role."""
    agencies = policy_agencies(user, roles)
    if not agencies:
        raise PermissionDenied
    return [p for p in Programme.objects.all() if any(p.is_run_by(a) for a in agencies)]


def get_draft_for_user(user, pk) -> RuleVersion:
    """A draft of a programme the user's agency runs: 403 without a policy
    role, 404 for any other draft (they cannot learn it exists)."""
    agencies = policy_agencies(user)
    if not agencies:
        raise PermissionDenied
    draft = (
        RuleVersion.objects.select_related("programme", "uploaded_by").filter(pk=pk, status=VersionStatus.DRAFT).first()
    )
    if draft is None or not any(draft.programme.is_run_by(a) for a in agencies):
        raise Http404
    return draft


def simulation_cases(user, programme: Programme):
    """The cases a simulation reads: those the user can see in the agencies
    where they hold a policy role and which run the programme."""
    codes = [a for a in policy_agencies(user) if programme.is_run_by(a)]
    return visible_cases(user).filter(office__agency__code__in=codes)


# --- Forms ---------------------------------------------------------------------


class DraftUploadForm(GovukForm):
    file = forms.FileField(
        label=gettext_lazy("Rule file"),
        help_text=gettext_lazy(
            "A YAML file in the format of the repository's rule files (eligibility/rules/). It is checked the same "
            "way and stored as a draft, which only simulations read."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RULE_FILE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_RULE_FILE)}
            )
        try:
            self.text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        return upload


class PeriodForm(GovukForm):
    """The period of a simulation, read from ?from=...&to=..."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are added by name.
        self.fields["from"] = forms.DateField(label=_("Cases opened from"), widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("Cases opened until"), widget=DateInput())
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-input"

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", _("The end of the period is before its start."))
        return data


# --- Actions -------------------------------------------------------------------


@transaction.atomic
def store_draft(user, text: str, source: str) -> tuple[RuleVersion, bool]:
    """Validate and store an uploaded draft, with its audit event: all or
    nothing. Returns (draft, whether it replaced a draft of the same version).
    Raises RuleFileError naming the file, the place and the problem."""
    content = parse(text, source)
    agencies = policy_agencies(user, UPLOAD_ROLES)
    programme = Programme.objects.filter(code=content["programme"]).first()
    if programme is None or not any(programme.is_run_by(a) for a in agencies):
        raise RuleFileError(
            source,
            "programme",
            _("%(code)s is not a programme your agency runs (new programmes come from the repository's rule files).")
            % {"code": content["programme"]},
        )
    # The loader writes a draft's name and run_by onto the programme itself:
    # a draft must not change who is offered the published programme.
    runners = {a for a in programme.run_by.split(",") if a}
    if set(content.get("run_by", [])) != runners:
        raise RuleFileError(
            source,
            "run_by",
            _("a draft cannot change which agencies run the programme (%(agencies)s): change it in the repository.")
            % {"agencies": ", ".join(sorted(runners))},
        )
    if content["name"] != programme.name:
        raise RuleFileError(
            source,
            "name",
            _("a draft cannot rename the programme (“%(name)s”): change it in the repository.")
            % {"name": programme.name},
        )
    replaced = RuleVersion.objects.filter(
        programme=programme, label=content["version"], status=VersionStatus.DRAFT
    ).exists()
    draft = upload_draft(text, source, by=user)
    audit.record(
        user,
        "eligibility.draft_replaced" if replaced else "eligibility.draft_uploaded",
        draft,
        changes={"programme": [None, programme.code], "label": [None, draft.label], "source_name": [None, source]},
    )
    return draft, replaced


# --- Views ---------------------------------------------------------------------


@login_required
def rules(request):
    programmes = policy_programmes(request.user)
    versions = (
        RuleVersion.objects.filter(programme__in=programmes)
        .select_related("uploaded_by")
        .order_by("programme__code", "-valid_from", "-created_at")
    )
    today = timezone.localdate()
    rows = {}
    for p in programmes:
        in_force = version_in_force(p, today)
        rows[p.pk] = {"programme": p, "published": [], "drafts": [], "in_force": in_force.pk if in_force else None}
    for version in versions:
        side = "published" if version.status == VersionStatus.PUBLISHED else "drafts"
        rows[version.programme_id][side].append(version)
    return render(
        request,
        "eligibility/policy_rules.html",
        {
            "rows": list(rows.values()),
            "can_upload": bool(policy_agencies(request.user, UPLOAD_ROLES)),
            "nav": "rules",
        },
    )


@login_required
def draft_upload(request):
    policy_programmes(request.user, UPLOAD_ROLES)  # 403 for anyone but an agency administrator
    posted = request.method == "POST"
    # Bound on any POST, even an empty one: a missing file is an error to show.
    form = DraftUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        source = Path(form.cleaned_data["file"].name).name
        try:
            draft, replaced = store_draft(request.user, form.text, source)
        except RuleFileError as exc:
            form.add_error(
                "file",
                _("%(file)s, at %(place)s: %(problem)s")
                % {"file": exc.source, "place": exc.place or _("the top"), "problem": exc.problem},
            )
        else:
            text = (
                _("Draft %(version)s of %(programme)s replaces the earlier draft of that version.")
                if replaced
                else _("Draft %(version)s of %(programme)s is stored. Choose a period to simulate it.")
            )
            messages.success(request, text % {"version": draft.label, "programme": draft.programme.code})
            return redirect("rules-draft-simulate", pk=draft.pk)
    return render(
        request,
        "eligibility/policy_upload.html",
        {"form": form, "max_size": MAX_RULE_FILE, "nav": "rules"},
    )


@login_required
def draft_simulate(request, pk):
    draft = get_draft_for_user(request.user, pk)
    today = timezone.localdate()
    asked = "from" in request.GET or "to" in request.GET
    form = PeriodForm(
        request.GET if asked else None,
        initial={"from": today - DEFAULT_PERIOD, "to": today},
    )
    sim = None
    if asked and form.is_valid():
        date_from, date_to = form.cleaned_data["from"], form.cleaned_data["to"]
        sim = simulate(
            draft,
            simulation_cases(request.user, draft.programme),
            date_from=date_from,
            date_to=date_to,
        )
        # The simulation read every case of the period: say who looked.
        audit.record(
            request.user,
            "eligibility.draft_simulated",
            draft,
            kind=AuditKind.ACCESS,
            changes={"from": [None, date_from], "to": [None, date_to], "cases": [None, sim.evaluated]},
        )
    published = RuleVersion.objects.filter(programme=draft.programme, status=VersionStatus.PUBLISHED).order_by(
        "-valid_from"
    )
    return render(
        request,
        "eligibility/policy_simulate.html",
        {"draft": draft, "form": form, "sim": sim, "published": published, "nav": "rules"},
    )
