"""Reading guides: which version and language to show, how much a guide is
used, and whether an adopted copy is behind its original. Nothing here
changes data."""

from django.db.models import BooleanField, Case, Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils.translation import get_language

from guides import content
from guides.models import Guide, GuideUse, GuideVersion, ItemKind, Phase, VersionLanguage, VersionStatus


def _count(qs, group: str):
    """A correlated count of `qs` grouped by `group` (= the outer guide)."""
    sub = qs.filter(**{group: OuterRef("pk")}).order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def with_stats(guides: QuerySet[Guide]) -> QuerySet[Guide]:
    """Each guide with its latest published number, the interviews run from
    it, its adoptions by other agencies and the interviews run from those
    copies; subqueries, so the list stays one query."""
    published = GuideVersion.objects.filter(guide=OuterRef("pk"), status=VersionStatus.PUBLISHED).order_by("-number")
    return guides.annotate(
        published_number=Subquery(published.values("number")[:1]),
        uses_count=_count(GuideUse.objects.all(), "version__guide"),
        adoptions_count=_count(Guide.objects.all(), "origin"),
        copy_uses_count=_count(GuideUse.objects.all(), "version__guide__origin"),
    )


def with_origin_ahead(guides: QuerySet[Guide]) -> QuerySet[Guide]:
    """Marks adopted copies whose (still shared) original published a version
    newer than any the copy's published versions follow: origin_ahead."""
    published = GuideVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-number")
    latest = published.filter(guide=OuterRef("origin"), guide__shared_at__isnull=False).values("number")[:1]
    followed = (
        published.filter(guide=OuterRef("pk"), origin_version__isnull=False)
        .order_by("-origin_version__number")
        .values("origin_version__number")[:1]
    )
    ahead = GreaterThan(Subquery(latest), Coalesce(Subquery(followed), 0))
    return guides.annotate(origin_ahead=Case(When(ahead, then=True), default=False, output_field=BooleanField()))


def attach_titles(guides: list[Guide], *, lang: str | None = None, drafts: bool = False) -> list[Guide]:
    """Sets guide.shown (the version listed: the latest published, or the
    draft for a guide never published when `drafts`), guide.title in the
    best language, guide.languages and guide.draft_number; two queries."""
    lang = lang or (get_language() or "en").split("-")[0]
    ids = [g.pk for g in guides]
    versions = GuideVersion.objects.filter(guide__in=ids).order_by("guide", "-number")
    latest: dict[int, GuideVersion] = {}
    drafts_of: dict[int, GuideVersion] = {}
    for v in versions:
        if v.status == VersionStatus.DRAFT:
            drafts_of[v.guide_id] = v
        elif v.guide_id not in latest:
            latest[v.guide_id] = v
    for g in guides:
        g.draft_number = drafts_of[g.pk].number if g.pk in drafts_of else None
        g.shown = latest.get(g.pk) or (drafts_of.get(g.pk) if drafts else None)
    langs: dict[int, list[VersionLanguage]] = {}
    for row in VersionLanguage.objects.filter(version__in=[g.shown.pk for g in guides if g.shown]):
        langs.setdefault(row.version_id, []).append(row)
    for g in guides:
        rows = langs.get(g.shown.pk, []) if g.shown else []
        g.languages = [r.language for r in rows]
        best = best_language(g.languages, lang)
        g.title = next((r.title for r in rows if r.language == best), "")
        g.summary = next((r.summary for r in rows if r.language == best), "")
    return guides


def best_language(available: list[str], *wanted: str | None) -> str | None:
    """The first wanted language the guide has, else the guide's first."""
    for code in wanted:
        if code and code in available:
            return code
    return available[0] if available else None


def interview_language_choice(version_languages: list[str], interview_lang: str, user_lang: str, office_lang: str):
    """Which language to run a guide in for an interview: the interview's,
    else the user's, else the office's, else English, else the guide's first."""
    return best_language(version_languages, interview_lang, user_lang, office_lang, "en")


