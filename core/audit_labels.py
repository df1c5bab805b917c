"""Words for the audit trail page: what each recorded action means, and the
label of each changed field, in the reader's language."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "person.imported": _("People imported from a file"),
    "person.merged": _("Records merged"),
    "person.merge_undone": _("Merge undone"),
    "person.not_duplicate": _("Marked as not the same person"),
    "person.registered_over_match": _("Registered although a similar record exists"),
    "country_section.updated": _("Country information changed"),
    "country_question.asked": _("Question to the country asked"),
    "country_question.answered": _("Question to the country answered"),
    "knowledge.published": _("Answer shared in the knowledge base"),
    "knowledge.withdrawn": _("Shared answer withdrawn"),
    "screening.recorded": _("Vulnerability screening recorded"),
    "sheet.downloaded": _("Information sheet downloaded"),
    "exchange.created": _("Staff exchange recorded"),
    "exchange.updated": _("Staff exchange changed"),
    "exchange.material_added": _("Exchange material added"),
    "exchange.material_removed": _("Exchange material removed"),
    "guide.created": _("Conversation guide created"),
    "guide.version_started": _("New guide version started"),
    "guide.draft_discarded": _("Guide draft discarded"),
    "guide.published": _("Guide version published"),
    "guide.shared": _("Guide shared with other agencies"),
    "guide.unshared": _("Guide no longer shared"),
    "guide.adopted": _("Guide adopted from another agency"),
    "guide.origin_taken_in": _("Original guide's changes taken in"),
    "guide.section_added": _("Guide section added"),
    "guide.section_changed": _("Guide section changed"),
    "guide.section_removed": _("Guide section removed"),
    "guide.item_added": _("Guide point added"),
    "guide.item_changed": _("Guide point changed"),
    "guide.item_removed": _("Guide point removed"),
    "guide.language_added": _("Guide language added"),
    "guide.language_changed": _("Guide language changed"),
    "guide.language_removed": _("Guide language removed"),
    "guide.translated": _("Guide translated"),
    "guide_use.recorded": _("Interview run from a guide"),
    "guide_use.updated": _("Guide points covered changed"),
    "practice_note.written": _("Practice note written"),
    "practice_note.changed": _("Practice note changed"),
    "practice_note.shared": _("Practice note shared"),
    "practice_note.unshared": _("Practice note no longer shared"),
    "practice_note.adopted": _("Practice note adopted"),
    "practice_note.origin_taken_in": _("Original practice note's changes taken in"),
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
