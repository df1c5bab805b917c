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
    "eligibility.proposed": _("Assistance package proposed"),
    "eligibility.approved": _("Assistance package approved"),
    "eligibility.returned": _("Assistance package sent back"),
    "eligibility.draft_uploaded": _("Draft rules uploaded"),
    "eligibility.draft_replaced": _("Draft rules replaced"),
    "eligibility.draft_simulated": _("Draft rules simulated"),
    "interview.recorded": _("Interview recorded"),
    "interview.updated": _("Interview corrected"),
    "note.added": _("Note added"),
    "person.alias_added": _("Other name added"),
    "booking.created": _("Booking made"),
    "booking.changed": _("Booking changed"),
    "booking.cancelled": _("Booking cancelled"),
    "departure.recorded": _("Departure day recorded"),
    "document_request.created": _("Laissez-passer requested"),
    "document_request.reminded": _("Consulate reminded"),
    "document_request.issued": _("Laissez-passer issued"),
    "document_request.closed": _("Laissez-passer request closed"),
    "premium.paid": _("Premium paid at departure"),
    "summons.downloaded": _("Departure summons downloaded"),
    "receipt.downloaded": _("Premium receipt downloaded"),
    "plan.drafted": _("Reintegration plan started"),
    "plan.amended": _("New version of the reintegration plan started"),
    "plan.changed": _("Reintegration plan summary changed"),
    "plan.objective_added": _("Plan objective added"),
    "plan.objective_changed": _("Plan objective changed"),
    "plan.objective_removed": _("Plan objective removed"),
    "plan.line_added": _("Plan budget line added"),
    "plan.line_changed": _("Plan budget line changed"),
    "plan.line_removed": _("Plan budget line removed"),
    "plan.submitted": _("Reintegration plan submitted for approval"),
    "plan.approved": _("Reintegration plan approved"),
    "plan.returned": _("Reintegration plan sent back"),
    "plan.superseded": _("Reintegration plan replaced by a later version"),
    "disbursement.recorded": _("Purchase in kind recorded"),
    "disbursement.proof_downloaded": _("Proof of purchase downloaded"),
    "exchange_rate.set": _("Exchange rate added"),
    "exchange_rate.changed": _("Exchange rate replaced"),
    "monitoring.scheduled": _("Monitoring visits scheduled"),
    "monitoring.visit_recorded": _("Monitoring visit recorded"),
    "rss.recorded": _("Reintegration Sustainability Survey recorded"),
    "rss.weights_loaded": _("Survey weights loaded"),
    "rss.weights_made_current": _("Survey weights made current; scores recomputed"),
    "programme.monitoring_months": _("Monitoring months of the programme changed"),
    "task.created": _("Task created"),
    "task.completed": _("Task done"),
    "task.reopened": _("Task reopened"),
    "person.document_added": _("Document added"),
    "person.household_member_added": _("Household member added"),
    "person.registered": _("Person registered"),
    "person.updated": _("Person's details changed"),
    "person.viewed": _("Person's record viewed"),
    "person.vulnerability_added": _("Vulnerability recorded"),
    "retroactive.registered": _("Returnee registered retroactively by a partner"),
    "retroactive.accepted": _("Retroactive registration accepted"),
    "retroactive.rejected": _("Retroactive registration rejected"),
    "retroactive.expired": _("Retroactive registration rejected automatically (no answer within 7 days)"),
    "retroactive.reopened": _("Retroactive registration reopened"),
    "story.written": _("Return story written"),
    "story.changed": _("Return story changed"),
    "story.submitted": _("Return story submitted for review"),
    "story.approved": _("Return story approved for publication"),
    "story.not_approved": _("Return story not approved"),
    "story.published": _("Return story published"),
    "story.unpublished": _("Return story withdrawn"),
    "referral.created": _("Case referred to a partner"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.completed": _("Referral completed"),
    "referral.withdrawn": _("Referral withdrawn"),
    "message.posted": _("Message sent"),
}
EXTRA_FIELDS = {
    "languages": _("languages"),
    "members": _("household members"),
    "member": _("household member"),
    "reason": _("reason"),
    "file": _("file"),
    "number": _("case number"),
    "programme": _("programme"),
    "segments": _("journey"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def _field(object_type: str, name: str):
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def field_label(object_type: str, name: str) -> str:
    if name in EXTRA_FIELDS:
        return str(EXTRA_FIELDS[name])
    field = _field(object_type, name)
    return str(field.verbose_name) if field is not None else name


def value_label(object_type: str, name: str, value):
    """A stored code shown as its label ("ready_to_depart" as "Ready to depart")."""
    field = _field(object_type, name)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return str(choices.get(value, value)) if isinstance(value, str) else value
