"""The README's demo table is true (issue 13, item 10): on a fresh demo station every code it
lists gives the verdict the table says."""

from __future__ import annotations

import re
from pathlib import Path

from station_app.counter import Counter
from station_app.domain.order_state import Verdict
from station_app.services.handover_views import LookupOutcome, LookupResult

README = Path(__file__).resolve().parents[2] / "README.md"

# What the table's words promise, as the core says it.
PROMISES: tuple[tuple[str, Verdict | LookupOutcome], ...] = (
    ("ready for pickup", Verdict.READY),
    ("overdue", Verdict.OVERDUE),
    ("already picked up", Verdict.ALREADY_HANDED_OVER),
    ("cancelled", Verdict.CANCELLED),
    ("not arrived", Verdict.NOT_ARRIVED),
    ("another station's order", Verdict.OTHER_STATION),
    ("households share this phone tail", LookupOutcome.CHOOSE),
    ("not a pickup code", LookupOutcome.UNUSABLE),
)


def demo_table() -> list[tuple[list[str], str]]:
    """(codes, what the counter shows) for each row of the README's demo table."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| type | what the counter shows |")
    table: list[tuple[list[str], str]] = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        codes_cell, shows = (cell.strip() for cell in line.strip("|").split("|"))
        table.append((re.findall(r"`([^`]+)`", codes_cell), shows))
    return table


def promise(shows: str) -> Verdict | LookupOutcome:
    return next(what for words, what in PROMISES if words in shows)


def told(result: LookupResult) -> Verdict | LookupOutcome:
    if result.outcome is LookupOutcome.FOUND:
        assert result.order is not None
        return result.order.verdict
    return result.outcome


def test_every_code_in_the_readme_gives_what_the_table_says(counter: Counter) -> None:
    table = demo_table()
    assert len(table) >= 8
    for codes, shows in table:
        assert codes, shows
        for code in codes:
            result = counter.handovers.lookup(code)
            assert told(result) == promise(shows), (code, shows, result)
            if "more ready orders" in shows:
                assert result.order is not None
                assert f"has {len(result.order.household)} more" in shows, (code, shows)
            if result.outcome is LookupOutcome.CHOOSE:
                assert f"{len(result.choices)} households" in \
                    shows.replace("three", "3"), (code, shows)
