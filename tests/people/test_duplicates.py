"""The duplicate review queue: manage.py find_duplicates fills it, team
leaders and agency administrators work it (each within their scope, one
agency at a time), everybody else is turned away; the pair page, the merge
with its confirmation step, "not the same person", and the person pages of
merged records."""

import csv
import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from organisations.models import Role
from people import actions as people_actions
from people.actions_duplicates import find_duplicates, mark_not_same
from people.actions_merge import merge_people
from people.models import DuplicatePair, PairStatus, Person, PersonImport, PersonMerge, RegistryScan
from tests.conftest import PERSONAS
from tests.factories import make_person, make_user

REVIEWERS = {"team_leader", "agency_admin"}


def _person(office, by, given, family, dob, **extra):
    defaults = dict(sex="male", date_of_birth=dob, dob_precision="full", nationality="GN")
    defaults.update(extra)
    return make_person(office, by, given_name=given, family_name=family, **defaults)


@pytest.fixture
def registry(world):
    """Three likely duplicates:

    bxl_ghent   Mohamed DIALLO (Brussels) and Muhammad DIALLO (Ghent, year of birth only)
    bxl_bxl     Oleksandr KOVALENKO and Aleksandr KOVALENKO, both Brussels
    bxl_mrs     Mohamed DIALLO (Brussels) and Mohammed DIALLO (Marseille, OFII): two agencies
    """
    w = world
    diallo = _person(w.bxl, w.counsellor, "Mohamed", "Diallo", datetime.date(1990, 3, 12), phone="+32 460 00 11 22")
    diallo_ghent = _person(
        w.ghent_office, w.ghent, "Muhammad", "Diallo", datetime.date(1990, 1, 1), dob_precision="year"
    )
    kov = _person(w.bxl, w.counsellor, "Oleksandr", "Kovalenko", datetime.date(1985, 7, 1), nationality="UA")
    kov2 = _person(w.bxl, w.team_leader, "Aleksandr", "Kovalenko", datetime.date(1985, 7, 1), nationality="UA")
    diallo_mrs = _person(w.mrs, w.ofii, "Mohammed", "Diallo", datetime.date(1990, 3, 12))
    return dict(diallo=diallo, diallo_ghent=diallo_ghent, kov=kov, kov2=kov2, diallo_mrs=diallo_mrs)


def pair_of(a: Person, b: Person) -> DuplicatePair:
    first, second = sorted((a.pk, b.pk))
    return DuplicatePair.objects.get(first_id=first, second_id=second)


def pairs(registry) -> dict:
    r = registry
    return {
        "bxl_ghent": pair_of(r["diallo"], r["diallo_ghent"]),
        "bxl_bxl": pair_of(r["kov"], r["kov2"]),
        "bxl_mrs": pair_of(r["diallo"], r["diallo_mrs"]),
    }


@pytest.fixture
def queue(registry):
    find_duplicates()
    return pairs(registry)


def run(*args) -> str:
    out = StringIO()
    call_command("find_duplicates", *args, stdout=out)
    return out.getvalue()


# --- find_duplicates --------------------------------------------------------------------


def test_find_duplicates_fills_the_queue_with_scores_and_reasons(registry):
    out = run()
    found = pairs(registry)
    ghent = found["bxl_ghent"]
    assert ghent.status == PairStatus.OPEN and ghent.first_id < ghent.second_id
    assert ghent.score >= 60
    assert {"family_same", "given_variant", "dob_year"} <= set(ghent.reasons)
    assert found["bxl_bxl"].score >= 60
    assert re.search(r"Found (\d+) possible duplicate pairs: \1 new, 0 updated, in \d+\.\d s\.", out), out
    # A registry of eight records says too little to move the fixed prior far (1 in 2**14 + 1 pairs).
    share = re.search(r"\d+ pairs compared; about 1 in ([\d,]+) pairs of records is one person", out)
    assert share and 14_000 < int(share[1].replace(",", "")) <= 16_385, out
    assert "now score with this estimate" in out


