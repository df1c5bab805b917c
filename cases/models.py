from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.lifecycle import OPEN_STATUSES, Status
from core.languages import validate_language
from people.models import Relation


class AdministrativeStatus(models.TextChoices):
    ASYLUM_PENDING = "asylum_pending", _("Asylum claim pending")
    ASYLUM_REJECTED = "asylum_rejected", _("Asylum claim rejected")
    IRREGULAR_STAY = "irregular_stay", _("Irregular stay")
    OTHER = "other", _("Other")


class ProcedureStage(models.TextChoices):
    NONE = "", _("Not in an asylum procedure")
    LODGED = "lodged", _("Claim lodged")
    INTAKE = "intake", _("Intake interview")
    FIRST_NEGATIVE = "first_negative", _("Negative first decision")
    APPEAL = "appeal", _("Appeal pending")
    FINAL_REJECTION = "final_rejection", _("Final rejection")


class ReferralSource(models.TextChoices):
    ASYLUM_PROCEDURE = "asylum_procedure", _("Information during the asylum procedure")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre social worker")
    SUMMONS = "summons", _("Summons")
    WALK_IN = "walk_in", _("Walk-in at a return desk")
    PHONE_LINE = "phone_line", _("Free phone line")
    NGO = "ngo", _("NGO or partner")
    WORD_OF_MOUTH = "word_of_mouth", _("Family or friends")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class ReturnCase(models.Model):
    number = models.CharField(_("case number"), max_length=40, unique=True)
    office = models.ForeignKey("organisations.Office", on_delete=models.PROTECT, related_name="cases")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="counselled_cases"
    )
    principal = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="principal_cases")
    members = models.ManyToManyField("people.Person", through="CaseMember", related_name="cases")
    country_of_return = CountryField(_("country of return"), db_index=True)
    region_of_return = models.CharField(_("region or city of return"), max_length=150, blank=True)
    administrative_status = models.CharField(
        _("administrative situation"), max_length=20, choices=AdministrativeStatus.choices
    )
    procedure_stage = models.CharField(
        _("asylum procedure stage"), max_length=20, choices=ProcedureStage.choices, blank=True
    )
    asylum_decision_date = models.DateField(_("date of the asylum decision"), null=True, blank=True)
    removal_order_date = models.DateField(_("date of the removal order"), null=True, blank=True)
    removal_order_authority = models.CharField(
        _("authority that issued the removal order"),
        max_length=100,
        blank=True,
        help_text=_("For example the prefecture, as a short code such as prefecture-nord."),
    )
    arrival_date = models.DateField(_("date of arrival in the country"), null=True, blank=True)
    # Belgium gives an "open return place" for a limited time after a final
    # rejection; the departure must be organised before it ends.
    open_return_place_until = models.DateField(_("open return place until"), null=True, blank=True)
    referral_source = models.CharField(
        _("how the person heard of the programme"), max_length=20, choices=ReferralSource.choices
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.INTAKE, db_index=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("return case")
        verbose_name_plural = _("return cases")
        indexes = [models.Index(fields=["office", "status"]), models.Index(fields=["counsellor", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseMember(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="case_members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_memberships")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="unique_case_member")]


class CaseSequence(models.Model):
    """The last number given per office and year; incremented under a row lock."""

    office = models.ForeignKey("organisations.Office", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="unique_case_sequence")]


class Transition(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=24, choices=Status.choices)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class ConsentPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("Processing for counselling and return")
    PARTNER_SHARING = "partner_sharing", _("Sharing with a reintegration partner")
    STATISTICS = "statistics", _("Statistics")
    STORY = "story", _("Publishing an anonymised return story")
    STORY_PHOTO = "story_photo", _("Showing their face in a return story photo")


class ConsentState(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    ORAL_INTERPRETER = "oral_interpreter", _("Orally, with an interpreter")
    ORAL = "oral", _("Orally")
    ELECTRONIC = "electronic", _("Electronically")


class Consent(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    state = models.CharField(_("state"), max_length=10, choices=ConsentState.choices)
    date = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])
    method = models.CharField(_("how obtained"), max_length=20, choices=ConsentMethod.choices)
    partner = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("consent")


class NoteVisibility(models.TextChoices):
    OFFICE = "office", _("My office")
    AGENCY = "agency", _("My agency")


class Note(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_office = models.ForeignKey("organisations.Office", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    visibility = models.CharField(_("visible to"), max_length=10, choices=NoteVisibility.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferralPurpose(models.TextChoices):
    REINTEGRATION = "reintegration", _("Reintegration")
    MEDICAL = "medical", _("Medical follow-up")
    ARRIVAL = "arrival", _("Arrival assistance")


class Referral(models.Model):
    """A case shared with a partner organisation (or one of its offices
    abroad) for a purpose. A partner caseworker sees the cases with a live
    referral to their organisation, and in them only what reintegration needs."""

    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="referrals")
    # The partner's office that takes the case, when the referral names one.
    partner_office = models.ForeignKey(
        "organisations.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("partner office"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=ReferralPurpose.choices, default=ReferralPurpose.REINTEGRATION
    )
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    message = models.TextField(_("message to the partner"), blank=True)
    # The consent to sharing the referral was made under.
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why it was declined or withdrawn.
    reason = models.TextField(_("reason"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    LIVE = [ReferralStatus.PENDING, ReferralStatus.ACCEPTED]


class Attachment(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # Path relative to ATTACHMENTS_ROOT; a random name, never the uploaded one.
    stored_name = models.CharField(max_length=100, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False), name="attachment_has_owner"
            )
        ]
