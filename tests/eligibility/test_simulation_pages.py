"""The rules pages: the list of programmes and versions, uploading a draft
(agency administrators) and simulating it (administrators and analysts)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, AuditKind
from eligibility.loader import upload_draft
from eligibility.models import Programme, RuleVersion, VersionStatus
from organisations.models import Role
from tests.conftest import PERSONAS
from tests.eligibility.test_simulation import case_side_snapshot, draft_text, make_period_cases, period
from tests.factories import make_office, make_user

UPLOAD = reverse("rules-draft-upload")


@pytest.fixture
def draft(world, rules):
    return upload_draft(draft_text(), "fedasil-400.yaml", by=world.agency_admin)


def _file(text: str, name: str = "fedasil-400.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def _simulate_url(draft, date_from=None, date_to=None) -> str:
    url = reverse("rules-draft-simulate", args=[draft.pk])
    return f"{url}?from={date_from}&to={date_to}" if date_from else url


def _stored() -> tuple:
    """Everything an upload could have stored or changed."""
    return (
        list(RuleVersion.objects.order_by("pk").values_list("pk", "label", "status", "source_name")),
        list(Programme.objects.order_by("pk").values_list("code", "name", "run_by")),
        AuditEvent.objects.count(),
    )


# --- Who may do what ---------------------------------------------------------

PAGES = {
    "rules": ("get", lambda w, d: reverse("rules")),
    "upload_form": ("get", lambda w, d: UPLOAD),
    "upload_post": ("post", lambda w, d: UPLOAD),
    "simulate_form": ("get", lambda w, d: _simulate_url(d)),
    "simulate_run": ("get", lambda w, d: _simulate_url(d, *period())),
}
# fmt: off
#                 counsellor team_leader ghent travel admin analyst ofii partner outsider
EXPECTED = {
    "rules":         [403, 403, 403, 403, 200, 200, 403, 403, 403],
    "upload_form":   [403, 403, 403, 403, 200, 403, 403, 403, 403],
    "upload_post":   [403, 403, 403, 403, 302, 403, 403, 403, 403],
    "simulate_form": [403, 403, 403, 403, 200, 200, 403, 403, 403],
    "simulate_run":  [403, 403, 403, 403, 200, 200, 403, 403, 403],
}
# fmt: on
CASES = [(page, persona, EXPECTED[page][i]) for page in PAGES for i, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize("page, persona, status", CASES, ids=[f"{p}-{q}" for p, q, _s in CASES])
def test_each_persona_gets_what_their_role_allows_on_the_rules_pages(world, as_persona, draft, page, persona, status):
    method, url = PAGES[page]
    data = {"file": _file(draft_text(version="2026-other"))} if method == "post" else None
    response = getattr(as_persona(persona), method)(url(world, draft), data)
    assert response.status_code == status


@pytest.mark.parametrize("page", list(PAGES))
def test_an_anonymous_visitor_is_sent_to_the_login_page(world, draft, client, page):
    method, url = PAGES[page]
    response = getattr(client, method)(url(world, draft))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def ofii_admin(world):
    return make_user("odile", (world.mrs, Role.AGENCY_ADMIN), first_name="Odile")


def test_another_agencys_administrator_cannot_learn_a_draft_exists(world, draft, ofii_admin):
    client = Client()
    client.force_login(ofii_admin)
    assert client.get(_simulate_url(draft)).status_code == 404
    assert client.get(reverse("rules-draft-simulate", args=[987654])).status_code == 404
    page = client.get(reverse("rules")).content.decode()
    assert "fedasil-return" not in page and "ofii-return" in page


def test_only_administrators_and_analysts_see_the_header_link(world, as_persona):
    link = f'href="{reverse("rules")}"'
    assert link in as_persona("agency_admin").get(reverse("home")).content.decode()
    assert link in as_persona("analyst").get(reverse("home")).content.decode()
    assert link not in as_persona("counsellor").get(reverse("home")).content.decode()
    assert link not in as_persona("team_leader").get(reverse("home")).content.decode()


# --- The rules page ----------------------------------------------------------


def test_the_rules_page_lists_published_versions_and_drafts(world, draft, as_persona):
    response = as_persona("analyst").get(reverse("rules"))
    page = response.content.decode()
    assert "Fedasil – voluntary return (Belgium)" in page
    assert "eligibility/rules/fedasil-return/2022-01-01.yaml" in page or "fedasil-return/2022-01-01.yaml" in page
    assert "2026-draft" in page and "fedasil-400.yaml" in page and "Hilde" in page
    assert _simulate_url(draft) in page
    assert UPLOAD not in page  # analysts do not upload
    assert "In force" in page
    assert UPLOAD in as_persona("agency_admin").get(reverse("rules")).content.decode()


# --- Uploading ---------------------------------------------------------------


def test_an_administrator_uploads_a_draft_and_is_taken_to_its_simulation(world, rules, as_persona):
    response = as_persona("agency_admin").post(UPLOAD, {"file": _file(draft_text())})
    stored = RuleVersion.objects.get(status=VersionStatus.DRAFT, label="2026-draft")
    assert response.status_code == 302 and response["Location"] == _simulate_url(stored)
    assert stored.uploaded_by == world.agency_admin and stored.source_name == "fedasil-400.yaml"
    assert stored.programme.code == "fedasil-return"
    event = AuditEvent.objects.get(action="eligibility.draft_uploaded")
    assert event.actor == world.agency_admin and event.object_id == str(stored.pk)
    # Published rules are untouched: decisions still use them.
    assert RuleVersion.objects.get(status=VersionStatus.PUBLISHED, programme__code="fedasil-return", label="2022-01-01")


def test_uploading_the_same_version_again_replaces_the_draft(world, draft, as_persona):
    response = as_persona("agency_admin").post(UPLOAD, {"file": _file(draft_text(adult=450))}, follow=True)
    assert "replaces the earlier draft" in response.content.decode()
    assert RuleVersion.objects.filter(status=VersionStatus.DRAFT, label="2026-draft").count() == 1
    assert AuditEvent.objects.filter(action="eligibility.draft_replaced").count() == 1


@pytest.mark.parametrize(
    "text, name, place, problem",
    [
        (draft_text().replace("form: cash", "form: money"), "broken.yaml", "components[0].form", "is not one of"),
        (
            draft_text().replace("amount: 400", "amount: -400"),
            "negative.yaml",
            "components[0].rows[1].amount",
            "never negative",
        ),
        (draft_text().replace("rows:\n", "rows: [\n", 1), "syntax.yaml", "line ", "not valid YAML"),
        ("just a sentence", "sentence.yaml", "the top", "must be a mapping"),
    ],
    ids=["schema", "amount", "yaml", "not-a-mapping"],
)
def test_a_broken_draft_is_shown_naming_file_place_and_problem_and_nothing_is_stored(
    world, rules, as_persona, text, name, place, problem
):
    before = _stored()
    response = as_persona("agency_admin").post(UPLOAD, {"file": _file(text, name)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert name in page and place in page and problem in page, page[page.find("govuk-error-summary") :][:800]
    assert _stored() == before


def test_a_draft_of_a_programme_the_agency_does_not_run_is_refused(world, rules, ofii_admin):
    client = Client()
    client.force_login(ofii_admin)
    before = _stored()
    response = client.post(UPLOAD, {"file": _file(draft_text())})
    page = response.content.decode()
    assert response.status_code == 200 and "fedasil-return is not a programme your agency runs" in page
    assert "fedasil-400.yaml" in page
    assert _stored() == before


def test_a_draft_of_a_new_programme_is_refused(world, rules, as_persona):
    text = draft_text().replace("programme: fedasil-return", "programme: fedasil-new")
    before = _stored()
    page = as_persona("agency_admin").post(UPLOAD, {"file": _file(text)}).content.decode()
    assert "fedasil-new is not a programme your agency runs" in page
    assert _stored() == before


def test_a_draft_cannot_change_who_runs_the_programme(world, rules, as_persona):
    text = draft_text().replace("run_by: [fedasil]", "run_by: [fedasil, ofii]")
    before = _stored()
    page = as_persona("agency_admin").post(UPLOAD, {"file": _file(text)}).content.decode()
    assert "run_by" in page and "cannot change which agencies run the programme" in page
    assert _stored() == before
    assert Programme.objects.get(code="fedasil-return").run_by == "fedasil"


def test_a_file_that_is_not_text_is_refused(world, rules, as_persona):
    before = _stored()
    upload = SimpleUploadedFile("scan.yaml", b"\xff\xd8\xff\xe0 binary", content_type="image/jpeg")
    page = as_persona("agency_admin").post(UPLOAD, {"file": upload}).content.decode()
    assert "not UTF-8 text" in page
    assert _stored() == before


def test_an_upload_without_a_file_names_the_field(world, rules, as_persona):
    page = as_persona("agency_admin").post(UPLOAD, {}).content.decode()
    assert 'href="#id_file"' in page


# --- Simulating --------------------------------------------------------------


def test_the_simulation_page_shows_counts_totals_tables_and_the_top_cases(world, draft, as_persona):
    cases = make_period_cases(world)
    response = as_persona("agency_admin").get(_simulate_url(draft, *period()))
    assert response.status_code == 200
    sim = response.context["sim"]
    assert (sim.evaluated, sim.changed) == (4, 3)
    assert sim.total.after - sim.total.before == 150
    premium = sim.by_component["reinstallation_premium"]
    assert (premium.before, premium.after) == (1275, 1425)
    page = response.content.decode()
    for anchor in ('id="simulation-summary"', 'id="by-component"', 'id="by-nationality"', 'id="top-changes"'):
        assert anchor in page
    assert "1,275.00" in page and "1,425.00" in page and "+150.00" in page
    assert "Guinea" in page and "Albania" in page
    for case in (world.case, world.ghent_case, cases["family"]):
        assert f'href="{reverse("case-detail", args=[case.pk])}"' in page
    assert f'href="{reverse("case-detail", args=[cases["albanian"].pk])}"' not in page  # unchanged
    assert cases["old"].number not in page  # opened before the period


def test_an_analyst_runs_the_same_simulation_over_the_same_cases(world, draft, as_persona):
    make_period_cases(world)
    admin = as_persona("agency_admin").get(_simulate_url(draft, *period())).context["sim"]
    analyst = as_persona("analyst").get(_simulate_url(draft, *period())).context["sim"]
    assert (analyst.evaluated, analyst.total.before, analyst.total.after) == (
        admin.evaluated,
        admin.total.before,
        admin.total.after,
    )


def test_the_simulation_reads_only_the_agencys_cases(world, draft, as_persona):
    sim = as_persona("agency_admin").get(_simulate_url(draft, *period())).context["sim"]
    assert sim.evaluated == 2  # Brussels and Ghent, not Marseille


def test_the_simulation_page_changes_no_case_and_records_who_ran_it(world, draft, as_persona):
    make_period_cases(world)
    before = case_side_snapshot()
    events = AuditEvent.objects.count()
    response = as_persona("analyst").get(_simulate_url(draft, *period()))
    assert response.status_code == 200
    assert case_side_snapshot() == before
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.kind, event.actor, event.case_id) == (
        "eligibility.draft_simulated",
        AuditKind.ACCESS,
        world.analyst,
        None,
    )
    assert event.changes["cases"] == [None, 4]


def test_without_a_period_the_page_offers_the_form_and_runs_nothing(world, draft, as_persona):
    events = AuditEvent.objects.count()
    response = as_persona("agency_admin").get(_simulate_url(draft))
    assert response.context["sim"] is None
    assert 'name="from"' in response.content.decode() and 'name="to"' in response.content.decode()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "query, field",
    [("from=2026-12-31&to=2026-01-01", "to"), ("from=someday&to=2026-01-01", "from"), ("from=2026-01-01", "to")],
)
def test_a_bad_period_is_shown_on_the_field_and_runs_nothing(world, draft, as_persona, query, field):
    url = f"{_simulate_url(draft)}?{query}"
    response = as_persona("agency_admin").get(url)
    assert response.status_code == 200 and response.context["sim"] is None
    assert field in response.context["form"].errors
    assert f'href="#id_{field}"' in response.content.decode()


def test_an_office_in_another_agency_does_not_widen_the_simulation(world, draft):
    # An administrator of Fedasil who also counsels at OFII: only Fedasil's cases.
    other = make_office(world.mrs.agency, "LIL", "Lille", "FR", "Europe/Paris", "fr")
    user = make_user("hybrid", (world.bxl, Role.AGENCY_ADMIN), (other, Role.COUNSELLOR), (world.mrs, Role.COUNSELLOR))
    client = Client()
    client.force_login(user)
    sim = client.get(_simulate_url(draft, *period())).context["sim"]
    assert sim.evaluated == 2


def test_a_draft_cannot_rename_the_programme(world, rules, as_persona):
    text = draft_text().replace("name: Fedasil – voluntary return (Belgium)", "name: Fedasil – new scheme")
    before = _stored()
    page = as_persona("agency_admin").post(UPLOAD, {"file": _file(text)}).content.decode()
    assert "fedasil-400.yaml, at name: a draft cannot rename the programme" in page
    assert _stored() == before