def test_a_scan_of_the_registry_sets_the_prior_of_the_look_ups(world, registry, django_capture_on_commit_callbacks):
    from people.matching import prior
    from people.matching.record import Record
    from people.matching.score import to_score
    from people.matching.search import candidates

    RegistryScan.objects.create(records=1_000_000, compared=4_000_000, prior=-21.0)  # an earlier, larger registry
    prior.forget()
    query = Record.from_fields(given_name="Mohamed", family_name="Diallo", date_of_birth=datetime.date(1990, 3, 12))
    large = candidates(query)
    with django_capture_on_commit_callbacks(execute=True):
        result = find_duplicates()
    scan = RegistryScan.objects.latest("pk")
    assert (scan.records, scan.compared, scan.prior) == (result.records, result.compared, result.prior)
    small = candidates(query)
    assert [c.person_id for c in small] == [c.person_id for c in large]  # the same people, in the same order
    for before, after in zip(large, small, strict=True):
        assert before.score == to_score(before.weight, -21.0)
        assert after.score == to_score(after.weight, result.prior) > before.score


def test_find_duplicates_twice_changes_nothing(registry):
    run()
    before = list(DuplicatePair.objects.order_by("pk").values())
    out = run()
    assert list(DuplicatePair.objects.order_by("pk").values()) == before
    assert ": 0 new, 0 updated" in out


def test_open_pairs_get_the_new_score_and_decided_pairs_stay_decided(world, registry):
    found = find_duplicates()
    assert found.new >= 3
    pair = pair_of(registry["diallo"], registry["diallo_ghent"])
    kov = pair_of(registry["kov"], registry["kov2"])
    mark_not_same(kov, by=world.team_leader, note="Brothers")
    ghent = registry["diallo_ghent"]
    people_actions.update_person(
        ghent, by=world.ghent, expected_version=ghent.version, date_of_birth=datetime.date(1990, 3, 12)
    )
    ghent.refresh_from_db()
    people_actions.update_person(ghent, by=world.ghent, expected_version=ghent.version, dob_precision="full")
    people_actions.update_person(
        registry["kov2"], by=world.team_leader, expected_version=registry["kov2"].version, phone="+32 460 00 99 99"
    )
    again = find_duplicates()
    assert again.new == 0 and again.updated >= 1
    pair.refresh_from_db()
    assert "dob_same" in pair.reasons
    kov.refresh_from_db()
    assert kov.status == PairStatus.NOT_SAME and kov.decided_by == world.team_leader


def test_find_duplicates_for_one_import_looks_only_at_its_people(world, registry):
    batch = PersonImport.objects.create(file_name="ghent.csv", sha256="0" * 64, rows=1, imported_by=world.agency_admin)
    Person.objects.filter(pk=registry["diallo_ghent"].pk).update(imported_in=batch)
    out = run("--import", str(batch.pk))
    touched = {registry["diallo_ghent"].pk}
    assert DuplicatePair.objects.exists()
    for first, second in DuplicatePair.objects.values_list("first", "second"):
        assert {first, second} & touched
    assert not DuplicatePair.objects.filter(first=registry["kov"]).exists()
    assert "for import" in out and "ghent.csv" in out
    assert not RegistryScan.objects.exists()  # one import says little about the registry: the prior stays


