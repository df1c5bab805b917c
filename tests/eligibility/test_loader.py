"""Rule files that cannot be loaded are refused with the file, the place and the
problem, and nothing is stored: all the files of a directory, or none."""

import datetime
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from eligibility.conditions import CONDITION_KEYS
from eligibility.countries import group_names
from eligibility.loader import RULES_DIR, RuleFileError, load_directory, parse
from eligibility.models import Programme, RuleVersion
from eligibility.schema import VULNERABILITY_KINDS
from people.models import VulnerabilityKind


def rule_file(programme="demo", version="2020-01-01", valid_from="2020-01-01", valid_to=None, body=None) -> str:
    body = (
        body
        or """
        components:
          - code: premium
            label: Premium
            form: cash
            paid: at_departure
            per: member
            rows:
              - {when: {age_max: 17}, amount: 50, source: test}
              - {amount: 100, source: test}
    """
    )
    head = f'programme: {programme}\nname: Demo\nversion: "{version}"\nvalid_from: {valid_from}\n'
    if valid_to:
        head += f"valid_to: {valid_to}\n"
    head += "currency: EUR\nsources: [test]\n"
    return head + textwrap.dedent(body)


def write(root: Path, relative: str, text: str) -> None:
    path = root / "rules" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def refused(root: Path) -> RuleFileError:
    """Loading root/rules fails, and nothing at all was stored."""
    with pytest.raises(RuleFileError) as caught:
        load_directory(root / "rules")
    assert RuleVersion.objects.count() == 0 and Programme.objects.count() == 0
    return caught.value


def test_a_good_directory_loads(db, tmp_path):
    write(tmp_path, "demo/2020-01-01.yaml", rule_file(valid_to="2020-12-31"))
    write(tmp_path, "demo/2021-01-01.yaml", rule_file(version="2021-01-01", valid_from="2021-01-01"))
    versions = load_directory(tmp_path / "rules")
    assert [(v.label, str(v.valid_from), str(v.valid_to)) for v in versions] == [
        ("2020-01-01", "2020-01-01", "2020-12-31"),
        ("2021-01-01", "2021-01-01", "None"),
    ]
    assert versions[0].source_name == "rules/demo/2020-01-01.yaml"


def test_overlapping_versions_are_refused_naming_the_file(db, tmp_path):
    write(tmp_path, "aaa/2020-01-01.yaml", rule_file(programme="aaa"))  # fine, but must not be stored
    write(tmp_path, "demo/2020-01-01.yaml", rule_file(valid_to="2021-01-01"))
    write(tmp_path, "demo/2021-01-01.yaml", rule_file(version="2021-01-01", valid_from="2021-01-01"))
    error = refused(tmp_path)
    assert error.source == "rules/demo/2021-01-01.yaml" and error.place == "valid_from"
    assert "inside version 2020-01-01 of demo" in error.problem and "rules/demo/2020-01-01.yaml" in error.problem


def test_an_open_ended_version_overlaps_any_later_one(db, tmp_path):
    write(tmp_path, "demo/2020-01-01.yaml", rule_file())
    write(tmp_path, "demo/2024-06-01.yaml", rule_file(version="2024-06-01", valid_from="2024-06-01"))
    error = refused(tmp_path)
    assert (error.source, error.place) == ("rules/demo/2024-06-01.yaml", "valid_from")
    assert "open end" in error.problem


