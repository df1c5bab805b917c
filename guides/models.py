"""Conversation guides and practice notes, and their sharing across agencies.

A guide belongs to an agency and lives as numbered versions: one draft at a
time, then published and never changed again (a new version starts as a copy
of the last). A version is written in one or more languages: the structure
(sections, and in them items of four kinds) is shared by every language, and
each language has its own texts, so a point ticked in a French interview is
the same point as in the Dutch text. Sections and items keep a key across
versions and across copies to other agencies: that is how two versions are
compared and how an adopted copy takes in the original's later changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.languages import validate_language


class Phase(models.TextChoices):
    ORIENTATION = "orientation", _("Orientation")
    CONSIDERATION = "consideration", _("Consideration")
    DECISION = "decision", _("Decision")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure")
    REINTEGRATION = "reintegration", _("Post-arrival reintegration counselling")


class ItemKind(models.TextChoices):
    KEY_MESSAGE = "key_message", _("Key message")
    QUESTION = "question", _("Open question")
    CHECKPOINT = "checkpoint", _("Checklist point")
    NOTE = "note", _("Note for the counsellor")


# The kinds a counsellor ticks during an interview: what was said and checked.
POINT_KINDS = (ItemKind.KEY_MESSAGE, ItemKind.CHECKPOINT)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Guide(models.Model):
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="guides")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, db_index=True)
    # An adopted copy: the other agency's guide it was copied from.
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("adopted from"),
    )
    # In the shared library (its published versions visible to every agency) since.
    shared_at = models.DateTimeField(_("shared since"), null=True, blank=True, db_index=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Keys of new sections and items are "g<guide>-<n>": unique across every
    # agency's copies, the same on every run of the demo.
    next_key = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phase", "pk"]
        verbose_name = _("conversation guide")

    def __str__(self) -> str:
        return f"{self.get_phase_display()} ({self.agency})"


class GuideVersion(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    # For an adopted guide: the original's version this version follows.
    origin_version = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("follows")
    )
    change_note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every change to a draft bumps it; a form sent with
    # an older value is refused rather than overwriting someone else's edit.
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["guide", "-number"]
        verbose_name = _("guide version")
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guides_unique_version_number"),
            models.UniqueConstraint(
                fields=["guide"], condition=Q(status=VersionStatus.DRAFT), name="guides_one_draft_per_guide"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class VersionLanguage(models.Model):
    """A language the version is written in, with its title there. The first
    (lowest position) is the reference language translators work from."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, validators=[validate_language], db_index=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="guides_unique_version_language")]


class Section(models.Model):
    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="guides_unique_section_key")]


class SectionText(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=3, validators=[validate_language])
    title = models.CharField(_("section title"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "language"], name="guides_unique_section_text")]


class Item(models.Model):
    # The version again (not only through the section) so that keys are
    # unique per version and a version's items come in one query.
    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=30)
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="guides_unique_item_key")]

    @property
    def is_point(self) -> bool:
        return self.kind in POINT_KINDS


class ItemText(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=3, validators=[validate_language])
    text = models.TextField(_("text"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "language"], name="guides_unique_item_text")]


class GuideUse(models.Model):
    """An interview run from a guide: which version, in which language, and
    which of its points (key messages and checklist points) were covered."""

    interview = models.OneToOneField("counselling.Interview", on_delete=models.CASCADE, related_name="guide_use")
    version = models.ForeignKey(GuideVersion, on_delete=models.PROTECT, related_name="uses")
    language = models.CharField(_("language of the guide"), max_length=3, validators=[validate_language])
    # Ids of the version's items (the version never changes once published).
    covered = models.JSONField(_("points covered"), default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guide use")


class PracticeNote(models.Model):
    """A good practice written down by an agency: shared in the library, it
    can be adopted (copied) by another agency and kept in step with it."""

    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="practice_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    language = models.CharField(_("language"), max_length=3, validators=[validate_language], db_index=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True, db_index=True)
    shared_at = models.DateTimeField(_("shared since"), null=True, blank=True, db_index=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("adopted from"),
    )
    # The original's revision this copy last took in.
    origin_revision = models.PositiveIntegerField(null=True, blank=True)
    # Bumped on every change: the adopters' "updated" notice and optimistic locking.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("practice note")

    def __str__(self) -> str:
        return self.title

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]
