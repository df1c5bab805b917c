"""Attachments and the audit trail of a case."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases import actions
from cases.access import READ_AUDIT, SEE_ASYLUM_FILE, UPLOAD, get_case_for_user, require
from cases.forms import AttachmentForm
from core import audit
from core.audit_labels import action_label, field_label, value_label
from core.errors import DomainError
from core.models import AuditEvent
from people.access import get_person_for_user
from people.views import _apply_errors


def _upload(request, *, case=None, person=None):
    """Attach a file to a case or to a person's record."""
    owner = case or person
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_attachment(
                by=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                case=case,
                person=person,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("case-detail" if case else "person-detail", pk=owner.pk)
    template = "cases/case_subform.html" if case else "people/person_add.html"
    return render(
        request,
        template,
        {
            "case": case,
            "person": person,
            "form": form,
            "title": _("Attach a file"),
            "multipart": True,
        },
    )


def _download(request, attachment, *, case_id=None, person_id=None):
    path = Path(settings.ATTACHMENTS_ROOT) / attachment.stored_name
    if not path.is_file():
        raise Http404
    audit.record_access(request.user, "attachment.downloaded", attachment, case_id=case_id, person_id=person_id)
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
def attachment_upload(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, UPLOAD)
    return _upload(request, case=case)


@login_required
def attachment_download(request, pk, attachment_pk):
    case = get_case_for_user(request.user, pk)
    require(case, SEE_ASYLUM_FILE)
    attachment = case.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return _download(request, attachment, case_id=case.pk)


@login_required
def person_attachment_upload(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    return _upload(request, person=person)


@login_required
def person_attachment_download(request, pk, attachment_pk):
    person = get_person_for_user(request.user, pk)
    if not person.user_roles & SEE_ASYLUM_FILE:
        raise PermissionDenied
    attachment = person.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return _download(request, attachment, person_id=person.pk)


@login_required
def case_audit(request, pk):
    case = get_case_for_user(request.user, pk)
    require(case, READ_AUDIT)
    person_ids = list(case.case_members.values_list("person_id", flat=True))
    events = (
        (
            AuditEvent.objects.filter(case_id=case.pk)
            | AuditEvent.objects.filter(case_id__isnull=True, person_id__in=person_ids)
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.label = action_label(event.action)
        event.fields = []
        for name, values in event.changes.items():
            old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
            label = field_label(event.object_type, name)
            event.fields.append(
                (label, value_label(event.object_type, name, old), value_label(event.object_type, name, new))
            )
    return render(request, "cases/case_audit.html", {"case": case, "page": page})
