"""The Reintegration Sustainability Survey's scores against hand-computed
examples, their recomputation when new weights are made current, and the
validation of weights files."""

import copy
import datetime
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEvent
from reintegration import rss
from reintegration.actions_monitoring import make_current, record_visit
from reintegration.models import RssWeights, SurveyResponse

D = Decimal

# Example A: every question asked; "no school-age children" does not apply.
ANSWERS_A = {
    "econ_satisfaction": "very_satisfied",  # 1
    "food_security": "sometimes",  # 0.5
    "employment_assets": "irregular",  # 0.5
    "credit_access": "no",  # 0
    "debt": "less",  # 0.5
    "housing": "adequate",  # 1
    "schooling": "no_children",  # does not apply
    "justice": "with_difficulty",  # 0.5
    "documents": "all",  # 1
    "basic_services": "one",  # 0.5
    "social_network": "strong",  # 1
    "belonging": "partly",  # 0.5
    "safety": "sometimes_unsafe",  # 0.5
    "distress": "often",  # 0
    "migrate_again": "undecided",  # 0.5
}


def _weights(label: str, **changes) -> RssWeights:
    """The shipped equal weights with some changed, stored under `label`."""
    content = copy.deepcopy(rss.read_weights_file(rss.weight_files()[0]))
    content["label"] = label
    for key, value in changes.items():
        if key == "composite":
            content["composite"] = value
        else:
            content["dimensions"][key] = value
    return RssWeights.objects.create(label=label, content=rss.validate_weights(content, "test"))


def unequal_weights() -> RssWeights:
    return _weights(
        "unequal",
        economic={
            "econ_satisfaction": "0.4",
            "food_security": "0.3",
            "employment_assets": "0.1",
            "credit_access": "0.1",
            "debt": "0.1",
        },
        composite={"economic": "1/2", "social": "1/4", "psychosocial": "1/4"},
    )


def test_equal_weights_by_hand(rss_weights):
    scores = rss.compute_scores(ANSWERS_A, "rss-2017-retour-1", rss_weights)
    # economic: 0.2·(1 + 0.5 + 0.5 + 0 + 0.5) = 0.2·2.5 = 0.5
    assert scores.economic == D("0.500")
    # social: schooling does not apply, so the four other weights (0.2 each,
    # 0.8 together) are re-normalised: 0.2·(1 + 0.5 + 1 + 0.5) / 0.8 = 0.6 / 0.8 = 0.75
    assert scores.social == D("0.750")
    # psychosocial: 0.2·(1 + 0.5 + 0.5 + 0 + 0.5) = 0.5
    assert scores.psychosocial == D("0.500")
    # composite: (0.5 + 0.75 + 0.5) / 3 = 1.75 / 3 = 0.58333… → 0.583
    assert scores.composite == D("0.583")


def test_unequal_weights_and_unanswered_questions_by_hand(rss_weights):
    weights = unequal_weights()
    answers = {
        "econ_satisfaction": "satisfied",  # 0.75, weight 0.4
        "food_security": "never",  # 1, weight 0.3 (the other economic questions not asked)
        "housing": "temporary",  # 0.5, the only social answer
        "distress": "never",  # 1
        "migrate_again": "leave",  # 0
    }
    scores = rss.compute_scores(answers, "rss-2017-retour-1", weights)
    # economic: (0.4·0.75 + 0.3·1) / (0.4 + 0.3) = 0.6 / 0.7 = 0.857142… → 0.857
    assert scores.economic == D("0.857")
    # social: one answer, its weight re-normalised to 1: 0.5
    assert scores.social == D("0.500")
    # psychosocial: (0.2·1 + 0.2·0) / 0.4 = 0.5
    assert scores.psychosocial == D("0.500")
    # composite: ½·6/7 + ¼·0.5 + ¼·0.5 = 3/7 + 0.25 = 0.678571… → 0.679
    assert scores.composite == D("0.679")


def test_no_composite_when_a_dimension_has_no_answer(rss_weights):
    answers = {
        k: v
        for k, v in ANSWERS_A.items()
        if k not in {"social_network", "belonging", "safety", "distress", "migrate_again"}
    }
    scores = rss.compute_scores(answers, "rss-2017-retour-1", rss_weights)
    assert scores.psychosocial is None
    assert scores.composite is None
    assert scores.economic == D("0.500")


def test_no_scores_without_weights_or_for_another_questionnaire(rss_weights):
    assert rss.compute_scores(ANSWERS_A, "rss-2017-retour-1", None) == rss.NO_SCORES
    assert rss.compute_scores(ANSWERS_A, "rss-1999", rss_weights) == rss.NO_SCORES


def test_a_recorded_survey_keeps_raw_answers_version_and_weights(world, monitored_case):
    visit = monitored_case.monitoring_visits.get(months=3)
    record_visit(
        visit,
        by=world.partner,
        done_on=monitored_case.departed_on + datetime.timedelta(days=95),
        mode="home",
        findings="Shop open, selling phone credit.",
        answers=ANSWERS_A,
    )
    response = SurveyResponse.objects.get(visit=visit)
    assert response.answers == ANSWERS_A
    assert response.questionnaire == "rss-2017-retour-1"
    assert response.weights == monitored_case_weights()
    assert (response.economic, response.social, response.psychosocial, response.composite) == (
        D("0.500"),
        D("0.750"),
        D("0.500"),
        D("0.583"),
    )


def monitored_case_weights():
    return RssWeights.objects.get(is_current=True)


