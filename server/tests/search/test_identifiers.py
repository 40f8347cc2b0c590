"""Queries that are identifiers (an email address, a phone number) are looked up by keyword only."""

from __future__ import annotations

import pytest

from rapport.search.service import looks_like_identifier


@pytest.mark.parametrize(
    ("query", "identifier"),
    [
        ("charles@babbage", True),
        ("charles@babbage.example", True),
        ("+44 20 7946 0001", True),
        ("(020) 7946-0001", True),
        ("customer who complained about the invoice", False),
        ("babbage", False),
        ("2026", False),
        ("invoice 12", False),
    ],
)
def test_identifiers_are_told_from_questions(query: str, identifier: bool) -> None:
    assert looks_like_identifier(query) is identifier