def test_find_duplicates_writes_the_pairs_to_csv(registry, tmp_path):
    path = tmp_path / "pairs.csv"
    out = run("--csv", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == ["first_id", "first_name", "second_id", "second_name", "score", "reasons"]
    assert len(rows) == DuplicatePair.objects.count()
    ghent = pair_of(registry["diallo"], registry["diallo_ghent"])
    row = next(r for r in rows if (int(r["first_id"]), int(r["second_id"])) == (ghent.first_id, ghent.second_id))
    assert {row["first_name"], row["second_name"]} == {"Mohamed DIALLO", "Muhammad DIALLO"}
    assert int(row["score"]) == ghent.score
    assert "same family name" in row["reasons"] and "given name is a variant" in row["reasons"]
    assert [int(r["score"]) for r in rows] == sorted((int(r["score"]) for r in rows), reverse=True)
    assert f"Wrote {len(rows)} pairs to {path}" in out


def test_find_duplicates_leaves_merged_records_out(world, registry):
    merge_people(registry["kov"], registry["kov2"], by=world.team_leader)
    find_duplicates()
    merged = registry["kov2"].pk
    assert not DuplicatePair.objects.filter(first=merged).exists()
    assert not DuplicatePair.objects.filter(second=merged).exists()


def test_find_duplicates_refuses_bad_arguments(db, tmp_path):
    with pytest.raises(CommandError, match="--import 999: no import with this id"):
        run("--import", "999")
    with pytest.raises(CommandError, match="between 0 and 100"):
        run("--min-score", "140")
    with pytest.raises(CommandError, match="cannot write the file"):
        run("--csv", str(tmp_path / "missing" / "pairs.csv"))


def test_a_higher_minimum_score_finds_fewer_pairs(registry):
    everything = find_duplicates(min_score=0).found
    DuplicatePair.objects.all().delete()
    assert find_duplicates(min_score=99).found < everything


# --- the queue, persona by persona ----------------------------------------------------------


def _listed(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/people/duplicates/(\d+)/"', response.content.decode())}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_queue_is_for_team_leaders_and_agency_admins_only(queue, as_persona, persona):
    response = as_persona(persona).get(reverse("duplicate-list"))
    if persona not in REVIEWERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = _listed(response)
    # Marc (Brussels) sees the Brussels pair only; Hilde, the agency
    # administrator, also the Brussels/Ghent pair. Nobody at Fedasil sees the
    # pair with OFII's record.
    assert queue["bxl_bxl"].pk in listed
    assert (queue["bxl_ghent"].pk in listed) == (persona == "agency_admin")
    assert queue["bxl_mrs"].pk not in listed
    assert "Pairs involving other agencies are handled there" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pair_page_persona_by_persona(queue, as_persona, persona):
    client = as_persona(persona)
    for name, pair in queue.items():
        response = client.get(reverse("duplicate-detail", args=[pair.pk]))
        if persona not in REVIEWERS:
            expected = 403
        elif name == "bxl_bxl" or (name == "bxl_ghent" and persona == "agency_admin"):
            expected = 200
        else:
            expected = 404
        assert response.status_code == expected, (name, persona)


def test_the_other_agencys_team_leader_does_not_see_the_pair_either(world, queue):
    from django.test import Client

    olivier = make_user("olivier", (world.mrs, Role.TEAM_LEADER))
    client = Client()
    client.force_login(olivier)
    assert queue["bxl_mrs"].pk not in _listed(client.get(reverse("duplicate-list")))
    assert client.get(reverse("duplicate-detail", args=[queue["bxl_mrs"].pk])).status_code == 404


def test_the_queue_lists_best_first_and_filters_by_status(world, queue, as_persona):
    client = as_persona("agency_admin")
    body = client.get(reverse("duplicate-list")).content.decode()
    scores = [int(s) for s in re.findall(r"<strong>(\d+)</strong>", body)]
    assert scores == sorted(scores, reverse=True) and scores
    mark_not_same(queue["bxl_bxl"], by=world.agency_admin)
    assert queue["bxl_bxl"].pk not in _listed(client.get(reverse("duplicate-list")))
    assert queue["bxl_bxl"].pk in _listed(client.get(reverse("duplicate-list"), {"status": "not_same"}))
    assert queue["bxl_bxl"].pk in _listed(client.get(reverse("duplicate-list"), {"status": "all"}))


def test_the_queue_says_when_the_registry_was_last_scanned(world, registry, as_persona):
    client = as_persona("team_leader")
    html = client.get(reverse("duplicate-list")).content.decode()
    assert "The whole registry has not been scanned yet" in html
    find_duplicates()
    html = client.get(reverse("duplicate-list")).content.decode()
    assert re.search(r"The whole registry was last scanned on .+ \(8 records\)\.", html), html  # the world's too
    client.cookies["django_language"] = "nl"
    html = client.get(reverse("duplicate-list")).content.decode()
    assert "Het hele register werd het laatst gescand op" in html


def test_an_empty_queue_says_so(world, as_persona):
    body = as_persona("team_leader").get(reverse("duplicate-list")).content.decode()
    assert "No possible duplicate to review" in body


def test_the_queue_page_makes_as_many_queries_for_many_pairs_as_for_few(world, as_persona):
    client = as_persona("agency_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("duplicate-list")).status_code == 200
        return len(ctx)

    for i in range(2):
        a = _person(world.bxl, world.counsellor, f"Amadou{'x' * i}", "Sow", datetime.date(1980, 1, 2 + i))
        _person(world.ghent_office, world.ghent, f"Amadou{'x' * i}", "Sow", datetime.date(1980, 1, 2 + i))
        assert a
    find_duplicates()
    few = count()
    for i in range(6):
        _person(world.bxl, world.counsellor, "Ibrahima", f"Bah{'a' * i}", datetime.date(1970 + i, 5, 5))
        _person(world.bxl, world.counsellor, "Ibrahim", f"Bah{'a' * i}", datetime.date(1970 + i, 5, 5))
    find_duplicates()
    assert DuplicatePair.objects.count() >= 8
    assert count() == few


def test_the_queue_paginates_by_fifty(world, as_persona):
    people = [_person(world.bxl, world.counsellor, "Awa", f"Camara{i}", datetime.date(1990, 1, 1)) for i in range(2)]
    people += [make_person(world.bxl, world.counsellor) for _ in range(10)]
    ids = sorted(p.pk for p in people)
    DuplicatePair.objects.bulk_create(
        DuplicatePair(first_id=a, second_id=b, score=70, reasons=["family_same"]) for a in ids for b in ids if a < b
    )
    client = as_persona("team_leader")
    first = client.get(reverse("duplicate-list"))
    assert len(_listed(first)) == 50 and "Page 1 of 2" in first.content.decode()
    assert len(_listed(client.get(reverse("duplicate-list"), {"page": 2}))) == 66 - 50


# --- the pair page and its decisions ---------------------------------------------------------


def test_the_pair_page_shows_both_records_and_the_reasons(world, queue, as_persona):
    people_actions.add_document(
        Person.objects.get(family_name="Kovalenko", given_name="Oleksandr"),
        by=world.counsellor,
        doc_type="passport",
        number="UA778899",
        issuing_country="UA",
    )
    body = as_persona("team_leader").get(reverse("duplicate-detail", args=[queue["bxl_bxl"].pk])).content.decode()
    assert "Oleksandr KOVALENKO" in body and "Aleksandr KOVALENKO" in body
    assert "Same family name, given name is a variant" in body
    assert "UA778899" in body
    assert "01/07/1985 (Full date)" in body
    assert "Ukraine" in body
    assert 'name="value_given_name"' in body and 'name="value_family_name"' not in body
    assert "Not the same person" in body


def test_merging_from_the_pair_page_takes_a_confirmation_step(world, queue, registry, as_persona):
    client = as_persona("team_leader")
    pair = queue["bxl_bxl"]
    url = reverse("duplicate-detail", args=[pair.pk])
    kov, kov2 = registry["kov"], registry["kov2"]
    data = {
        "keep": "first" if kov.pk == pair.first_id else "second",
        "value_given_name": "second" if kov.pk == pair.first_id else "first",
        "version_first": 1,
        "version_second": 1,
        "step": "confirm",
    }
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "Merge the records?" in body
    assert "Aleksandr KOVALENKO's record (Fedasil Brussels) will be merged into Oleksandr KOVALENKO's" in body
    assert "the name “Oleksandr Kovalenko”, as another name" in body
    assert not PersonMerge.objects.exists()
    done = client.post(url, {**data, "step": "merge"})
    assert done.status_code == 302 and done.url == reverse("person-detail", args=[kov.pk])
    kov.refresh_from_db()
    assert kov.given_name == "Aleksandr"
    assert Person.objects.get(pk=kov2.pk).merged_into_id == kov.pk
    # The kept record's page says so, with an undo link for the team leader.
    page = client.get(done.url).content.decode()
    assert "Merged from Aleksandr KOVALENKO's record" in page
    merge = PersonMerge.objects.get()
    assert reverse("duplicate-merge-undo", args=[merge.pk]) in page
    # A counsellor is told, without the undo.
    page = as_persona("counsellor").get(done.url).content.decode()
    assert "Merged from" in page and reverse("duplicate-merge-undo", args=[merge.pk]) not in page


def test_a_merge_refused_shows_why_on_the_page(world, queue, registry, as_persona):
    pair = queue["bxl_bxl"]
    kov2 = registry["kov2"]
    people_actions.update_person(kov2, by=world.counsellor, expected_version=kov2.version, email="a@example.org")
    response = as_persona("team_leader").post(
        reverse("duplicate-detail", args=[pair.pk]),
        {
            "keep": "first",
            "version_first": 1,
            "version_second": 1,
            "step": "merge",
            "value_email": "first",
            "value_given_name": "first",
        },
    )
    assert response.status_code == 200
    assert "was changed while you were reviewing it" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_not_the_same_person_from_the_pair_page(world, queue, as_persona):
    client = as_persona("agency_admin")
    pair = queue["bxl_ghent"]
    response = client.post(
        reverse("duplicate-detail", args=[pair.pk]), {"decision": "not_same", "note": "Different mothers"}
    )
    assert response.status_code == 302 and response.url == reverse("duplicate-list")
    pair.refresh_from_db()
    assert pair.status == PairStatus.NOT_SAME
    assert AuditEvent.objects.filter(action="person.not_duplicate", changes__note="Different mothers").count() == 2
    # Decided: the page shows it, and no form.
    body = client.get(reverse("duplicate-detail", args=[pair.pk])).content.decode()
    assert "Not the same person" in body and 'name="keep"' not in body
    again = client.post(reverse("duplicate-detail", args=[pair.pk]), {"decision": "not_same"})
    assert again.status_code == 302
    pair.refresh_from_db()
    assert pair.decided_by == world.agency_admin


def test_a_merged_records_page_leads_to_the_record_kept(world, registry, as_persona):
    merge = merge_people(registry["kov"], registry["kov2"], by=world.team_leader)
    client = as_persona("counsellor")
    response = client.get(reverse("person-detail", args=[registry["kov2"].pk]), follow=True)
    assert response.redirect_chain == [(reverse("person-detail", args=[registry["kov"].pk]), 302)]
    assert "was merged into this one" in response.content.decode()
    assert merge.pk


def test_a_merged_record_kept_out_of_sight_names_only_the_office(world, registry, as_persona):
    # Pieter (Ghent) registered the Ghent record; Hilde merged it into the
    # Brussels one, which Pieter may not see.
    merge_people(registry["diallo"], registry["diallo_ghent"], by=world.agency_admin)
    response = as_persona("ghent").get(reverse("person-detail", args=[registry["diallo_ghent"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fedasil Brussels" in body and "bxl@example.org" in body
    assert "Mohamed" not in body and "Diallo" not in body.replace("DIALLO", "")


def test_undo_from_the_person_page(world, registry, as_persona):
    merge = merge_people(registry["kov"], registry["kov2"], by=world.team_leader, choices={"given_name": "merged"})
    client = as_persona("team_leader")
    url = reverse("duplicate-merge-undo", args=[merge.pk])
    page = client.get(url).content.decode()
    assert "Undo the merge?" in page and "Oleksandr" in page
    response = client.post(url)
    assert response.status_code == 302
    assert Person.objects.get(pk=registry["kov2"].pk).merged_into_id is None
    assert Person.objects.get(pk=registry["kov"].pk).given_name == "Oleksandr"
    # Twice: refused, saying why.
    again = client.post(url)
    assert again.status_code == 200 and "already undone" in again.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_undo_page_persona_by_persona(world, registry, as_persona, persona):
    merge = merge_people(registry["kov"], registry["kov2"], by=world.team_leader)
    response = as_persona(persona).get(reverse("duplicate-merge-undo", args=[merge.pk]))
    assert response.status_code == (200 if persona in REVIEWERS else 403)


def test_a_possible_duplicate_is_noted_on_the_person_page(queue, registry, as_persona):
    url = reverse("person-detail", args=[registry["kov"].pk])
    leader = as_persona("team_leader").get(url).content.decode()
    assert reverse("duplicate-detail", args=[queue["bxl_bxl"].pk]) in leader
    counsellor = as_persona("counsellor").get(url).content.decode()
    assert "a team leader will review it" in counsellor
    assert reverse("duplicate-detail", args=[queue["bxl_bxl"].pk]) not in counsellor


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_has_duplicates_to_review(db):
    from django.contrib.auth import get_user_model

    from people.access import visible_pairs

    call_command("load_demo", "--small", stdout=StringIO())
    users = get_user_model().objects
    hilde, marc = users.get(username="hilde"), users.get(username="marc")
    open_pairs = DuplicatePair.objects.filter(status=PairStatus.OPEN)
    assert open_pairs.count() >= 3
    assert visible_pairs(hilde).filter(status=PairStatus.OPEN).exists()
    assert visible_pairs(marc).filter(status=PairStatus.OPEN).exists()
    # The second records were registered in the past, through the actions.
    second = Person.objects.order_by("-pk").first()
    registered = AuditEvent.objects.get(action="person.registered", person_id=second.pk)
    assert registered.at == second.created_at < timezone.now() - datetime.timedelta(days=1)