def test_a_file_overlapping_a_version_already_stored_is_refused_and_rolled_back(db, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    write(first, "demo/2020-01-01.yaml", rule_file())
    load_directory(first / "rules")
    write(second, "aaa/2020-01-01.yaml", rule_file(programme="aaa"))
    write(second, "demo/2021-01-01.yaml", rule_file(version="2021-01-01", valid_from="2021-01-01"))
    with pytest.raises(RuleFileError) as caught:
        load_directory(second / "rules")
    assert (caught.value.source, caught.value.place) == ("rules/demo/2021-01-01.yaml", "valid_from")
    assert "overlaps version 2020-01-01" in caught.value.problem
    assert list(RuleVersion.objects.values_list("programme__code", "label")) == [("demo", "2020-01-01")]
    assert not Programme.objects.filter(code="aaa").exists()


PREMIUM = """\
components:
  - code: premium
    label: Premium
    form: cash
    paid: at_departure
    per: {per}
    rows:
      - {{when: {when}, amount: {amount}}}
"""


@pytest.mark.parametrize(
    ("body", "place", "problem"),
    [
        (
            PREMIUM.format(per="member", when="{nationalty_group: visa_required}", amount=1),
            "components[0].rows[0].when",
            "unknown condition 'nationalty_group'",
        ),
        (
            PREMIUM.format(per="member", when="{}", amount=-5),
            "components[0].rows[0].amount",
            "-5 is not an amount",
        ),
        (
            PREMIUM.format(per="member", when="{}", amount='"12,50"'),
            "components[0].rows[0].amount",
            "'12,50' is not an amount",
        ),
        (
            PREMIUM.format(per="member", when="{}", amount='"350 EUR"'),
            "components[0].rows[0].amount",
            "'350 EUR' is not an amount",
        ),
        (
            PREMIUM.format(per="member", when="{nationality_group: visa_requierd}", amount=1),
            "components[0].rows[0].when.nationality_group",
            "unknown country group 'visa_requierd'",
        ),
        (
            PREMIUM.format(
                per="member", when="{any_of: [{nationality_group: eu}, {nationality_group: kosovo}]}", amount=1
            ),
            "components[0].rows[0].when.any_of[0].nationality_group",
            "unknown country group 'eu'",
        ),
        (
            PREMIUM.format(per="household", when="{age_max: 17}", amount=1),
            "components[0].rows[0].when.age_max",
            "member conditions (age, vulnerable) need per: member",
        ),
        (
            PREMIUM.format(per="household", when="{not: {member_vulnerable: true}}", amount=1),
            "components[0].rows[0].when.not.member_vulnerable",
            "need per: member",
        ),
        (
            PREMIUM.format(per="member", when="{}", amount=1) + "caps:\n  - {code: c, components: [premum], max: 5}\n",
            "caps[0].components",
            "no component named premum",
        ),
        (
            PREMIUM.format(per="household", when="{}", amount=1)
            + "caps:\n  - {code: c, per: member, components: [premium], max: 5}\n",
            "caps[0].components",
            "a per: member cap needs per: member components",
        ),
        (
            PREMIUM.format(per="member", when="{}", amount=1)
            + "requirements:\n  - {code: r, label: R, when: {age_min: 18}}\n",
            "requirements[0].when.age_min",
            "need per: member",
        ),
        (
            PREMIUM.format(per="member", when="{member_vulnerability_in: [sick]}", amount=1),
            "components[0].rows[0].when.member_vulnerability_in[0]",
            "'sick' is not one of",
        ),
        (
            PREMIUM.format(per="member", when="{}", amount=1).replace("form: cash", "form: cheque"),
            "components[0].form",
            "'cheque' is not one of",
        ),
    ],
)
def test_a_wrong_rule_file_is_named_with_its_place_and_problem(db, tmp_path, body, place, problem):
    write(tmp_path, "aaa/2020-01-01.yaml", rule_file(programme="aaa"))
    write(tmp_path, "demo/2020-01-01.yaml", rule_file(body=body))
    error = refused(tmp_path)
    assert (error.source, error.place) == ("rules/demo/2020-01-01.yaml", place)
    assert problem in error.problem
    assert str(error).startswith(f"rules/demo/2020-01-01.yaml: at {place}: ")


def test_bad_yaml_is_named_with_line_and_column(db, tmp_path):
    write(tmp_path, "demo/2020-01-01.yaml", rule_file() + "caps: [ {code: x\n")
    error = refused(tmp_path)
    assert error.source == "rules/demo/2020-01-01.yaml"
    caps_line = len(rule_file().splitlines()) + 1
    # The mapping opened on the caps line is never closed: YAML notices on the next line.
    assert error.place == f"line {caps_line + 1}, column 1" and "not valid YAML" in error.problem
    assert "did not find expected ',' or '}'" in error.problem


def test_a_key_written_twice_is_refused(db, tmp_path):
    write(tmp_path, "demo/2020-01-01.yaml", rule_file().replace("currency: EUR\n", "currency: EUR\ncurrency: CHF\n"))
    error = refused(tmp_path)
    assert error.place == "line 6, column 1" and "the key 'currency' is written twice" in error.problem


def test_the_programme_must_match_its_folder_and_the_version_its_file_name(db, tmp_path):
    write(tmp_path, "other/2020-01-01.yaml", rule_file())
    error = refused(tmp_path)
    assert (error.source, error.place) == ("rules/other/2020-01-01.yaml", "programme")
    assert "says 'demo' but the file is in other/" in error.problem
    (tmp_path / "rules" / "other" / "2020-01-01.yaml").unlink()
    write(tmp_path, "demo/2020-02-01.yaml", rule_file())
    error = refused(tmp_path)
    assert (error.source, error.place) == ("rules/demo/2020-02-01.yaml", "version")


def test_a_version_ending_before_it_starts_is_refused(db, tmp_path):
    write(tmp_path, "demo/2020-01-01.yaml", rule_file(valid_to="2019-12-31"))
    error = refused(tmp_path)
    assert (error.place, error.problem) == ("valid_to", "ends before valid_from")


def test_a_cap_cannot_name_a_discretionary_envelope():
    body = PREMIUM.format(per="member", when="{}", amount=1).replace(
        "per: member", "per: member\n    discretionary: true"
    )
    with pytest.raises(RuleFileError) as caught:
        parse(rule_file(body=body + "caps:\n  - {code: c, components: [premium], max: 5}\n"), "x.yaml")
    assert caught.value.place == "caps[0].components" and "discretionary" in caught.value.problem


# The repository's own rule files.


def repository_files():
    return sorted(RULES_DIR.glob("*/*.yaml"))


def test_the_repository_rules_load(rules):
    assert set(rules) == {
        ("fedasil-return", "2016-01-01"),
        ("fedasil-return", "2022-01-01"),
        ("ofii-return", "2018-04-27"),
        ("ofii-return", "2023-10-12"),
        ("ofii-return", "2025-12-04"),
        ("starthilfeplus", "2017-02-01"),
        ("reag-garp", "2019-01-01"),
        ("eurp", "2022-04-01"),
    }
    ofii = [rules["ofii-return", v] for v in ("2018-04-27", "2023-10-12", "2025-12-04")]
    assert [(str(v.valid_from), str(v.valid_to)) for v in ofii] == [
        ("2018-04-27", "2023-10-11"),
        ("2023-10-12", "2025-12-03"),
        ("2025-12-04", "None"),
    ]


@pytest.mark.parametrize("path", repository_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_amount_and_cap_names_its_source_and_none_is_negative(path):
    content = parse(path.read_text(encoding="utf-8"), path.name)
    assert content.get("notes"), "each version says in notes how it reads the sources"
    for comp in content["components"]:
        for row in comp["rows"]:
            assert row.get("source"), (comp["code"], row)
            assert Decimal(str(row["amount"])) >= 0
    for cap in content.get("caps", []):
        assert cap.get("source"), cap["code"]
    for req in content.get("requirements", []):
        assert req.get("source"), req["code"]


def test_country_groups_are_iso_codes_and_norway_is_in_the_eea():
    from eligibility.countries import _groups, in_group

    assert {"visa_required", "visa_exempt", "eu_eea_ch", "kosovo", "channel_crossing"} <= group_names()
    for name, countries in _groups().items():
        assert all(isinstance(c, str) and len(c) == 2 and c.isupper() for c in countries), name
    assert in_group("NO", "eu_eea_ch") and not in_group("NO", "visa_required")


def test_the_schema_knows_the_vulnerability_kinds_people_can_have():
    assert VULNERABILITY_KINDS == list(VulnerabilityKind.values)
    assert {"vulnerability_in", "member_vulnerability_in", "not", "country_of_return_group"} <= set(CONDITION_KEYS)


def test_a_draft_cannot_create_a_programme_or_change_who_runs_it(rules, world):
    from eligibility.loader import upload_draft
    from eligibility.models import Programme

    source = (Path(__file__).parents[2] / "eligibility/rules/fedasil-return/2022-01-01.yaml").read_text()
    draft = upload_draft(
        source.replace("run_by: [fedasil]", "run_by: [someone-else]").replace(
            'version: "2022-01-01"', 'version: "draft-1"'
        ),
        "draft.yaml",
        by=world.agency_admin,
    )
    assert draft.status == "draft" and isinstance(draft.valid_from, datetime.date)
    assert Programme.objects.get(code="fedasil-return").run_by == "fedasil"
    with pytest.raises(RuleFileError) as info:
        upload_draft(
            source.replace("programme: fedasil-return", "programme: brand-new"), "new.yaml", by=world.agency_admin
        )
    assert info.value.place == "programme" and not Programme.objects.filter(code="brand-new").exists()