def latest_published(guide: Guide) -> GuideVersion | None:
    return guide.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


def origin_news(guide: Guide) -> dict | None:
    """For an adopted guide whose original (still shared) has a newer
    published version than the copy follows: the versions and the changes.
    With "taken_in" set when the copy's draft already follows it."""
    origin = guide.origin
    if origin is None or origin.shared_at is None:
        return None
    latest = latest_published(origin)
    followed = (
        GuideVersion.objects.filter(
            pk__in=guide.versions.filter(status=VersionStatus.PUBLISHED)
            .exclude(origin_version=None)
            .values("origin_version")
        )
        .order_by("-number")
        .first()
    )
    if latest is None or followed is None or latest.number <= followed.number:
        return None
    draft = guide.versions.filter(status=VersionStatus.DRAFT).first()
    return {
        "latest": latest,
        "followed": followed,
        "changes": content.diff(content.load(followed), content.load(latest)),
        "taken_in": draft if draft is not None and draft.origin_version_id == latest.pk else None,
        "draft": draft,
    }


def coverage(use: GuideUse) -> dict:
    """The points of the version used (key messages and checklist points),
    which were covered and which were not, in the language used."""
    doc = content.load(use.version)
    langs = content.languages(doc)
    covered = set(use.covered)
    points, missed = [], []
    for s in doc["sections"]:
        for item in s["items"]:
            if item["kind"] in {"key_message", "checkpoint"}:
                entry = {
                    "id": item["id"],
                    "kind": item["kind"],
                    "text": content.pick(item["texts"], use.language, langs),
                }
                points.append(entry)
                if item["id"] not in covered:
                    missed.append(entry)
    return {"total": len(points), "covered": len(points) - len(missed), "points": points, "missed": missed}


def agency_has_guides(agency_id: int) -> bool:
    return (
        Guide.objects.filter(agency=agency_id)
        .filter(Exists(GuideVersion.objects.filter(guide=OuterRef("pk"), status=VersionStatus.PUBLISHED)))
        .exists()
    )


def display_diff(changes: dict, lang: str, fallback: list[str]) -> list[dict]:
    """The changes of content.diff as rows to show: what happened, the kind,
    the text now and before, in `lang` (else the fallback languages)."""
    kinds = dict(ItemKind.choices)
    rows = []

    def text(texts):
        return content.pick(texts, lang, fallback)

    for s in changes["sections_added"]:
        rows.append({"change": "section_added", "text": text(s["titles"])})
    for s in changes["sections_renamed"]:
        rows.append(
            {"change": "section_renamed", "text": text(s["after"]["titles"]), "before": text(s["before"]["titles"])}
        )
    for s in changes["sections_removed"]:
        rows.append({"change": "section_removed", "text": text(s["titles"])})
    for i in changes["items_added"]:
        rows.append({"change": "added", "kind": kinds.get(i["kind"]), "text": text(i["texts"])})
    for c in changes["items_changed"]:
        before, after = text(c["before"]["texts"]), text(c["after"]["texts"])
        rows.append(
            {
                "change": "moved" if c["moved"] and before == after else "changed",
                "kind": kinds.get(c["after"]["kind"]),
                "text": after,
                "before": before if before != after else "",
            }
        )
    for i in changes["items_removed"]:
        rows.append({"change": "removed", "kind": kinds.get(i["kind"]), "text": text(i["texts"])})
    return rows


# The phase a case's status suggests, to list its guides first.
PHASE_OF_STATUS = {
    "intake": Phase.ORIENTATION,
    "counselling": Phase.CONSIDERATION,
    "application": Phase.DECISION,
    "eligibility": Phase.DECISION,
    "travel_preparation": Phase.PRE_DEPARTURE,
    "ready_to_depart": Phase.PRE_DEPARTURE,
    "departed": Phase.REINTEGRATION,
    "reintegration": Phase.REINTEGRATION,
    "monitoring": Phase.REINTEGRATION,
}
