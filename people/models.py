from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.languages import validate_language
from core.names import normalise_document_number, normalise_name


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class DobPrecision(models.TextChoices):
    FULL = "full", _("Full date")
    YEAR_MONTH = "year_month", _("Year and month")
    YEAR = "year", _("Year only")
    UNKNOWN = "unknown", _("Unknown")


class Person(models.Model):
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    original_script_name = models.CharField(_("name in original script"), max_length=300, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # With a partial date, the unknown parts are stored as 1 and the precision
    # says which parts are real.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    dob_precision = models.CharField(
        _("date of birth precision"), max_length=12, choices=DobPrecision.choices, default=DobPrecision.UNKNOWN
    )
    nationality = CountryField(_("nationality"), blank=True, db_index=True)
    country_of_birth = CountryField(_("country of birth"), blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    registered_by_office = models.ForeignKey(
        "organisations.Office", on_delete=models.PROTECT, related_name="registered_people"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: an edit made from a stale page is refused, not applied.
    version = models.PositiveIntegerField(default=1)
    # Every name and alias, normalised, for "any variant" search.
    search_names = models.TextField(blank=True, editable=False)
    # Set when a team leader merged this record into another one; the record is
    # kept (hidden from lists and matching) so that the merge can be undone.
    # Where a bulk import brought the record from (see manage.py import_people).
    imported_in = models.ForeignKey(
        "people.PersonImport", on_delete=models.PROTECT, null=True, blank=True, related_name="people", editable=False
    )
    external_id = models.CharField(_("identifier in the source file"), max_length=100, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from", editable=False
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name.upper()}".strip()

    @property
    def dob_display(self) -> str:
        d = self.date_of_birth
        if d is None or self.dob_precision == DobPrecision.UNKNOWN:
            return str(_("unknown"))
        if self.dob_precision == DobPrecision.YEAR:
            return f"{d.year}"
        if self.dob_precision == DobPrecision.YEAR_MONTH:
            return f"{d.month:02d}/{d.year}"
        return d.strftime("%d/%m/%Y")

    def refresh_search_names(self) -> None:
        parts = [self.given_name, self.family_name, self.original_script_name]
        if self.pk:
            parts += [a.name for a in self.aliases.all()]
        self.search_names = " | ".join(n for n in (normalise_name(p) for p in parts) if n)


class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="unique_person_language")]


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("Alias")
    SPELLING = "spelling", _("Other spelling")
    PREVIOUS = "previous", _("Previous name")


class Alias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        verbose_name = _("other name")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    LAISSEZ_PASSER = "laissez_passer", _("Consular laissez-passer")
    RESIDENCE = "residence_permit", _("Residence permit")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    OTHER = "other", _("Other")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=60)
    number_normalised = models.CharField(max_length=60, db_index=True, editable=False)
    issuing_country = CountryField(_("issuing country"))
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")

    def save(self, *args, **kwargs):
        self.number_normalised = normalise_document_number(self.number)
        super().save(*args, **kwargs)


class VulnerabilityKind(models.TextChoices):
    MINOR = "minor", _("Minor")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    MEDICAL = "medical", _("Medical condition")
    PREGNANCY = "pregnancy", _("Pregnancy")
    ELDERLY = "elderly", _("Elderly person")
    TRAFFICKING = "trafficking", _("Victim of trafficking")
    GBV = "gender_based_violence", _("Gender-based violence")
    DISABILITY = "disability", _("Disability")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SINGLE_PARENT = "single_parent", _("Single parent")


class Vulnerability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vulnerabilities")
    kind = models.CharField(_("vulnerability"), max_length=30, choices=VulnerabilityKind.choices)
    details = models.TextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")


class Relation(models.TextChoices):
    PRINCIPAL = "principal", _("Principal applicant")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other relative")


class Household(models.Model):
    principal = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="headed_household")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    relation = models.CharField(_("relation to the principal applicant"), max_length=12, choices=Relation.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "person"], name="unique_household_member")]


class PersonImport(models.Model):
    """One run of manage.py import_people: what file, who, how many rows."""

    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    office = models.ForeignKey(
        "organisations.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)


class MatchProfile(models.Model):
    """What identity matching compares, one row per person, rebuilt from the
    record by people.matching.index: names as ASCII tokens (any script,
    accents dropped), a 1 January placeholder birth date as a year only."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="match_profile")
    office = models.ForeignKey("organisations.Office", on_delete=models.CASCADE, related_name="+")
    given = models.CharField(max_length=300, blank=True)
    family = models.CharField(max_length=300, blank=True)
    other = models.CharField(max_length=1000, blank=True)
    dob = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(max_length=12, default=DobPrecision.UNKNOWN)
    sex = models.CharField(max_length=10, default=Sex.UNKNOWN)
    nationality = models.CharField(max_length=2, blank=True)
    documents = models.CharField(max_length=500, blank=True)
    phone = models.CharField(max_length=20, blank=True)


class MatchKey(models.Model):
    """Blocking keys: a 64-bit hash of a name-variant pair, a variant and a
    birth year, a document number or a phone number. Candidates for a query
    are the people sharing its keys, so a look-up reads a few index ranges
    whatever the size of the registry."""

    key = models.BigIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="people_matchkey_key_person")]


class PairStatus(models.TextChoices):
    OPEN = "open", _("To review")
    NOT_SAME = "not_same", _("Not the same person")
    MERGED = "merged", _("Merged")


class DuplicatePair(models.Model):
    """A potential duplicate found by find_duplicates, for a team leader to
    review. `first` is always the lower id, so a pair is found only once."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_duplicate_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="people_pair_status_score")]


class RegistryScan(models.Model):
    """One scan of the whole registry by find_duplicates, and what it
    estimated: the share of record pairs that are one person (log2 odds).
    The latest scan's estimate is the prior of every look-up
    (people.matching.prior): among a million people, agreeing names and
    year weigh less than among a thousand."""

    finished_at = models.DateTimeField(auto_now_add=True)
    records = models.PositiveIntegerField()
    compared = models.PositiveBigIntegerField()
    prior = models.FloatField()


class PersonMerge(models.Model):
    """One merge of `merged` into `kept`, with what it changed (field values
    before, rows moved, aliases added) so that it can be undone."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(DuplicatePair, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges")
    undo = models.JSONField(default=dict)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
