"""Reintegration with partners in the country of return: the plan and its
budget, purchases in kind, monitoring visits with the Reintegration
Sustainability Survey, messages between the sending office and the partner,
retroactive cases registered by partners, and return stories."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")
    SUPERSEDED = "superseded", _("Replaced by a later version")


class Area(models.TextChoices):
    """What an objective or a budget line is about."""

    MICRO_BUSINESS = "micro_business", _("Micro-business")
    EMPLOYMENT = "employment", _("Employment or training")
    HOUSING = "housing", _("Housing")
    MEDICAL = "medical", _("Medical")
    EDUCATION = "education", _("Education")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    OTHER = "other", _("Other")


class Plan(models.Model):
    """One version of a case's reintegration plan. Amending an approved plan
    makes a new version; the approved one stays visible until a later one is
    approved, and then becomes superseded."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="reintegration_plans")
    referral = models.ForeignKey("cases.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    # The approved reintegration budget when the plan was submitted.
    ceiling = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="unique_plan_version")]

    def __str__(self) -> str:
        return f"{self.case} v{self.version}"


class Objective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    area = models.CharField(_("area"), max_length=16, choices=Area.choices)
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]


class BudgetLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=16, choices=Area.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]


class ExchangeRate(models.Model):
    """What one unit of a currency was worth in euros on a day, as the
    partner filled it in (no call to the internet)."""

    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="exchange_rates")
    currency = models.CharField(_("currency"), max_length=3)
    on = models.DateField(_("date"))
    euros_per_unit = models.DecimalField(_("euros for one unit"), max_digits=14, decimal_places=8)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["currency", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "currency", "on"], name="unique_exchange_rate_per_day")
        ]


class Disbursement(models.Model):
    """A purchase in kind for the returnee, paid from an approved plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="disbursements")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="disbursements")
    what = models.CharField(_("what was bought"), max_length=300)
    supplier = models.CharField(_("from whom"), max_length=200)
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    euros_per_unit = models.DecimalField(_("exchange rate to EUR"), max_digits=14, decimal_places=8)
    amount_eur = models.DecimalField(_("amount in EUR"), max_digits=12, decimal_places=2)
    proof = models.ForeignKey(
        "cases.Attachment", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proof")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]


class VisitMode(models.TextChoices):
    HOME = "home", _("Home visit")
    OFFICE = "office", _("At the partner's office")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class MonitoringVisit(models.Model):
    """A visit scheduled at N months after arrival, then recorded."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="monitoring_visits")
    months = models.PositiveSmallIntegerField(_("months after arrival"))
    due_on = models.DateField(_("due"), db_index=True)
    done_on = models.DateField(_("date of the visit"), null=True, blank=True)
    mode = models.CharField(_("how"), max_length=8, choices=VisitMode.choices, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "months"]
        constraints = [models.UniqueConstraint(fields=["case", "months"], name="unique_visit_per_month")]


class RssWeights(models.Model):
    """A versioned set of weights for the Reintegration Sustainability Survey
    scores. Scores are recomputed from the raw answers when a new set is made
    current."""

    label = models.CharField(_("version"), max_length=40, unique=True)
    content = models.JSONField()
    is_current = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class SurveyResponse(models.Model):
    """The raw answers of one Reintegration Sustainability Survey, with the
    questionnaire version, and the scores computed with a weights version."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="rss_responses")
    visit = models.OneToOneField(
        MonitoringVisit, on_delete=models.CASCADE, null=True, blank=True, related_name="survey"
    )
    questionnaire = models.CharField(_("questionnaire version"), max_length=40)
    answers = models.JSONField()
    weights = models.ForeignKey(RssWeights, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    economic = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    social = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    psychosocial = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    composite = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    taken_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "taken_on", "pk"]


class Message(models.Model):
    """A message on a case between the sending office and one partner: each
    partner reads only its own thread with the sending office."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="messages")
    partner = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("partner")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_office = models.ForeignKey("organisations.Office", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class RetroStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the sending agency")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Rejected: no answer within 7 days")


class RetroactiveRegistration(models.Model):
    """A returnee registered by a partner after a return made without a case
    in Retour. The sending agency accepts or rejects it within 7 days."""

    case = models.OneToOneField("cases.ReturnCase", on_delete=models.CASCADE, related_name="retroactive")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partner_office = models.ForeignKey("organisations.Office", on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("date of return"))
    deadline = models.DateTimeField(_("answer due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RetroStatus.choices, default=RetroStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved for publication")
    REJECTED = "rejected", _("Not approved")
    PUBLISHED = "published", _("Published")


class Story(models.Model):
    """An anonymised return story written by a partner with the returnee's
    explicit consent: no name, a city at most, no face unless consented."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="stories")
    consent = models.ForeignKey("cases.Consent", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("story"))
    place = models.CharField(_("city or region"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "cases.Attachment", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("photo")
    )
    shows_face = models.BooleanField(_("the photo shows the person's face"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = _("stories")
