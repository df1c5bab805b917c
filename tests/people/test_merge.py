"""Merging two records of one person, and undoing the merge: every row that
pointed at the merged record moves to the record kept, and undo puts back
exactly what was there (compared on a snapshot of every table involved)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import actions as case_actions
from cases.lifecycle import Status
from cases.models import CaseMember, ReturnCase
from core.errors import DomainError, StaleEdit
from core.models import AuditEvent
from organisations.models import Role
from people import actions as people_actions
from people.access import visible_people
from people.actions_duplicates import mark_not_same
from people.actions_merge import (
    LEFT,
    MOVED,
    SPECIAL,
    _installed,
    merge_people,
    person_relations,
    undo_blockers,
    undo_merge,
    unhandled_relations,
)
from people.models import (
    Alias,
    DuplicatePair,
    Household,
    HouseholdMember,
    MatchKey,
    MatchProfile,
    PairStatus,
    Person,
    PersonMerge,
)
from tests.factories import approve_package, give_consent, make_case, make_person, make_user
from travel import actions as travel_actions

DOB = datetime.date(1990, 3, 12)


def _pair(a: Person, b: Person, score: int = 95) -> DuplicatePair:
    first, second = sorted((a.pk, b.pk))
    return DuplicatePair.objects.create(first_id=first, second_id=second, score=score, reasons=["family_same"])


@pytest.fixture
def two(world, rules, settings, tmp_path):
    """Mohamed DIALLO (kept) and Muhammad DIALLO (merged), both registered in
    Brussels, with every kind of row pointing at the merged one:

    - merged heads case CM (ready to depart, with a consent, a laissez-passer
      request and a premium paid), and kept is also on CM (so one membership
      of the two stays: the principal's);
    - merged is also on kept's case CK (so merged's membership there goes);
    - languages fr (both: merged's row goes) and ar (merged only: moves);
    - an alias, a passport, a vulnerability and a file on merged;
    - both head a household: merged's child moves into kept's household,
      kept's child listed in both households keeps one link; merged is also
      the spouse in a third household.
    """
    settings.ATTACHMENTS_ROOT = tmp_path
    bxl, c = world.bxl, world.counsellor
    kept = make_person(
        bxl, c, given_name="Mohamed", family_name="Diallo", sex="male", date_of_birth=DOB, email="md@example.org"
    )
    merged = make_person(
        bxl,
        c,
        given_name="Muhammad",
        family_name="Diallo",
        original_script_name="محمد ديالو",
        sex="male",
        date_of_birth=datetime.date(1990, 1, 1),
        dob_precision="year",
        phone="+32 460 00 11 22",
        interpreter_needed=True,
        languages=["fr", "ar"],
        aliases=["Mamadou Diallo"],
    )
    people_actions.update_person(kept, by=c, expected_version=kept.version, languages=["fr", "ff"])
    kept.refresh_from_db()
    merged.refresh_from_db()
    case_k = make_case(bxl, c, principal=kept, counsellor=c)
    case_m = make_case(bxl, c, principal=merged, counsellor=c, status=Status.TRAVEL_PREPARATION)
    case_actions.add_member(case_k, merged, by=c, relation="other")
    case_actions.add_member(case_m, kept, by=c, relation="other")
    case_m.decision = approve_package(case_m, c, world.team_leader)
    give_consent(case_m, c)
    people_actions.add_document(merged, by=c, doc_type="passport", number="GN0123456", issuing_country="GN")
    people_actions.add_vulnerability(merged, by=c, kind="medical", details="Diabetes")
    case_actions.add_attachment(
        by=c,
        upload=SimpleUploadedFile("id.pdf", b"%PDF-1.4", content_type="application/pdf"),
        title="ID",
        person=merged,
    )
    travel_actions.request_document(
        case_m,
        by=world.travel_officer,
        person=merged,
        consulate="Embassy of Guinea",
        issuing_country="GN",
        requested_on=timezone.localdate(),
    )
    ReturnCase.objects.filter(pk=case_m.pk).update(status=Status.READY_TO_DEPART)
    case_m.refresh_from_db()
    travel_actions.record_payment(
        case_m,
        by=world.travel_officer,
        decision=case_m.decision,
        paid_to=merged,
        amount=Decimal("50.00"),
        currency=case_m.decision.currency,
        method="cash",
        paid_on=timezone.localdate(),
    )
    kids = [make_person(bxl, c, given_name=n, family_name="Diallo", date_of_birth=None) for n in ("Awa", "Ibrahima")]
    people_actions.add_household_member(kept, kids[0], by=c, relation="child")
    people_actions.add_household_member(merged, kids[1], by=c, relation="child")
    people_actions.add_household_member(merged, kids[0], by=c, relation="child")
    aunt = make_person(bxl, c, given_name="Fatoumata", family_name="Barry")
    people_actions.add_household_member(aunt, merged, by=c, relation="spouse")
    screening = _installed("counselling.Screening")
    if screening is not None:  # issue #7's vulnerability screening, where it has landed
        screening.objects.create(case=case_m, person=merged, screened_at=timezone.now(), screened_by=c)
    pair = _pair(kept, merged)
    return dict(kept=kept, merged=merged, case_k=case_k, case_m=case_m, kids=kids, aunt=aunt, pair=pair)


def snapshot(*people: Person) -> dict:
    """Every row of every table a merge touches, as plain values."""
    ids = [p.pk for p in people]
    out = {}
    for label, _field in [*MOVED, *SPECIAL]:
        model = _installed(label)
        if model is None:
            continue
        out[label] = sorted(model.objects.values_list(), key=lambda row: row[0])
    out["people.Person"] = sorted(
        Person.objects.filter(pk__in=ids).values_list(
            *[f.attname for f in Person._meta.concrete_fields if f.name not in ("updated_at", "version")]
        )
    )
    out["people.MatchProfile"] = sorted(MatchProfile.objects.filter(person__in=ids).values_list())
    out["people.MatchKey"] = sorted(MatchKey.objects.filter(person__in=ids).values_list("key", "person_id"))
    out["people.DuplicatePair"] = sorted(DuplicatePair.objects.values_list("pk", "status", "decided_by"))
    return out


def _merge(world, two, **kwargs):
    defaults = dict(by=world.team_leader, choices={"given_name": "merged", "phone": "merged"}, pair=two["pair"])
    defaults.update(kwargs)
    return merge_people(two["kept"], two["merged"], **defaults)


# --- what a merge does ------------------------------------------------------------------


def test_every_relation_to_a_person_is_handled_by_the_merge():
    assert unhandled_relations() == set()
    installed = {(label, f) for label, f in [*MOVED, *SPECIAL] if _installed(label)}
    assert person_relations() >= installed
    assert not (set(MOVED) | set(SPECIAL)) & set(LEFT)


def test_merge_moves_every_kind_of_row_to_the_record_kept(world, two):
    kept, merged, case_k, case_m = two["kept"], two["merged"], two["case_k"], two["case_m"]
    merge = _merge(world, two)
    kept.refresh_from_db()
    merged.refresh_from_db()

    assert merged.merged_into == kept
    assert kept.given_name == "Muhammad" and kept.phone == "+32 460 00 11 22"
    assert kept.family_name == "Diallo" and kept.date_of_birth == DOB and kept.email == "md@example.org"
    # Cases: merged's case is now kept's, one membership per case, the principal's kept.
    case_m.refresh_from_db()
    assert case_m.principal == kept
    assert list(case_m.case_members.values_list("person", "relation")) == [(kept.pk, "principal")]
    assert list(case_k.case_members.values_list("person", "relation")) == [(kept.pk, "principal")]
    assert not CaseMember.objects.filter(person=merged).exists()
    # Consents, files, travel rows, documents, vulnerabilities, other names.
    assert case_m.consents.get().person == kept
    assert kept.attachments.get().title == "ID"
    assert kept.document_requests.get().case == case_m
    assert case_m.premium_payments.get().paid_to == kept
    assert kept.documents.get().number == "GN0123456"
    assert kept.vulnerabilities.get().kind == "medical"
    if _installed("counselling.Screening"):
        assert kept.screenings.get().case == case_m
    assert sorted(kept.languages.values_list("language", flat=True)) == ["ar", "ff", "fr"]
    for relation in (
        "attachments",
        "documents",
        "vulnerabilities",
        "languages",
        "aliases",
        "consents",
        "document_requests",
        "case_memberships",
        "principal_cases",
    ):
        assert not getattr(merged, relation).exists(), relation
    # Names: merged's own other names move; its name, its script name and
    # kept's replaced given name become other names of the record kept.
    names = dict(kept.aliases.values_list("name", "kind"))
    assert names == {"Mamadou Diallo": "alias", "محمد ديالو": "spelling", "Mohamed Diallo": "spelling"}
    assert "mohamed diallo" in kept.search_names and "mamadou" in kept.search_names
    # Households: merged's child joins kept's household, once; merged is the
    # aunt's spouse as kept now; merged's own household is left empty.
    awa, ibrahima = two["kids"]
    ours = Household.objects.get(principal=kept)
    assert sorted(ours.members.values_list("person", flat=True)) == sorted([awa.pk, ibrahima.pk])
    assert not Household.objects.get(principal=merged).members.exists()
    assert HouseholdMember.objects.get(household__principal=two["aunt"]).person == kept
    # The pair, the merge row, the index.
    two["pair"].refresh_from_db()
    assert two["pair"].status == PairStatus.MERGED and two["pair"].decided_by == world.team_leader
    assert merge.kept == kept and merge.merged == merged and merge.merged_by == world.team_leader
    assert not MatchProfile.objects.filter(person=merged).exists()
    assert MatchProfile.objects.get(person=kept).given == "muhammad"


def test_merge_then_undo_restores_exactly_what_was_there(world, two):
    kept, merged = two["kept"], two["merged"]
    everyone = [kept, merged, *two["kids"], two["aunt"]]
    before = snapshot(*everyone)
    merge = _merge(world, two)
    assert snapshot(*everyone) != before
    undo_merge(merge, by=world.team_leader)
    assert snapshot(*everyone) == before
    merge.refresh_from_db()
    assert merge.undone_by == world.team_leader and merge.undone_at is not None
    kept.refresh_from_db()
    assert kept.version == 4  # registered, languages set, merged, undone: every change counts
    two["pair"].refresh_from_db()
    assert two["pair"].status == PairStatus.OPEN and two["pair"].decided_by is None


def test_merge_and_undo_are_in_the_audit_trail_with_what_undo_needs(world, two):
    kept, merged = two["kept"], two["merged"]
    merge = _merge(world, two)
    on_kept = AuditEvent.objects.get(action="person.merged", person_id=kept.pk)
    on_merged = AuditEvent.objects.get(action="person.merged", person_id=merged.pk)
    assert on_kept.actor == world.team_leader
    assert on_kept.changes["undo"] == merge.undo
    assert on_kept.changes["given_name"] == ["Mohamed", "Muhammad"]
    assert on_kept.changes["undo"]["moved"]["cases.Consent.person"] == [two["case_m"].consents.get().pk]
    assert on_merged.changes["merged_into"] == [None, kept.pk]
    undo_merge(merge, by=world.agency_admin)
    events = AuditEvent.objects.filter(action="person.merge_undone")
    assert sorted(events.values_list("person_id", flat=True)) == sorted([kept.pk, merged.pk])
    assert events.get(person_id=kept.pk).changes["given_name"] == ["Muhammad", "Mohamed"]
    assert set(events.values_list("actor", flat=True)) == {world.agency_admin.pk}


def test_a_merged_record_leaves_lists_search_and_matching(world, two):
    from people.matching.record import Record
    from people.matching.search import candidates

    merged = two["merged"]
    query = Record.from_fields(given_name="Muhammad", family_name="Diallo", date_of_birth=DOB, nationality="GN")
    assert merged.pk in {c.person_id for c in candidates(query)}
    _merge(world, two)
    for persona in ("counsellor", "team_leader", "agency_admin"):
        assert not visible_people(getattr(world, persona)).filter(pk=merged.pk).exists()
    assert not MatchProfile.objects.filter(person=merged).exists()
    assert not MatchKey.objects.filter(person=merged).exists()
    found = {c.person_id for c in candidates(query)}
    assert two["kept"].pk in found and merged.pk not in found


def test_a_merged_record_is_not_changed_any_more(world, two, as_persona):
    from django.urls import reverse

    merged = two["merged"]
    _merge(world, two)
    client = as_persona("counsellor")
    assert client.get(reverse("person-edit", args=[merged.pk])).status_code == 403
    assert client.get(reverse("person-add", args=[merged.pk, "alias"])).status_code == 403


def test_two_records_with_the_same_details_merge_without_choices(world):
    a = make_person(world.bxl, world.counsellor, given_name="Nino", family_name="Beridze")
    b = make_person(world.bxl, world.counsellor, given_name="Nino", family_name="Beridze")
    merge = merge_people(a, b, by=world.team_leader)
    assert merge.undo["fields"] == {} and merge.undo["aliases_created"] == []
    assert DuplicatePair.objects.filter(status=PairStatus.MERGED).count() == 0  # no pair, none invented


def test_merging_without_the_pair_still_closes_it(world, two):
    merge = merge_people(two["kept"], two["merged"], by=world.team_leader)
    two["pair"].refresh_from_db()
    assert two["pair"].status == PairStatus.MERGED and merge.pair == two["pair"]


# --- refusals ------------------------------------------------------------------------------


def _unchanged(fn, *people):
    before = snapshot(*people)
    fn()
    assert snapshot(*people) == before


@pytest.mark.parametrize("persona", ["counsellor", "travel_officer", "analyst", "ghent", "ofii", "partner", "outsider"])
def test_only_team_leaders_and_agency_admins_may_merge(world, two, persona):
    with pytest.raises(DomainError, match="team leader or an agency administrator"):
        _merge(world, two, by=getattr(world, persona))


def test_a_team_leader_may_not_merge_a_record_of_another_office(world):
    bxl = make_person(world.bxl, world.counsellor, given_name="Ahmad", family_name="Karimi")
    ghent = make_person(world.ghent_office, world.ghent, given_name="Ahmed", family_name="Karimi")
    with pytest.raises(DomainError, match="Ahmed KARIMI's record is outside yours"):
        merge_people(bxl, ghent, by=world.team_leader)
    # The agency administrator covers both offices.
    merge_people(bxl, ghent, by=world.agency_admin)


def test_records_of_two_agencies_are_not_merged(world):
    admin = make_user("both", (world.bxl, Role.AGENCY_ADMIN), (world.mrs, Role.AGENCY_ADMIN))
    bxl = make_person(world.bxl, world.counsellor, given_name="Ahmad", family_name="Karimi")
    mrs = make_person(world.mrs, world.ofii, given_name="Ahmed", family_name="Karimi")
    with pytest.raises(DomainError, match="two agencies"):
        merge_people(bxl, mrs, by=admin)


def test_a_record_already_merged_is_not_merged_again(world, two):
    third = make_person(world.bxl, world.counsellor, given_name="Mohammed", family_name="Diallo")
    _merge(world, two)
    with pytest.raises(StaleEdit, match="already been merged"):
        merge_people(third, two["merged"], by=world.team_leader)
    with pytest.raises(DomainError):
        merge_people(two["merged"], two["kept"], by=world.team_leader)


def test_a_decided_pair_is_stale(world, two):
    mark_not_same(two["pair"], by=world.agency_admin, note="Different fathers' names")
    people = [two["kept"], two["merged"]]
    with pytest.raises(StaleEdit, match="already decided"):
        _unchanged(lambda: _merge(world, two), *people)
    assert not PersonMerge.objects.exists()


def test_a_record_changed_while_the_pair_was_reviewed_is_not_merged(world, two):
    kept, merged = two["kept"], two["merged"]
    shown = {kept.pk: kept.version, merged.pk: merged.version}
    people_actions.update_person(merged, by=world.counsellor, expected_version=merged.version, email="m@example.org")
    with pytest.raises(StaleEdit, match="Muhammad DIALLO's record was changed"):
        _merge(world, two, expected_versions=shown)
    assert not PersonMerge.objects.exists()


def test_unknown_fields_and_sides_are_refused_naming_the_field(world, two):
    with pytest.raises(DomainError) as exc:
        _merge(world, two, choices={"created_by": "merged"})
    assert exc.value.field == "created_by"
    with pytest.raises(DomainError) as exc:
        _merge(world, two, choices={"phone": "both"})
    assert exc.value.field == "phone"


def test_a_date_of_birth_is_taken_with_its_precision(world, two):
    _merge(world, two, choices={"date_of_birth": "merged"})
    kept = Person.objects.get(pk=two["kept"].pk)
    assert (kept.date_of_birth, kept.dob_precision) == (datetime.date(1990, 1, 1), "year")


# --- undo refusals ------------------------------------------------------------------------


def test_undo_twice_is_refused(world, two):
    merge = _merge(world, two)
    undo_merge(merge, by=world.team_leader)
    with pytest.raises(DomainError, match="already undone"):
        undo_merge(merge, by=world.team_leader)


def test_undo_is_refused_when_a_merged_value_was_changed_since(world, two):
    merge = _merge(world, two)
    kept = Person.objects.get(pk=two["kept"].pk)
    people_actions.update_person(kept, by=world.counsellor, expected_version=kept.version, given_name="Mouhamed")
    assert undo_blockers(merge) == ["The given name was changed since the merge (now “Mouhamed”)."]
    with pytest.raises(DomainError, match="given name was changed"):
        undo_merge(merge, by=world.team_leader)
    assert Person.objects.get(pk=two["merged"].pk).merged_into_id == kept.pk


def test_undo_ignores_changes_to_other_fields(world, two):
    merge = _merge(world, two)
    kept = Person.objects.get(pk=two["kept"].pk)
    people_actions.update_person(kept, by=world.counsellor, expected_version=kept.version, email="new@example.org")
    undo_merge(merge, by=world.team_leader)
    kept.refresh_from_db()
    assert kept.given_name == "Mohamed" and kept.email == "new@example.org"


def test_undo_is_refused_when_a_moved_row_is_gone(world, two):
    merge = _merge(world, two)
    two["kept"].documents.get(number="GN0123456").delete()
    with pytest.raises(DomainError, match="1 identity document moved by the merge has been removed or moved since"):
        undo_merge(merge, by=world.team_leader)


def test_undo_is_refused_when_the_record_kept_was_merged_again(world, two):
    merge = _merge(world, two)
    other = make_person(world.bxl, world.counsellor, given_name="Mohamed", family_name="Diallo")
    merge_people(other, Person.objects.get(pk=two["kept"].pk), by=world.team_leader)
    with pytest.raises(DomainError, match="undo that merge first"):
        undo_merge(merge, by=world.team_leader)


def test_undo_is_for_team_leaders_of_both_records(world, two):
    merge = _merge(world, two)
    with pytest.raises(DomainError, match="team leader or an agency administrator"):
        undo_merge(merge, by=world.counsellor)


def test_new_rows_added_to_the_record_kept_after_the_merge_stay_with_it(world, two):
    merge = _merge(world, two)
    kept = Person.objects.get(pk=two["kept"].pk)
    people_actions.add_document(
        kept, by=world.counsellor, doc_type="national_id", number="ID998877", issuing_country="GN"
    )
    undo_merge(merge, by=world.team_leader)
    assert list(kept.documents.values_list("number", flat=True)) == ["ID998877"]
    assert list(two["merged"].documents.values_list("number", flat=True)) == ["GN0123456"]


# --- not the same person --------------------------------------------------------------------


def test_not_the_same_person_closes_the_pair_with_a_note_in_the_trail(world, two):
    pair = mark_not_same(two["pair"], by=world.team_leader, note="Different fathers' names")
    assert pair.status == PairStatus.NOT_SAME and pair.decided_by == world.team_leader
    events = AuditEvent.objects.filter(action="person.not_duplicate")
    assert sorted(events.values_list("person_id", flat=True)) == sorted([two["kept"].pk, two["merged"].pk])
    assert events.first().changes["note"] == "Different fathers' names"
    with pytest.raises(StaleEdit):
        mark_not_same(two["pair"], by=world.team_leader)


def test_not_the_same_person_is_refused_outside_the_scope(world, two):
    with pytest.raises(DomainError):
        mark_not_same(two["pair"], by=world.counsellor)
    two["pair"].refresh_from_db()
    assert two["pair"].status == PairStatus.OPEN


def test_aliases_are_not_duplicated(world):
    a = make_person(
        world.bxl, world.counsellor, given_name="Oleksandr", family_name="Kovalenko", aliases=["Aleksandr Kovalenko"]
    )
    b = make_person(world.bxl, world.counsellor, given_name="Aleksandr", family_name="Kovalenko")
    merge = merge_people(a, b, by=world.team_leader)
    assert merge.undo["aliases_created"] == []
    assert list(Alias.objects.filter(person=a).values_list("name", flat=True)) == ["Aleksandr Kovalenko"]
