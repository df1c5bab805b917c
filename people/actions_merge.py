"""Merging two records into one, and undoing a merge (the queue itself is
filled and worked in people.actions_duplicates).

A merge keeps both rows: the merged record stays, hidden, with
Person.merged_into pointing at the record kept, and everything that pointed
at it is moved to the record kept. What the merge changed is written in
PersonMerge.undo (and in the audit event), so that undo_merge can put every
row back exactly where it was:

    fields            {field: [kept's value before, value after]} for the fields the merge changed
    kept_version      [before, after]
    moved             {"app.Model.field": [ids]} rows re-pointed from merged to kept
    deleted           {"app.Model": [{attname: value}]} rows removed because kept already had
                      the same one (a case membership, a language, a household link)
    aliases_created   [ids] other names added to kept (merged's names, kept's replaced name)
    household         {"principal_moved": id} when merged's household passed to kept, or
                      {"members_moved": [ids], "from": id, "to": id} when both headed one
"""

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.errors import DomainError, StaleEdit
from core.names import normalise_name
from people.actions import PERSON_FIELDS
from people.actions_duplicates import check_may_review
from people.models import (
    Alias,
    AliasKind,
    DuplicatePair,
    Household,
    HouseholdMember,
    PairStatus,
    Person,
    PersonLanguage,
    PersonMerge,
    Relation,
)

KEPT, MERGED = "kept", "merged"
# Fields chosen together: a date means nothing without its precision.
LINKED_FIELDS = {
    "date_of_birth": ["date_of_birth", "dob_precision"],
    "dob_precision": ["date_of_birth", "dob_precision"],
}

# Every relation to people.Person and what a merge does with it; a test
# (tests/people/test_merge.py) fails when a model adds one not listed here.
# Rows simply re-pointed from the merged record to the record kept:
MOVED = [
    ("cases.ReturnCase", "principal"),
    ("cases.Consent", "person"),
    ("cases.Attachment", "person"),
    ("travel.DocumentRequest", "person"),
    ("travel.PremiumPayment", "paid_to"),
    ("people.IdentityDocument", "person"),
    ("people.Alias", "person"),
    ("people.Vulnerability", "person"),
    ("counselling.Screening", "person"),
]
# Rows with a uniqueness rule, handled one by one below:
SPECIAL = [
    ("cases.CaseMember", "person"),
    ("people.PersonLanguage", "person"),
    ("people.HouseholdMember", "person"),
    ("people.Household", "principal"),
]
# Relations a merge leaves alone, and why:
LEFT = {
    ("people.Person", "merged_into"): "records merged into the merged one keep pointing at it (a chain)",
    ("cases.ReturnCase", "members"): "the many-to-many through CaseMember, moved as CaseMember rows",
    ("people.MatchProfile", "person"): "rebuilt by people.matching.index after the merge",
    ("people.MatchKey", "person"): "rebuilt by people.matching.index after the merge",
    ("people.DuplicatePair", "first"): "the queue's history; pairs of a merged record leave the queue",
    ("people.DuplicatePair", "second"): "the queue's history; pairs of a merged record leave the queue",
    ("people.PersonMerge", "kept"): "the record of merges itself",
    ("people.PersonMerge", "merged"): "the record of merges itself",
}


def person_relations() -> set[tuple[str, str]]:
    """(model label, field name) of every relation pointing at Person."""
    found = set()
    for f in Person._meta.get_fields(include_hidden=True):
        if f.is_relation and f.auto_created and not f.concrete:
            found.add((f.related_model._meta.label, f.field.name))
    return found


def unhandled_relations() -> set[tuple[str, str]]:
    return person_relations() - set(MOVED) - set(SPECIAL) - set(LEFT)


def _index(person_ids) -> None:
    from people.matching.index import index_people

    index_people(list(person_ids))


