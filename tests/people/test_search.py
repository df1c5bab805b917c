"""The index follows the records, and a look-up finds the known person among
others, best first, in a fixed number of queries."""

import datetime
import os
import subprocess
import sys
from collections import defaultdict

import pytest
from django.db import connection

from people import actions
from people.matching import search
from people.matching.keys import keyed
from people.matching.record import Record
from people.matching.search import candidates
from people.models import MatchKey, MatchProfile, Person
from tests.factories import make_person


def query(**fields):
    return Record.from_fields(**fields)


def test_registering_indexes_the_person(world):
    person = make_person(world.bxl, world.counsellor, given_name="Mohamed", family_name="Jallow")
    profile = MatchProfile.objects.get(person=person)
    assert (profile.given, profile.family, profile.office_id) == ("mohamed", "jallow", world.bxl.pk)
    assert MatchKey.objects.filter(person=person).exists()


def test_edits_aliases_and_documents_reach_the_index(world):
    person = make_person(world.bxl, world.counsellor, given_name="Aicha", family_name="Karimi")
    actions.update_person(person, by=world.counsellor, expected_version=1, family_name="Rahimi")
    actions.add_alias(person, by=world.counsellor, name="Aisha Rahimy", kind="spelling")
    actions.add_document(person, by=world.counsellor, doc_type="passport", number="P 1234567", issuing_country="AF")
    profile = MatchProfile.objects.get(person=person)
    assert profile.family == "rahimi"
    assert profile.other == "aisha rahimy"
    assert profile.documents == "P1234567"
    found = candidates(query(given_name="Aicha", family_name="Karimi", document_number="p1234567"))
    assert [c.person_id for c in found] == [person.pk]


def test_the_known_person_comes_first_among_namesakes(world):
    born = datetime.date(1990, 6, 3)
    known = make_person(world.mrs, world.ofii, given_name="Mohamed", family_name="Jallow", date_of_birth=born)
    for n, year in enumerate([1970, 1980, 1995, 2001]):
        make_person(
            world.bxl,
            world.counsellor,
            given_name="Mohamed",
            family_name="Diallo",
            date_of_birth=datetime.date(year, 2, 1 + n),
        )
    make_person(world.bxl, world.counsellor, given_name="Fatoumata", family_name="Diallo", date_of_birth=born)
    found = candidates(
        query(given_name="Mohammed", family_name="Diallo", date_of_birth=born, dob_precision="full", nationality="GN")
    )
    assert found[0].person_id == known.pk
    assert found[0].office_id == world.mrs.pk
    assert "dob_same" in found[0].reasons
    assert all(c.score >= 20 for c in found)
    assert Person.objects.get(pk=found[0].person_id).family_name == "Jallow"


def test_exclude_and_limit(world):
    people = [make_person(world.bxl, world.counsellor, given_name="Giorgi", family_name="Beridze") for _ in range(4)]
    q = query(given_name="Guiorgui", family_name="Beridse", date_of_birth=datetime.date(1990, 5, 17))
    found = candidates(q, limit=2, exclude=[people[0].pk])
    assert len(found) == 2
    assert people[0].pk not in {c.person_id for c in found}


def test_merged_people_leave_the_index(world):
    from people.matching.index import index_people

    person = make_person(world.bxl, world.counsellor, given_name="Tesfaye", family_name="Haile")
    other = make_person(world.bxl, world.counsellor, given_name="Tesfay", family_name="Hayle")
    Person.objects.filter(pk=other.pk).update(merged_into=person)
    index_people([other.pk])
    assert not MatchProfile.objects.filter(person=other).exists()
    assert not MatchKey.objects.filter(person=other).exists()


def test_nothing_typed_finds_nothing(world):
    make_person(world.bxl, world.counsellor)
    assert candidates(query()) == []


def test_a_look_up_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    for n in range(5):
        make_person(world.bxl, world.counsellor, given_name="Oleksandr", family_name=f"Shevchenko{n}")
    q = query(given_name="Alexandre", family_name="Chevtchenko", date_of_birth=datetime.date(1990, 5, 17))
    # PostgreSQL ranks in the database and reads the profiles in the same statement.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        candidates(q)


BORN = datetime.date(1988, 4, 9)
PHONE = "+32 470 00 00 01"


