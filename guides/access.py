"""Who may see and change conversation guides and practice notes.

Shared know-how crosses agencies, nothing else does:
- everyone with a membership sees their own agency's guides and notes,
  drafts included (an unpublished guide is visible only to its agency);
- other agencies see a guide once it is shared and has a published version
  (its published versions only, never a draft), and a note once shared;
- agency administrators and team leaders of the owning agency write guides
  (and adopt others' into their agency); every member of a return agency may
  write practice notes, which are the author's until an editor shares them;
- a user without a membership sees nothing.
Guide uses are part of an interview: they follow the case's access.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from guides.models import Guide, GuideVersion, PracticeNote, VersionStatus
from organisations.access import memberships_of
from organisations.models import Role

EDITOR_ROLES = {Role.AGENCY_ADMIN, Role.TEAM_LEADER}
# Who writes practice notes in their agency: the people who counsel.
NOTE_WRITER_ROLES = {Role.COUNSELLOR, Role.TEAM_LEADER, Role.AGENCY_ADMIN, Role.PARTNER_CASEWORKER}


def member_agency_ids(user) -> set[int]:
    return {m.office.agency_id for m in memberships_of(user)}


def editor_agency_ids(user) -> set[int]:
    return {m.office.agency_id for m in memberships_of(user) if m.role in EDITOR_ROLES}


def note_writer_agency_ids(user) -> set[int]:
    return {m.office.agency_id for m in memberships_of(user) if m.role in NOTE_WRITER_ROLES}


def home_agency(user, *, editing: bool = False):
    """The agency the user writes and adopts for: the first where they may edit."""
    for m in memberships_of(user):
        if not editing or m.role in EDITOR_ROLES:
            return m.office.agency
    return None


def _published():
    return Exists(GuideVersion.objects.filter(guide=OuterRef("pk"), status=VersionStatus.PUBLISHED))


def visible_guides(user) -> QuerySet[Guide]:
    agencies = member_agency_ids(user)
    if not agencies:
        return Guide.objects.none()
    return Guide.objects.filter(Q(agency__in=agencies) | (Q(shared_at__isnull=False) & Q(_published())))


def shared_guides() -> QuerySet[Guide]:
    """The library: every guide shared with a published version."""
    return Guide.objects.filter(Q(shared_at__isnull=False) & Q(_published()))


def get_guide_for_user(user, pk, *, edit: bool = False) -> Guide:
    """One guide, or 404 when the user may not see it; 403 on a change by
    someone who is not an editor of its agency. Sets guide.is_own and
    guide.can_edit."""
    try:
        guide = visible_guides(user).select_related("agency", "origin", "origin__agency").get(pk=pk)
    except (Guide.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    guide.is_own = guide.agency_id in member_agency_ids(user)
    guide.can_edit = guide.agency_id in editor_agency_ids(user)
    if edit and not guide.can_edit:
        raise PermissionDenied
    return guide


def visible_versions(user, guide: Guide) -> QuerySet[GuideVersion]:
    qs = guide.versions.all()
    if guide.agency_id not in member_agency_ids(user):
        qs = qs.filter(status=VersionStatus.PUBLISHED)
    return qs


def may_adopt(user, guide: Guide) -> bool:
    """An editor of another agency, and that agency has no copy yet."""
    agency = home_agency(user, editing=True)
    if agency is None or agency.pk == guide.agency_id or guide.shared_at is None:
        return False
    return not Guide.objects.filter(agency=agency, origin=guide).exists()


def usable_guides(case) -> QuerySet[Guide]:
    """The guides an interview on `case` may follow: its office's agency's
    own and adopted guides, with a published version."""
    return Guide.objects.filter(agency=case.office.agency_id).filter(_published())


# --- Practice notes -----------------------------------------------------------


def visible_notes(user) -> QuerySet[PracticeNote]:
    agencies = member_agency_ids(user)
    if not agencies:
        return PracticeNote.objects.none()
    return PracticeNote.objects.filter(Q(agency__in=agencies) | Q(shared_at__isnull=False))


def get_note_for_user(user, pk, *, edit: bool = False) -> PracticeNote:
    """One note, or 404; 403 on a change by someone who may not: the author
    (while they may still write notes there) or an editor of its agency."""
    try:
        note = visible_notes(user).select_related("agency", "author", "origin", "origin__agency").get(pk=pk)
    except (PracticeNote.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    note.is_own = note.agency_id in member_agency_ids(user)
    note.can_edit = note.agency_id in editor_agency_ids(user) or (
        note.author_id == user.pk and note.agency_id in note_writer_agency_ids(user)
    )
    note.can_share = note.agency_id in editor_agency_ids(user)
    if edit and not note.can_edit:
        raise PermissionDenied
    return note


def may_adopt_note(user, note: PracticeNote) -> bool:
    agency = home_agency(user, editing=True)
    if agency is None or agency.pk == note.agency_id or note.shared_at is None:
        return False
    return not PracticeNote.objects.filter(agency=agency, origin=note).exists()