def test_making_new_weights_current_recomputes_every_survey(world, monitored_case):
    visit = monitored_case.monitoring_visits.get(months=3)
    record_visit(
        visit,
        by=world.partner,
        done_on=monitored_case.departed_on + datetime.timedelta(days=95),
        mode="phone",
        findings="Doing fine.",
        answers=ANSWERS_A,
    )
    old = RssWeights.objects.get(is_current=True)
    new = unequal_weights()
    make_current(new, by=world.agency_admin)
    response = SurveyResponse.objects.get(visit=visit)
    assert response.weights == new
    # economic: 0.4·1 + 0.3·0.5 + 0.1·0.5 + 0.1·0 + 0.1·0.5 = 0.4 + 0.15 + 0.05 + 0.05 = 0.65
    assert response.economic == D("0.650")
    # social and psychosocial weights unchanged: 0.75 and 0.5
    assert (response.social, response.psychosocial) == (D("0.750"), D("0.500"))
    # composite: ½·0.65 + ¼·0.75 + ¼·0.5 = 0.325 + 0.1875 + 0.125 = 0.6375 → 0.638 (half up)
    assert response.composite == D("0.638")
    assert list(RssWeights.objects.filter(is_current=True)) == [new]
    assert AuditEvent.objects.filter(action="rss.weights_made_current", object_id=str(new.pk)).exists()
    # and back again
    make_current(old)
    response.refresh_from_db()
    assert (response.economic, response.composite, response.weights) == (D("0.500"), D("0.583"), old)


# --- weights files ---------------------------------------------------------------------


def _shipped() -> dict:
    return yaml.safe_load(rss.weight_files()[0].read_text())


def _write(tmp_path, content, name="weights-test.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content))
    return path


def _error(tmp_path, content) -> rss.RssFileError:
    with pytest.raises(rss.RssFileError) as caught:
        rss.read_weights_file(_write(tmp_path, content))
    assert caught.value.source == "weights-test.yaml"
    return caught.value


def test_the_shipped_weights_are_valid():
    for path in rss.weight_files():
        content = rss.read_weights_file(path)
        assert content["questionnaire"] == rss.current_questionnaire().version


def test_weights_must_add_up_to_one_per_dimension(tmp_path):
    content = _shipped()
    content["dimensions"]["economic"]["debt"] = 0.3
    error = _error(tmp_path, content)
    assert error.key == "dimensions.economic"
    assert "1.1" in error.problem
    assert "weights-test.yaml" in str(error)


def test_composite_weights_must_add_up_to_one(tmp_path):
    content = _shipped()
    content["composite"]["social"] = "1/2"
    assert _error(tmp_path, content).key == "composite"


def test_every_indicator_needs_a_weight(tmp_path):
    content = _shipped()
    del content["dimensions"]["social"]["housing"]
    error = _error(tmp_path, content)
    assert (error.key, error.problem) == ("dimensions.social.housing", "missing: every one needs a weight")


def test_an_unknown_indicator_is_named(tmp_path):
    content = _shipped()
    content["dimensions"]["social"]["television"] = 0
    assert _error(tmp_path, content).key == "dimensions.social.television"


@pytest.mark.parametrize(
    "change, key",
    [
        ({"questionnaire": "rss-1999"}, "questionnaire"),
        ({"label": ""}, "label"),
        ({"weights": {}}, "weights"),
    ],
)
def test_other_mistakes_are_named(tmp_path, change, key):
    content = {**_shipped(), **change}
    assert _error(tmp_path, content).key == key


def test_a_weight_that_is_not_a_number(tmp_path):
    content = _shipped()
    content["dimensions"]["psychosocial"]["safety"] = "a fifth"
    assert _error(tmp_path, content).key == "dimensions.psychosocial.safety"


def test_load_rss_weights_is_idempotent_and_makes_the_first_current(db):
    call_command("load_rss_weights")
    call_command("load_rss_weights")
    assert RssWeights.objects.count() == len(rss.weight_files())
    assert RssWeights.objects.filter(is_current=True).count() == 1


def test_load_rss_weights_refuses_a_changed_version(db, tmp_path):
    call_command("load_rss_weights")
    content = _shipped()
    content["composite"] = {"economic": 0.5, "social": 0.25, "psychosocial": 0.25}
    with pytest.raises(CommandError, match="already stored with other weights"):
        call_command("load_rss_weights", str(_write(tmp_path, content)))


def test_load_rss_weights_makes_a_new_version_current_and_recomputes(world, monitored_case, tmp_path):
    record_visit(
        monitored_case.monitoring_visits.get(months=3),
        by=world.partner,
        done_on=monitored_case.departed_on + datetime.timedelta(days=91),
        mode="office",
        findings="Came to the office.",
        answers=ANSWERS_A,
    )
    content = {**_shipped(), "label": "economy-first"}
    content["composite"] = {"economic": 0.5, "social": 0.25, "psychosocial": 0.25}
    call_command("load_rss_weights", str(_write(tmp_path, content)), make_current="economy-first")
    response = SurveyResponse.objects.get()
    # ½·0.5 + ¼·0.75 + ¼·0.5 = 0.25 + 0.1875 + 0.125 = 0.5625 → 0.563
    assert response.composite == D("0.563")
    assert response.weights.label == "economy-first"


def test_the_questionnaire_has_fifteen_indicators_in_three_languages():
    q = rss.current_questionnaire()
    assert [d.code for d in q.dimensions] == ["economic", "social", "psychosocial"]
    assert len(q.indicators) == 15
    for ind in q.indicators:
        for labels in (ind.labels, ind.questions, *(o.labels for o in ind.options)):
            assert set(labels) == {"en", "fr", "nl"}, ind.code
        assert all(o.value is None or 0 <= o.value <= 1 for o in ind.options)