@pytest.fixture
def crowd(world):
    """Six namesakes born the same day (the same keys, so equal tallies),
    eight other Diallos born in 1988 (they fill the "Diallo 1988" key), and
    one person sharing only the phone number."""
    w = world
    namesakes = [
        make_person(w.bxl, w.counsellor, given_name="Mohamed", family_name="Diallo", date_of_birth=BORN)
        for _ in range(6)
    ]
    others = ["Abdoulaye", "Ibrahima", "Alpha", "Oumar", "Saliou", "Thierno", "Boubacar", "Mamadou"]
    for n, given in enumerate(others):
        born = datetime.date(1988, 1 + n, 20)
        make_person(w.bxl, w.counsellor, given_name=given, family_name="Diallo", date_of_birth=born)
    make_person(w.bxl, w.counsellor, given_name="Fatou", family_name="Camara", phone=PHONE)
    return namesakes


def test_the_database_ranks_as_pre_rank_does(crowd, monkeypatch):
    """PostgreSQL's ranked_profiles keeps the people pre_rank keeps where
    keys are full and people tie at the cut: among equals, the lowest ids."""
    monkeypatch.setattr(search, "ROW_BUDGET", 0)
    monkeypatch.setattr(search, "MIN_PER_KEY", 7)  # every key reads 7 rows
    monkeypatch.setattr(search, "MAX_SCORED", 4)  # the cut falls among the six namesakes
    q = query(given_name="Mohamed", family_name="Diallo", date_of_birth=BORN, dob_precision="full", phone=PHONE)
    keys = keyed(q)
    holders = defaultdict(list)
    for key, person_id in search._key_rows({key: search.quota(keys) for key in sorted(keys)}):
        holders[key].append(person_id)
    assert max(len(h) for h in holders.values()) == 7  # "Diallo 1988" is full
    excluded = {crowd[1].pk}
    kept = {crowd[0].pk, crowd[2].pk, crowd[3].pk, crowd[4].pk}
    assert set(search.pre_rank(keys, holders, excluded)) == kept
    if connection.vendor == "postgresql":  # SQLite has no ranked_profiles: its run checks pre_rank alone
        assert set(search.ranked_profiles({0: keys}, excluded)[0]) == kept
    assert {c.person_id for c in candidates(q, limit=4, exclude=excluded)} == kept


def test_a_household_finds_what_each_member_finds_alone(crowd, monkeypatch):
    """Records with different quotas (a full date of birth and a phone: many
    keys, few rows each; a name alone: one key, many rows) looked up
    together get what each gets alone, on both databases."""
    monkeypatch.setattr(search, "ROW_BUDGET", 40)
    monkeypatch.setattr(search, "MIN_PER_KEY", 2)
    monkeypatch.setattr(search, "MAX_SCORED", 4)
    full = query(given_name="Mohamed", family_name="Diallo", date_of_birth=BORN, dob_precision="full", phone=PHONE)
    name_only = query(given_name="Mohamed", family_name="Diallo")
    assert search.quota(keyed(full)) < search.quota(keyed(name_only))
    together = search.candidates_many({"full": full, "name": name_only}, limit=4)
    assert together == {"full": candidates(full, limit=4), "name": candidates(name_only, limit=4)}
    assert together["full"] and together["name"]


def test_rebuilding_the_index_gives_the_same_keys(world):
    from django.core.management import call_command

    person = make_person(world.bxl, world.counsellor, given_name="Abdelrahman", family_name="Al-Amine")
    before = sorted(MatchKey.objects.filter(person=person).values_list("key", flat=True))
    MatchKey.objects.all().delete()
    call_command("rebuild_match_index", stdout=open("/dev/null", "w"))
    assert sorted(MatchKey.objects.filter(person=person).values_list("key", flat=True)) == before


def test_a_look_up_reads_its_keys_in_the_same_order_in_every_process():
    """The order of a record's keys breaks ties in pre_rank: it must not
    follow Python's per-process string hashing, or two web workers could
    show different candidates for the same query."""
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'retour.settings'); django.setup()\n"
        "from people.matching.keys import keyed\n"
        "from people.matching.record import Record\n"
        "r = Record.from_fields(given_name='Mohamed Lamine', family_name='Diallo', other_names='Alpha; Ousmane')\n"
        "print(list(keyed(r)))\n"
    )
    orders = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        orders.add(run.stdout)
    assert len(orders) == 1
