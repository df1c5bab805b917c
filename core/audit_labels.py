"""Words for the audit trail page: what each recorded action means, and the
label of each changed field, in the reader's language."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "attachment.added": _("File attached"),
    "attachment.downloaded": _("File downloaded"),
    "case.member_added": _("Household member added to the case"),
    "case.opened": _("Case opened"),
    "case.transition": _("Status changed"),
    "case.updated": _("Case details changed"),
    "consent.recorded": _("Consent recorded"),
    "interview.recorded": _("Interview recorded"),
    "interview.updated": _("Interview corrected"),
    "note.added": _("Note added"),
    "person.alias_added": _("Other name added"),
    "person.document_added": _("Document added"),
    "person.household_member_added": _("Household member added"),
    "person.registered": _("Person registered"),
    "person.updated": _("Person's details changed"),
    "person.viewed": _("Person's record viewed"),
    "person.vulnerability_added": _("Vulnerability recorded"),
}
EXTRA_FIELDS = {
    "languages": _("languages"),
    "members": _("household members"),
    "member": _("household member"),
    "reason": _("reason"),
    "file": _("file"),
    "number": _("case number"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def field_label(object_type: str, field: str) -> str:
    if field in EXTRA_FIELDS:
        return str(EXTRA_FIELDS[field])
    try:
        return str(apps.get_model(object_type)._meta.get_field(field).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return field
