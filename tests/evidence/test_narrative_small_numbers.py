"""Narrative typed for publication is checked for small numbers next to people-words."""

import pytest

from dueregard.analytics.disclosure import small_numbers_in_text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Only 3 staff reported it.", ["3 staff"]),
        ("We heard from five disabled patients.", ["five disabled patients"]),
        ("Seven Black women applied.", ["Seven Black women"]),
        ("2 colleagues and 40 patients", ["2 colleagues"]),
        ("In 2025, 300 staff took part; band 5 nurses", []),
        ("Outcome 3 of domain 2 was graded", []),
        ("8 staff", []),
    ],
)
def test_small_numbers_next_to_people_are_found(text, found):
    assert small_numbers_in_text(text) == found
