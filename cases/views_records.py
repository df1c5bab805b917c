"""Attachments and the audit trail of a case."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from people.views import _apply_errors


@login_required
def attachment_upload(request, pk):
    case = get_case_for_user(request.user, pk, write=True)
    require(case, UPLOAD)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_attachment(
                by=request.user, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], case=case
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("case-detail", pk=case.pk)
    return render(
        request,
        "cases/case_subform.html",
        {
            "case": case,
            "form": form,
            "title": _("Attach a file"),
            "multipart": True,
        },
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    case = get_case_for_user(request.user, pk)
    require(case, SEE_ASYLUM_FILE)
    attachment = case.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    path = Path(settings.ATTACHMENTS_ROOT) / attachment.stored_name
    if not path.is_file():
        raise Http404
    audit.record_access(request.user, "attachment.downloaded", attachment, case_id=case.pk)
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


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
