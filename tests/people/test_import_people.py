"""manage.py import_people: a good file loads everything (people, other
names, passports, the matching index, one import and one audit event); a bad
one loads nothing and says which row, column and problem."""

import csv
import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from people import import_check, import_file, importing
from people.matching.index import index_people, profile_for
from people.matching.record import Record
from people.models import Alias, IdentityDocument, MatchKey, MatchProfile, Person, PersonImport

COLUMNS = list(import_file.COLUMNS)


def row(**cells) -> dict:
    base = dict(
        external_id="X1",
        given_name="Mamadou",
        family_name="Diallo",
        other_names="",
        sex="male",
        date_of_birth="1990-05-17",
        dob_precision="full",
        nationality="GN",
        document_number="",
        phone="",
        office="BXL",
    )
    base.update(cells)
    return base


def write_csv(path, rows, *, columns=COLUMNS, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([r.get(c, "") for c in columns] if isinstance(r, dict) else r)
    return path


def run(path, *args, by="sofie", **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", str(path), *args, by=by, no_progress=True, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(path, *args, **options) -> str:
    """Run an import that must fail; the problems printed on stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_people", str(path), *args, by="sofie", no_progress=True, stdout=io.StringIO(), stderr=err, **options
        )
    return err.getvalue() + "\n" + str(exc.value)


@pytest.fixture
def nothing_loaded(world):
    """Asserts, after the test, that the import left no trace."""
    people, aliases, documents = Person.objects.count(), Alias.objects.count(), IdentityDocument.objects.count()
    profiles, keys, events = MatchProfile.objects.count(), MatchKey.objects.count(), AuditEvent.objects.count()
    yield
    assert Person.objects.count() == people
    assert Alias.objects.count() == aliases
    assert IdentityDocument.objects.count() == documents
    assert MatchProfile.objects.count() == profiles
    assert MatchKey.objects.count() == keys
    assert AuditEvent.objects.count() == events
    assert not PersonImport.objects.exists()


GOOD_ROWS = [
    row(
        external_id="GN-001",
        given_name="Mamadou",
        family_name="Diallo",
        other_names="Mamadou Jallow; Mamadu Dialo, M. Diallo",
        document_number="G 123-4567",
        phone="+224 622 12 34 56",
    ),
    row(
        external_id="SY-002",
        given_name="محمد",
        family_name="الحسن",
        other_names="Mohamed El Hassan",
        sex="",
        date_of_birth="1985",
        dob_precision="year",
        nationality="SY",
        office="",
    ),
    row(
        external_id="ER-003",
        given_name="ተስፋዬ",
        family_name="ኃይሌ",
        sex="female",
        date_of_birth="1979-03",
        dob_precision="",
        nationality="er",
        document_number="P0987654",
        office="GNT",
    ),
    row(
        external_id="GE-004",
        given_name="ნინო",
        family_name="ბერიძე",
        sex="Female",
        date_of_birth="",
        dob_precision="",
        nationality="GE",
    ),
    row(
        external_id="UA-005",
        given_name="Олександр",
        family_name="Коваленко",
        other_names="Oleksandr Kovalenko, Aleksandr Kovalenko",
        date_of_birth="1992-01-01",
        nationality="UA",
        office="MRS",
    ),
]


def test_a_good_file_loads_people_other_names_passports_and_the_matching_index(world, tmp_path):
    path = write_csv(tmp_path / "people.csv", GOOD_ROWS)
    before = set(Person.objects.values_list("pk", flat=True))

    out, err = run(path, office="BXL")

    person_import = PersonImport.objects.get()
    assert f"Imported 5 people from people.csv (import #{person_import.pk})." in out
    assert " s (" in out  # the time taken
    assert f"manage.py find_duplicates --import {person_import.pk}" in out
    assert "scan the whole registry with manage.py find_duplicates" in out
    assert person_import.file_name == "people.csv"
    assert person_import.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert person_import.rows == 5
    assert person_import.office == world.bxl
    assert person_import.imported_by == world.counsellor

    people = {p.external_id: p for p in Person.objects.exclude(pk__in=before)}
    assert set(people) == {"GN-001", "SY-002", "ER-003", "GE-004", "UA-005"}
    assert all(p.imported_in == person_import and p.created_by == world.counsellor for p in people.values())

    mamadou = people["GN-001"]
    assert (mamadou.given_name, mamadou.family_name, mamadou.sex) == ("Mamadou", "Diallo", "male")
    assert (mamadou.date_of_birth, mamadou.dob_precision) == (datetime.date(1990, 5, 17), "full")
    assert mamadou.nationality.code == "GN"
    assert mamadou.phone == "+224 622 12 34 56"
    assert mamadou.registered_by_office == world.bxl
    assert mamadou.version == 1 and mamadou.merged_into is None
    assert sorted(mamadou.aliases.values_list("name", "kind")) == [
        ("M. Diallo", "alias"),
        ("Mamadou Jallow", "alias"),
        ("Mamadu Dialo", "alias"),
    ]
    (passport,) = mamadou.documents.all()
    assert (passport.doc_type, passport.number, passport.number_normalised) == ("passport", "G 123-4567", "G1234567")
    assert passport.issuing_country.code == "GN"

    # The office cell wins over --office; an empty cell takes it.
    assert people["SY-002"].registered_by_office == world.bxl
    assert people["ER-003"].registered_by_office == world.ghent_office
    assert people["UA-005"].registered_by_office == world.mrs
    # Empty sex is unknown; the precision may be left out (the format says it);
    # no date means an unknown date; case does not matter in codes.
    assert people["SY-002"].sex == "unknown"
    assert (people["SY-002"].date_of_birth, people["SY-002"].dob_precision) == (datetime.date(1985, 1, 1), "year")
    assert (people["ER-003"].date_of_birth, people["ER-003"].dob_precision) == (datetime.date(1979, 3, 1), "year_month")
    assert people["ER-003"].nationality.code == "ER" and people["GE-004"].sex == "female"
    assert (people["GE-004"].date_of_birth, people["GE-004"].dob_precision) == (None, "unknown")
    assert people["ER-003"].documents.get().issuing_country.code == "ER"

    # Every person validates as if registered one by one.
    for person in people.values():
        person.full_clean(exclude=["search_names"])

    event = AuditEvent.objects.get(action="person.imported")
    assert event.actor == world.counsellor
    assert (event.object_type, event.object_id) == ("people.personimport", str(person_import.pk))
    assert event.changes["people"] == [None, 5]
    assert event.changes["aliases"] == [None, 6]
    assert event.changes["documents"] == [None, 2]
    assert event.changes["offices"] == [None, {"BXL": 3, "GNT": 1, "MRS": 1}]
    assert AuditEvent.objects.filter(person_id__in=[p.pk for p in people.values()]).count() == 0  # not one per row


def test_names_in_any_script_are_kept_as_typed(world, tmp_path):
    run(write_csv(tmp_path / "people.csv", GOOD_ROWS), office="BXL")
    names = dict(Person.objects.filter(imported_in__isnull=False).values_list("external_id", "given_name"))
    assert names == {"GN-001": "Mamadou", "SY-002": "محمد", "ER-003": "ተስፋዬ", "GE-004": "ნინო", "UA-005": "Олександр"}
    assert Person.objects.get(external_id="SY-002").family_name == "الحسن"


def test_search_names_are_those_of_a_person_registered_one_by_one(world, tmp_path):
    run(write_csv(tmp_path / "people.csv", GOOD_ROWS), office="BXL")
    for person in Person.objects.filter(imported_in__isnull=False):
        stored = person.search_names
        person.refresh_search_names()
        assert stored == person.search_names
    assert Person.objects.get(external_id="GN-001").search_names == (
        "mamadou | diallo | mamadou jallow | mamadu dialo | m diallo"
    )


def test_the_matching_index_is_the_one_the_core_builds(world, tmp_path):
    run(write_csv(tmp_path / "people.csv", GOOD_ROWS), office="BXL")
    imported = list(Person.objects.filter(imported_in__isnull=False).prefetch_related("aliases", "documents"))
    assert len(imported) == 5
    fields = Record.ROW_FIELDS[1:]  # all but person_id
    loaded = {
        p.pk: (
            [getattr(p.match_profile, f) for f in fields],
            sorted(MatchKey.objects.filter(person=p).values_list("key", flat=True)),
        )
        for p in imported
    }
    for person in imported:
        expected = profile_for(person)
        assert loaded[person.pk][0] == [getattr(expected, f) for f in fields]
        assert loaded[person.pk][1]  # every person has keys
    # index_people (as after an edit) rebuilds exactly the same rows.
    index_people([p.pk for p in imported])
    for person in imported:
        assert sorted(MatchKey.objects.filter(person=person).values_list("key", flat=True)) == loaded[person.pk][1]


def test_an_imported_person_is_found_by_matching(world, tmp_path):
    from people.matching.record import Record
    from people.matching.search import candidates

    run(write_csv(tmp_path / "people.csv", GOOD_ROWS), office="BXL")
    query = Record.from_fields(
        given_name="Mamadu", family_name="Jallow", date_of_birth=datetime.date(1990, 5, 17), dob_precision="full"
    )
    assert Person.objects.get(external_id="GN-001").pk in [c.person_id for c in candidates(query)]
    query = Record.from_fields(given_name="Aleksandr", family_name="Kovalenko", date_of_birth=datetime.date(1992, 1, 1))
    assert Person.objects.get(external_id="UA-005").pk in [c.person_id for c in candidates(query)]


def test_a_file_with_a_byte_order_mark_loads(world, tmp_path):
    path = write_csv(tmp_path / "bom.csv", [row(given_name="Aïssatou", family_name="Bâ")], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    run(path)
    person = Person.objects.get(external_id="X1")
    assert (person.given_name, person.family_name) == ("Aïssatou", "Bâ")


def test_a_semicolon_separated_file_loads(world, tmp_path):
    path = write_csv(tmp_path / "excel.csv", [row(other_names="Mamadu Dialo, M. Diallo")], delimiter=";")
    run(path)
    assert sorted(Person.objects.get(external_id="X1").aliases.values_list("name", flat=True)) == [
        "M. Diallo",
        "Mamadu Dialo",
    ]


def test_blank_lines_and_extra_columns_are_ignored(world, tmp_path):
    path = write_csv(
        tmp_path / "people.csv",
        [{**row(), "notes": "x"}, {}, {**row(external_id="X2"), "notes": "y"}],
        columns=[*COLUMNS, "notes"],
    )
    out, err = run(path)
    assert "Imported 2 people" in out
    assert "Ignoring the column(s) notes." in err


# --- Bad rows: reported with row, column and problem; nothing loaded --------------

BAD = [
    (dict(external_id=""), "external_id", "The identifier in the source file is required."),
    (dict(external_id="x" * 101), "external_id", "Too long: at most 100 characters."),
    (dict(given_name=""), "given_name", "This name is required."),
    (dict(family_name="   "), "family_name", "This name is required."),
    (dict(family_name="D" * 151), "family_name", "Too long: at most 150 characters, not 151."),
    (dict(given_name="?? -"), "given_name", "Contains no letter."),
    (dict(given_name="Mamadou\nDiallo"), "given_name", "Contains a line break or another control character."),
    (dict(other_names="Mamadu; " + "M" * 301), "other_names", "Too long: at most 300 characters, not 301."),
    (dict(sex="m"), "sex", "“m” is not one of female, male, other, unknown (or empty)."),
    (dict(date_of_birth="17/05/1990"), "date_of_birth", "Give the date as YYYY, YYYY-MM or YYYY-MM-DD."),
    (dict(date_of_birth="1990-02-30"), "date_of_birth", "This date does not exist."),
    (dict(date_of_birth="2999-01-01"), "date_of_birth", "A date of birth cannot be in the future."),
    (dict(date_of_birth="1850", dob_precision="year"), "date_of_birth", "not plausible"),
    (dict(date_of_birth="1990-05", dob_precision="full"), "date_of_birth", "give the date of birth as YYYY-MM-DD"),
    (dict(date_of_birth="", dob_precision="year"), "date_of_birth", "give the date of birth as YYYY."),
    (dict(dob_precision="unknown"), "dob_precision", "cannot be “unknown” when a date of birth is given"),
    (dict(dob_precision="exact"), "dob_precision", "“exact” is not one of full, year_month, year, unknown"),
    (dict(nationality="XX"), "nationality", "“XX” is not an ISO 3166 two-letter country code"),
    (dict(nationality="GIN"), "nationality", "“GIN” is not an ISO 3166 two-letter country code"),
    (dict(nationality="", document_number="G1234567"), "document_number", "needs the nationality"),
    (dict(document_number="--/--"), "document_number", "Contains no letter or digit."),
    (dict(phone="call me"), "phone", "Not a phone number"),
    (dict(phone="+224"), "phone", "A phone number has 6 to 15 digits, not 3."),
    (dict(phone="1234567890123456"), "phone", "A phone number has 6 to 15 digits, not 16."),
    (dict(office="XYZ"), "office", "No office has the code “XYZ”."),
    (dict(office=""), "office", "Give the office code here, or --office"),
]


@pytest.mark.parametrize("cells, column, problem", BAD, ids=[f"{c}-{i}" for i, (_, c, _p) in enumerate(BAD)])
def test_a_bad_row_is_reported_with_row_column_and_problem_and_nothing_is_loaded(
    nothing_loaded, tmp_path, cells, column, problem
):
    path = write_csv(tmp_path / "people.csv", [row(external_id="OK1"), row(**{"external_id": "BAD", **cells})])
    report = refused(path)
    assert f"Row 3, {column}: " in report
    line = next(line for line in report.splitlines() if line.startswith(f"Row 3, {column}: "))
    assert problem in line
    assert "Row 2" not in report
    assert "1 problem in people.csv; nothing was imported." in report


def test_a_row_with_too_many_or_too_few_cells_is_reported(nothing_loaded, tmp_path):
    path = write_csv(tmp_path / "people.csv", [row(), ["X2", "Awa"], [*row(external_id="X3").values(), "extra"]])
    report = refused(path)
    assert "Row 3: The row has 2 cells where the header has 11." in report
    assert "Row 4: The row has 12 cells where the header has 11." in report


def test_every_problem_of_a_row_is_reported(nothing_loaded, tmp_path):
    path = write_csv(tmp_path / "people.csv", [row(given_name="", sex="x", nationality="ZZ", office="NOPE")])
    report = refused(path)
    for column in ("given_name", "sex", "nationality", "office"):
        assert f"Row 2, {column}: " in report
    assert "4 problems" in report


def test_a_missing_column_is_one_clear_error(nothing_loaded, tmp_path):
    columns = [c for c in COLUMNS if c not in ("dob_precision", "phone")]
    path = write_csv(tmp_path / "people.csv", [row(), row(external_id="X2")], columns=columns)
    report = refused(path)
    assert "The header row lacks the column(s) dob_precision, phone" in report
    assert "Row " not in report


def test_a_file_that_is_not_utf8_is_refused(nothing_loaded, tmp_path):
    rows = [row(external_id=f"X{i}") for i in range(5)] + [row(external_id="X9", given_name="Aïssatou")]
    path = write_csv(tmp_path / "latin1.csv", rows, encoding="latin-1")
    report = refused(path)
    assert "The file is not UTF-8 text (line 7)" in report


def test_an_empty_file_and_a_header_alone_are_refused(nothing_loaded, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "The file is empty" in refused(empty)
    assert "The file has a header but no rows." in refused(write_csv(tmp_path / "header.csv", []))


def test_an_external_id_twice_in_the_file_is_reported_on_the_second_row(nothing_loaded, tmp_path):
    path = write_csv(tmp_path / "people.csv", [row(external_id="A1"), row(external_id="B2"), row(external_id="A1")])
    report = refused(path)
    assert "Row 4, external_id: “A1” is already on row 2." in report


def test_an_external_id_already_imported_into_the_office_is_reported(world, tmp_path):
    run(write_csv(tmp_path / "first.csv", [row(external_id="A1"), row(external_id="B2", office="GNT")]))
    first = PersonImport.objects.get()
    people = Person.objects.count()

    report = refused(write_csv(tmp_path / "second.csv", [row(external_id="C3"), row(external_id="A1")]))
    assert f"Row 3, external_id: “A1” was already imported into this office (import #{first.pk})." in report
    assert Person.objects.count() == people and PersonImport.objects.count() == 1

    # The same id from another office's system is another person.
    run(write_csv(tmp_path / "third.csv", [row(external_id="A1", office="MRS")]))
    assert Person.objects.filter(external_id="A1").count() == 2


def test_the_problems_are_printed_fifty_at_most_and_written_in_full_to_the_errors_file(nothing_loaded, tmp_path):
    rows = [row(external_id=f"X{i}", sex="?") for i in range(60)] + [row(external_id="Y", office="NOPE", sex="")]
    path = write_csv(tmp_path / "people.csv", rows)
    report_path = tmp_path / "report.csv"
    printed = refused(path, errors=str(report_path))
    assert printed.count("Row ") == 50
    assert f"… and 11 more problems (all of them in {report_path})." in printed
    with open(report_path, encoding="utf-8") as f:
        report = list(csv.reader(f))
    assert report[0] == ["row", "column", "problem"]
    assert len(report) == 62
    assert report[1] == ["2", "sex", "“?” is not one of female, male, other, unknown (or empty)."]
    assert report[-1] == ["62", "office", "No office has the code “NOPE”."]


def test_a_file_level_problem_goes_to_the_errors_file_too(nothing_loaded, tmp_path):
    path = write_csv(tmp_path / "people.csv", [row()], columns=COLUMNS[:-1])
    report_path = tmp_path / "report.csv"
    refused(path, errors=str(report_path))
    (header, line) = list(csv.reader(open(report_path, encoding="utf-8")))
    assert header == ["row", "column", "problem"]
    assert line[0] == "0" and "lacks the column(s) office" in line[2]


def test_a_good_import_leaves_no_errors_file(world, tmp_path):
    report_path = tmp_path / "report.csv"
    report_path.write_text("stale")
    run(write_csv(tmp_path / "people.csv", [row()]), errors=str(report_path))
    assert not report_path.exists()


def test_unknown_user_default_office_or_report_place_is_refused(nothing_loaded, tmp_path):
    path = write_csv(tmp_path / "people.csv", [row()])
    with pytest.raises(CommandError, match="--errors names the file to import"):
        run(path, errors=str(path))
    assert path.exists()
    with pytest.raises(CommandError, match="No directory"):
        run(path, errors=str(tmp_path / "nowhere" / "report.csv"))
    with pytest.raises(CommandError, match="No active user with the username “nobody”"):
        run(path, by="nobody")
    with pytest.raises(CommandError, match="No office has the code “XXX”"):
        run(path, office="XXX")
    with pytest.raises(CommandError, match="No file at"):
        run(tmp_path / "missing.csv")


# --- All or nothing --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_failure_in_the_middle_of_the_load_leaves_nothing(world, tmp_path, monkeypatch):
    monkeypatch.setattr(import_check, "BATCH", 2)
    calls = []
    real_index = importing.bulk_index

    def index_then_fail(profiles):
        real_index(profiles)
        calls.append(len(profiles))
        if len(calls) == 3:  # three batches written, then the disk is full
            raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "bulk_index", index_then_fail)
    people, events = Person.objects.count(), AuditEvent.objects.count()
    path = write_csv(tmp_path / "people.csv", [row(external_id=f"X{i}", other_names="A B") for i in range(9)])

    with pytest.raises(RuntimeError, match="disk full"):
        run(path)

    assert calls == [2, 2, 2]
    assert Person.objects.count() == people
    assert not PersonImport.objects.exists()
    assert not Alias.objects.filter(name="A B").exists()
    assert not MatchProfile.objects.filter(person__external_id__startswith="X").exists()
    assert AuditEvent.objects.count() == events


def test_what_is_loaded_is_what_was_checked_even_if_the_file_changes_in_between(world, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "people.csv", [row(), row(external_id="X2")])
    real_check = importing.check_file

    def check_then_edit(*args, **kwargs):
        checked = real_check(*args, **kwargs)
        write_csv(path, [row(given_name=""), row(external_id="X2", given_name="Awa")])
        return checked

    monkeypatch.setattr(importing, "check_file", check_then_edit)
    result = importing.import_people(path, by=world.counsellor)
    assert result.people == 2
    assert list(Person.objects.filter(external_id__startswith="X").values_list("given_name", flat=True)) == [
        "Mamadou",
        "Mamadou",
    ]


def test_progress_bars_go_to_stderr_unless_turned_off(world, tmp_path, capsys):
    out = io.StringIO()
    call_command("import_people", str(write_csv(tmp_path / "a.csv", [row()])), by="sofie", stdout=out)
    bars = capsys.readouterr().err
    assert "Checking" in bars and "Loading" in bars and "1/1" in bars
    assert "Loading" not in out.getvalue()
    run(write_csv(tmp_path / "b.csv", [row(external_id="X2")]))
    assert capsys.readouterr().err == ""


def test_after_a_load_postgresql_has_fresh_statistics_for_the_look_up(transactional_db, world, tmp_path):
    # Without them the planner reads the matching keys without the index-only
    # scan for a while after a large import (bench/matching, a million people).
    from django.db import connection

    path = tmp_path / "people.csv"
    write_csv(path, [row(external_id="S1", given_name="Nino", family_name="Beridze")])
    run(path)
    assert Person.objects.filter(external_id="S1").exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'people_matchkey'")
            assert cursor.fetchone()[0] is not None
