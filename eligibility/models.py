from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """An assistance programme (fedasil-return, ofii-return, ...). Its rules
    live in versions; which agencies run it is said in the rule files."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # Agency codes, comma-separated: the programmes an agency's staff are offered.
    run_by = models.CharField(max_length=200, blank=True)
    # Monitoring visits after arrival, in months (3, 6 and 12 by default).
    monitoring_months = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def is_run_by(self, agency_code: str) -> bool:
        return agency_code in self.run_by.split(",")


class VersionStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    DRAFT = "draft", _("Draft")


class RuleVersion(models.Model):
    """One dated version of a programme's rules: the validated content of a
    rule file. Published versions come from eligibility/rules/ in the
    repository; drafts are uploaded by agency administrators for simulation."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("version"), max_length=40)
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.PUBLISHED)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    # The rule document, as validated against eligibility/schema.py: this is
    # configuration, read whole by the engine, never queried by its parts.
    content = models.JSONField()
    source_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "label", "status"], name="unique_rule_version_label")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.label}"


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")


class Decision(models.Model):
    """An eligibility decision on a case: the facts, the rule version and the
    result are frozen when it is proposed; a second person approves it."""

    case = models.ForeignKey("cases.ReturnCase", on_delete=models.CASCADE, related_name="eligibility_decisions")
    rule_version = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="decisions")
    facts = models.JSONField()
    result = models.JSONField()
    eligible = models.BooleanField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["case", "status"])]
