"""The registry scan in memory (people.matching.dedupe): which records are
compared, and how the share of people recorded twice is estimated from the
scan itself so that scores fit the registry."""

import datetime
import math
from collections import Counter

from people.matching.dedupe import PRIOR_PAIRS, estimate_prior, find_pairs
from people.matching.keys import batch_keyed
from people.matching.record import Record
from people.matching.score import PRIOR


def rec(given, family, document="", rid=0, dob=datetime.date(1990, 3, 12)):
    return Record.from_fields(
        given_name=given, family_name=family, date_of_birth=dob, dob_precision="full", document_number=document, id=rid
    )


def test_a_mistyped_document_number_still_brings_the_records_together():
    right = rec("Amina", "Yusuf", "P12345678")
    born = datetime.date(1984, 6, 30)  # nothing else in common
    for typed in ("P12345778", "P12354678", "P1234678", "P123456789"):  # changed, swapped, dropped, added
        other = rec("Fatima", "Warsame", typed, dob=born)
        assert set(batch_keyed(right)) & set(batch_keyed(other)), typed
    assert not set(batch_keyed(right)) & set(batch_keyed(rec("Fatima", "Warsame", "P12399978", dob=born)))


def test_a_mistyped_number_meets_a_person_recorded_six_times():
    # Five records with the right number and one with two digits swapped,
    # its names mistyped beyond the name keys: the near-number key is shared
    # by all six, and the pair is still compared.
    right = [rec("Amina", "Yusuf", "P12345678", rid=n) for n in range(1, 6)]
    typed = rec("Amnia", "Ysuf", "P12345687", rid=6, dob=None)
    found = find_pairs([*right, typed], min_score=0)
    assert any(6 in (a, b) and "document_close" in c.reasons for a, b, c in found.pairs)


def test_the_share_of_people_recorded_twice_is_estimated_from_the_scan():
    # Ten million possible pairs; 2,000 compared pairs weigh 20 (clearly one
    # person), 30,000 weigh 3 (namesakes): about 1 pair in 5,000 is one person.
    weights = Counter({20.0: 2_000, 3.0: 30_000})
    prior = estimate_prior(weights, 10_000_000)
    expected = (2_000 + PRIOR_PAIRS / (1 + 2**-PRIOR)) / (10_000_000 + PRIOR_PAIRS)
    assert math.isclose(prior, math.log2(expected / (1 - expected)), abs_tol=0.05)
    assert -12.5 < prior < -12.0


def test_a_small_registry_keeps_the_fixed_prior():
    # Five people, one pair that looks alike: not enough to move the prior.
    assert abs(estimate_prior(Counter({20.0: 1}), 10) - PRIOR) < 0.05
    assert abs(estimate_prior(Counter(), 10) - PRIOR) < 0.01


def test_scores_follow_how_many_people_the_registry_holds_twice():
    """The same pair of records scores higher in a registry where many people
    appear twice than among people who are all different."""
    born = [datetime.date(1950, 1, 1) + datetime.timedelta(days=97 * n) for n in range(600)]
    pair = [rec("Mohamed", "Diallo", rid=1), rec("Mohammed", "Diallo", rid=2, dob=datetime.date(1993, 5, 20))]
    distinct = [rec(f"Given{n}", f"Family{n}", rid=10 + n, dob=born[n]) for n in range(600)]
    twice = [rec(f"Given{n}", f"Family{n}", rid=1000 + n, dob=born[n]) for n in range(600)]
    alone = find_pairs(pair + distinct, min_score=0)
    crowded = find_pairs(pair + distinct + twice, min_score=0)
    assert crowded.prior > alone.prior + 2
    assert crowded.compared >= 601
    score = {f.prior: next(c.score for a, b, c in f.pairs if (a, b) == (1, 2)) for f in (alone, crowded)}
    assert score[crowded.prior] > score[alone.prior]