def _row(obj: models.Model) -> dict:
    """A row as plain JSON values, to be written back by _restore."""
    return {f.attname: audit._plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def _restore(model, row: dict) -> None:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    values = {}
    for name, value in row.items():
        field = fields[name]
        values[name] = value if value is None or field.is_relation else field.to_python(value)
    model(**values).save(force_insert=True)


def _plain_field(person: Person, name: str):
    return audit._plain(getattr(person, name))


def _field_label(name: str) -> str:
    return str(Person._meta.get_field(name).verbose_name)


def _model_label(label: str, n: int) -> str:
    meta = apps.get_model(label)._meta
    return str(meta.verbose_name if n == 1 else meta.verbose_name_plural)


def _lock(*person_ids) -> dict[int, Person]:
    """Both records under a row lock, in id order (no deadlock between two
    merges of overlapping pairs). No select_related: PostgreSQL refuses to
    lock the nullable side of an outer join."""
    locked = Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk")
    return {p.pk: p for p in locked}


def _with_offices(*people: Person) -> None:
    """Load the offices (and agencies) of locked records, which were read
    without select_related."""
    Office = apps.get_model("organisations.Office")
    offices = Office.objects.select_related("agency").in_bulk({p.registered_by_office_id for p in people})
    for person in people:
        person.registered_by_office = offices[person.registered_by_office_id]


# --- merge ---------------------------------------------------------------------------


def _installed(label: str):
    """The model, or None while an app that declares it is not installed."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _move(label: str, field: str, kept: Person, merged: Person, moved: dict) -> None:
    model = _installed(label)
    if model is None:
        return
    ids = list(model.objects.filter(**{field: merged}).order_by("pk").values_list("pk", flat=True))
    if ids:
        model.objects.filter(pk__in=ids).update(**{field: kept})
        moved[f"{label}.{field}"] = ids


def _delete(obj: models.Model, deleted: dict) -> None:
    deleted.setdefault(obj._meta.label, []).append(_row(obj))
    obj.delete()


def _move_ids(model, ids: list[int], moved: dict, key: str, **update) -> None:
    if ids:
        model.objects.filter(pk__in=ids).update(**update)
        moved.setdefault(key, []).extend(ids)


def _move_case_members(kept: Person, merged: Person, moved: dict, deleted: dict) -> None:
    from cases.models import CaseMember

    theirs = {m.case_id: m for m in CaseMember.objects.filter(person=kept)}
    to_move = []
    for member in CaseMember.objects.filter(person=merged).order_by("pk"):
        other = theirs.get(member.case_id)
        if other is None:
            to_move.append(member.pk)
        elif member.relation == Relation.PRINCIPAL and other.relation != Relation.PRINCIPAL:
            # Both on the case: one membership stays, the principal's.
            _delete(other, deleted)
            to_move.append(member.pk)
        else:
            _delete(member, deleted)
    _move_ids(CaseMember, to_move, moved, "cases.CaseMember.person", person=kept)


def _move_languages(kept: Person, merged: Person, moved: dict, deleted: dict) -> None:
    have = set(PersonLanguage.objects.filter(person=kept).values_list("language", flat=True))
    to_move = []
    for lang in PersonLanguage.objects.filter(person=merged).order_by("pk"):
        if lang.language in have:
            _delete(lang, deleted)
        else:
            to_move.append(lang.pk)
    _move_ids(PersonLanguage, to_move, moved, "people.PersonLanguage.person", person=kept)


def _move_households(kept: Person, merged: Person, moved: dict, deleted: dict) -> dict:
    # Merged as a member of a household: moved, unless kept heads it or is
    # already in it (nobody is a member of their own household, or twice).
    to_move = []
    for link in HouseholdMember.objects.filter(person=merged).select_related("household").order_by("pk"):
        household = link.household
        if household.principal_id == kept.pk or household.members.filter(person=kept).exists():
            _delete(link, deleted)
        else:
            to_move.append(link.pk)
    _move_ids(HouseholdMember, to_move, moved, "people.HouseholdMember.person", person=kept)
    # Merged heading a household: it passes to kept, or, when kept heads one
    # too, its members join kept's (Household.principal is one-to-one).
    theirs = Household.objects.filter(principal=merged).first()
    if theirs is None:
        return {}
    ours = Household.objects.filter(principal=kept).first()
    if ours is None:
        for link in theirs.members.filter(person=kept):
            _delete(link, deleted)
        Household.objects.filter(pk=theirs.pk).update(principal=kept)
        return {"principal_moved": theirs.pk}
    in_ours = set(ours.members.values_list("person_id", flat=True))
    members_moved = []
    for link in theirs.members.order_by("pk"):
        if link.person_id == kept.pk or link.person_id in in_ours:
            _delete(link, deleted)
        else:
            members_moved.append(link.pk)
    HouseholdMember.objects.filter(pk__in=members_moved).update(household=ours)
    return {"members_moved": members_moved, "from": theirs.pk, "to": ours.pk}


def _name_kind(name: str, kept_name: str) -> str:
    """ "Other spelling" when every word of `name` is a spelling variant of a
    word of the kept name (Mohamed/Muhammad), else "previous name"."""
    from people.matching.normalise import tokens, variant

    ours = {variant(t) for t in tokens(kept_name)}
    words = tokens(name)
    if words and all(variant(t) in ours for t in words):
        return AliasKind.SPELLING
    return AliasKind.PREVIOUS


def _add_names(kept: Person, names: list[tuple[str, str | None]]) -> list[int]:
    """Other names for kept, except those it already carries. Each name comes
    with its kind, or None to tell a spelling from a previous name."""
    known = {normalise_name(n) for n in (kept.given_name + " " + kept.family_name, kept.original_script_name)}
    known |= {normalise_name(a) for a in kept.aliases.values_list("name", flat=True)}
    created = []
    for name, kind in names:
        name = " ".join(name.split())
        if not name or normalise_name(name) in known:
            continue
        known.add(normalise_name(name))
        kind = kind or _name_kind(name, f"{kept.given_name} {kept.family_name}")
        created.append(Alias.objects.create(person=kept, name=name, kind=kind).pk)
    return created


def _choice_fields(choices: dict) -> list[str]:
    """The person fields whose value is taken from the merged record."""
    chosen = []
    for name, side in (choices or {}).items():
        if name not in PERSON_FIELDS:
            raise DomainError(_("%(field)s is not a field of a person's record.") % {"field": name}, field=name)
        if side not in (KEPT, MERGED):
            raise DomainError(_("Choose which record's value to keep."), field=name)
        if side == MERGED:
            for linked in LINKED_FIELDS.get(name, [name]):
                if linked not in chosen:
                    chosen.append(linked)
    return chosen


@transaction.atomic
def merge_people(
    kept: Person,
    merged: Person,
    *,
    by,
    choices: dict[str, str] | None = None,
    pair: DuplicatePair | None = None,
    expected_versions: dict[int, int] | None = None,
) -> PersonMerge:
    """Merge `merged` into `kept`. `choices` maps person fields
    (people.actions.PERSON_FIELDS) to "kept" or "merged": whose value the
    record kept ends up with (the date of birth and its precision go
    together); fields left out keep kept's value. `expected_versions`
    ({person id: version} as shown to the user) refuses a merge of records
    changed since."""
    if kept.pk == merged.pk:
        raise DomainError(_("A record cannot be merged into itself."))
    locked_pair = None
    if pair is not None:
        locked_pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
        if {locked_pair.first_id, locked_pair.second_id} != {kept.pk, merged.pk}:
            raise DomainError(_("This pair is about other records."))
        if locked_pair.status != PairStatus.OPEN:
            raise StaleEdit(
                _("Somebody already decided on this pair (%(status)s). Reload the queue.")
                % {"status": locked_pair.get_status_display()}
            )
    people = _lock(kept.pk, merged.pk)
    kept, merged = people[kept.pk], people[merged.pk]
    for person in (kept, merged):
        if person.merged_into_id:
            raise StaleEdit(
                _("%(name)s's record has already been merged into another one.") % {"name": person.full_name}
            )
    _with_offices(kept, merged)
    check_may_review(by, kept, merged)
    for person in (kept, merged):
        expected = (expected_versions or {}).get(person.pk)
        if expected is not None and int(expected) != person.version:
            raise StaleEdit(
                _("%(name)s's record was changed while you were reviewing it. Look at the pair again.")
                % {"name": person.full_name}
            )
    chosen = _choice_fields(choices)

    # Field values, and the names that stop being the record's own.
    before = audit.snapshot(kept, PERSON_FIELDS)
    kept_name = f"{kept.given_name} {kept.family_name}"
    kept_script = kept.original_script_name
    for name in chosen:
        setattr(kept, name, getattr(merged, name))
    kept.full_clean(exclude=["search_names"])
    after = audit.snapshot(kept, PERSON_FIELDS)
    fields = audit.diff(before, after)

    moved, deleted = {}, {}
    for label, field in MOVED:
        _move(label, field, kept, merged, moved)
    _move_case_members(kept, merged, moved, deleted)
    _move_languages(kept, merged, moved, deleted)
    household = _move_households(kept, merged, moved, deleted)

    # A name in its original script is the same name, spelled otherwise.
    names = [(f"{merged.given_name} {merged.family_name}", None), (merged.original_script_name, AliasKind.SPELLING)]
    if kept.given_name + " " + kept.family_name != kept_name:
        names.append((kept_name, None))
    if kept.original_script_name != kept_script:
        names.append((kept_script, AliasKind.SPELLING))
    kept_before_version = kept.version
    kept.version += 1
    kept.save()
    aliases_created = _add_names(kept, names)
    kept.refresh_search_names()
    Person.objects.filter(pk=kept.pk).update(search_names=kept.search_names)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    merged.merged_into = kept

    if locked_pair is None:
        first, second = sorted((kept.pk, merged.pk))
        locked_pair = DuplicatePair.objects.select_for_update().filter(first_id=first, second_id=second).first()
    if locked_pair is not None:
        locked_pair.status = PairStatus.MERGED
        locked_pair.decided_by = by
        locked_pair.decided_at = timezone.now()
        locked_pair.save(update_fields=["status", "decided_by", "decided_at"])

    undo = {
        "fields": fields,
        "kept_version": [kept_before_version, kept.version],
        "moved": moved,
        "deleted": deleted,
        "aliases_created": aliases_created,
        "household": household,
    }
    merge = PersonMerge.objects.create(kept=kept, merged=merged, pair=locked_pair, undo=undo, merged_by=by)
    audit.record(
        by,
        "person.merged",
        kept,
        person_id=kept.pk,
        changes={"merge": merge.pk, "kept": kept.pk, "merged": merged.pk, "undo": undo, **fields},
    )
    audit.record(
        by, "person.merged", merged, person_id=merged.pk, changes={"merge": merge.pk, "merged_into": [None, kept.pk]}
    )
    _index([kept.pk, merged.pk])
    return merge


# --- undo ----------------------------------------------------------------------------


def undo_blockers(merge: PersonMerge) -> list[str]:
    """Why the merge cannot be undone now, in plain words; empty when it can."""
    if merge.undone_at:
        return [_("This merge was already undone.")]
    kept = Person.objects.get(pk=merge.kept_id)
    merged = Person.objects.get(pk=merge.merged_id)
    problems = []
    if kept.merged_into_id:
        problems.append(
            _("%(name)s's record has been merged into another one since: undo that merge first.")
            % {"name": kept.full_name}
        )
    if merged.merged_into_id != kept.pk:
        problems.append(_("%(name)s's record is no longer merged into this one.") % {"name": merged.full_name})
    undo = merge.undo
    for name, (_old, new) in undo.get("fields", {}).items():
        now = _plain_field(kept, name)
        if now != new:
            problems.append(
                _("The %(field)s was changed since the merge (now “%(value)s”).")
                % {"field": _field_label(name), "value": now if now not in (None, "") else "–"}
            )
    for key, ids in undo.get("moved", {}).items():
        label, field = key.rsplit(".", 1)
        there = apps.get_model(label).objects.filter(pk__in=ids, **{f"{field}_id": kept.pk}).count()
        if there != len(ids):
            missing = len(ids) - there
            problems.append(
                ngettext(
                    "%(n)d %(what)s moved by the merge has been removed or moved since.",
                    "%(n)d %(what)s moved by the merge have been removed or moved since.",
                    missing,
                )
                % {"n": missing, "what": _model_label(label, missing)}
            )
    household = undo.get("household") or {}
    if household.get("principal_moved"):
        if not Household.objects.filter(pk=household["principal_moved"], principal=kept).exists():
            problems.append(_("The household moved by the merge has changed since."))
    if household.get("members_moved"):
        there = HouseholdMember.objects.filter(pk__in=household["members_moved"], household_id=household["to"]).count()
        if there != len(household["members_moved"]):
            problems.append(_("Household members moved by the merge have been removed or moved since."))
    return problems


def _roles_through_moved_cases(user, merge: PersonMerge) -> set[str]:
    """The roles the user held on the merged record through the cases whose
    memberships the merge moved to the record kept."""
    from cases.access import case_roles
    from cases.models import CaseMember

    roles = set()
    ids = merge.undo.get("moved", {}).get("cases.CaseMember.person", [])
    for member in CaseMember.objects.filter(pk__in=ids).select_related("case__office"):
        roles |= case_roles(user, member.case)
    return roles


def may_undo(user, merge: PersonMerge) -> bool:
    """Whether `user` may undo the merge now (the same checks as undo_merge)."""
    if merge.undone_at:
        return False
    kept, merged = Person.objects.get(pk=merge.kept_id), Person.objects.get(pk=merge.merged_id)
    _with_offices(kept, merged)
    try:
        check_may_review(user, kept, merged, extra_roles={merged.pk: _roles_through_moved_cases(user, merge)})
    except DomainError:
        return False
    return not undo_blockers(merge)


@transaction.atomic
def undo_merge(merge: PersonMerge, *, by) -> PersonMerge:
    """Put back what merge_people changed, exactly; refused (saying why) when
    it was undone already or the record kept changed since in a way that
    conflicts with it."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    people = _lock(merge.kept_id, merge.merged_id)
    kept, merged = people[merge.kept_id], people[merge.merged_id]
    _with_offices(kept, merged)
    check_may_review(by, kept, merged, extra_roles={merged.pk: _roles_through_moved_cases(by, merge)})
    problems = undo_blockers(merge)
    if problems:
        raise DomainError(_("The merge cannot be undone: %(why)s") % {"why": " ".join(str(p) for p in problems)})
    undo = merge.undo

    # Rows back to the merged record, households back, removed rows back.
    for key, ids in undo.get("moved", {}).items():
        label, field = key.rsplit(".", 1)
        apps.get_model(label).objects.filter(pk__in=ids).update(**{field: merged})
    household = undo.get("household") or {}
    if household.get("principal_moved"):
        Household.objects.filter(pk=household["principal_moved"]).update(principal=merged)
    if household.get("members_moved"):
        HouseholdMember.objects.filter(pk__in=household["members_moved"]).update(household_id=household["from"])
    for label, rows in undo.get("deleted", {}).items():
        model = apps.get_model(label)
        for row in rows:
            try:
                with transaction.atomic():
                    _restore(model, row)
            except IntegrityError:
                raise DomainError(
                    _(
                        "The merge cannot be undone: a %(what)s it removed cannot be put back, "
                        "the same one exists again."
                    )
                    % {"what": _model_label(label, 1)}
                ) from None
    Alias.objects.filter(pk__in=undo.get("aliases_created", []), person=kept).delete()

    # Field values back.
    before = audit.snapshot(kept, list(undo.get("fields", {})))
    for name, (old, _new) in undo.get("fields", {}).items():
        field = Person._meta.get_field(name)
        setattr(kept, name, old if old is None else field.to_python(old))
    kept.version += 1
    kept.refresh_search_names()
    kept.save()
    merged.merged_into = None
    merged.refresh_search_names()
    Person.objects.filter(pk=merged.pk).update(merged_into=None, search_names=merged.search_names)

    if merge.pair_id:
        DuplicatePair.objects.filter(pk=merge.pair_id).update(status=PairStatus.OPEN, decided_by=None, decided_at=None)
    merge.undone_by = by
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    changes = audit.diff(before, audit.snapshot(kept, list(undo.get("fields", {}))))
    audit.record(
        by, "person.merge_undone", kept, person_id=kept.pk, changes={"merge": merge.pk, "merged": merged.pk, **changes}
    )
    audit.record(
        by,
        "person.merge_undone",
        merged,
        person_id=merged.pk,
        changes={"merge": merge.pk, "merged_into": [kept.pk, None]},
    )
    _index([kept.pk, merged.pk])
    return merge
