"""Settings from the environment: a bad value names the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from retour.env import env_int, env_int_list


def test_a_list_of_whole_numbers(monkeypatch):
    assert env_int_list("RETOUR_TEST_MONTHS", [3, 6, 12]) == [3, 6, 12]
    monkeypatch.setenv("RETOUR_TEST_MONTHS", "1, 4,9")
    assert env_int_list("RETOUR_TEST_MONTHS", [3]) == [1, 4, 9]
    monkeypatch.setenv("RETOUR_TEST_MONTHS", "3,six")
    with pytest.raises(ImproperlyConfigured, match="RETOUR_TEST_MONTHS must be whole numbers"):
        env_int_list("RETOUR_TEST_MONTHS", [3])


def test_a_bad_whole_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("RETOUR_TEST_DAYS", "21 days")
    with pytest.raises(ImproperlyConfigured, match="RETOUR_TEST_DAYS must be a whole number"):
        env_int("RETOUR_TEST_DAYS", 21)
