"""The stock count service on the demo station's real database: counting, refusals, approval."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from station_app.counter import Counter
from station_app.demo_data import CATALOGUE
from station_app.devices.report import TextReport
from station_app.domain.stock import MovementReason
from station_app.services.authority import NotAllowed
from station_app.services.stock_count import (
    MAX_COUNTED,
    CountRefusal,
    CountRefused,
    CountState,
    StockCounts,
)
from station_app.services.stock_ledger import post_movement
from tests.helpers import rows, scalar
from tests.paper_language import report_texts, wrong_language

CLERK, MANAGER = 1, 2
(SKU_A, _, _, PRICE_A, BARCODE_A), (SKU_B, _, _, _, BARCODE_B) = CATALOGUE[0], CATALOGUE[1]
SKU_C = CATALOGUE[2][0]


@pytest.fixture
def counts(counter: Counter) -> StockCounts:
    return StockCounts(counter.db, counter.station_id)


def book(counter: Counter, sku: str) -> int:
    return int(scalar(counter.db, "SELECT quantity FROM stock_balance WHERE sku=:s", s=sku))


def everything(counter: Counter) -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    db = counter.db
    return (rows(db, "SELECT id, count_no, state, closed_at, approved_by, event_id "
                     "FROM stock_count ORDER BY id"),
            rows(db, "SELECT id, sku, book, counted, counted_at FROM stock_count_line "
                     "ORDER BY id"),
            scalar(db, "SELECT count(*) FROM stock_movement"),
            rows(db, "SELECT sku, quantity FROM stock_balance ORDER BY sku"),
            scalar(db, "SELECT count(*) FROM outbox_event"),
            scalar(db, "SELECT count(*) FROM print_job"))


def test_scans_add_one_and_typing_sets_the_count(counter: Counter,
                                                  counts: StockCounts) -> None:
    count = counts.start(CLERK)
    assert count.state is CountState.OPEN and count.lines == ()
    first = counts.scan(count.count_no, BARCODE_A, CLERK)
    again = counts.scan(count.count_no, BARCODE_A, CLERK)
    assert (first.counted, again.counted) == (1, 2)
    assert again.book == book(counter, SKU_A) and again.difference == 2 - again.book
    typed = counts.set_counted(count.count_no, SKU_B, 7, CLERK)
    assert typed.counted == 7
    assert counts.set_counted(count.count_no, SKU_A, 0, CLERK).counted == 0
    assert [(line.sku, line.counted) for line in counts.open_count().lines] == \
        [(SKU_A, 0), (SKU_B, 7)]  # type: ignore[union-attr]
    # Counting is a draft: no movement, no event.
    assert scalar(counter.db, "SELECT count(*) FROM outbox_event WHERE type='stock.counted'") \
        == 0
    assert scalar(counter.db, "SELECT count(*) FROM stock_movement WHERE reason="
                              "'count_adjustment'") == 0


def test_the_book_is_read_when_a_sku_is_first_counted(counter: Counter,
                                                       counts: StockCounts) -> None:
    count = counts.start(CLERK)
    before = book(counter, SKU_A)
    counts.scan(count.count_no, BARCODE_A, CLERK)
    _sell(counter, SKU_A, 2)  # a walk-in sale while the count is open
    line = counts.scan(count.count_no, BARCODE_A, CLERK)
    assert line.book == before  # not re-read at the second scan
    # A typed count is the shelf as it is now: the book is read again with it.
    typed = counts.set_counted(count.count_no, SKU_A, 4, CLERK)
    assert (typed.book, typed.counted) == (before - 2, 4)
    done = counts.approve(count.count_no, MANAGER)
    assert done.sheet.lines[0].difference == 4 - (before - 2)
    assert book(counter, SKU_A) == 4


def _sell(counter: Counter, sku: str, quantity: int) -> None:
    with counter.db.writing() as session:
        post_movement(session, sku, -quantity, MovementReason.SALE, "S-TEST", CLERK,
                      datetime.now(UTC))


def test_approval_posts_adjustments_event_and_sheet_in_one_go(counter: Counter,
                                                               counts: StockCounts) -> None:
    db = counter.db
    count = counts.start(CLERK)
    book_a, book_b, book_c = (book(counter, sku) for sku in (SKU_A, SKU_B, SKU_C))
    counts.set_counted(count.count_no, SKU_A, book_a - 2, CLERK)  # two missing
    counts.set_counted(count.count_no, SKU_B, book_b, CLERK)  # as booked
    counts.set_counted(count.count_no, SKU_C, book_c + 1, CLERK)  # one extra
    seq_before = scalar(db, "SELECT max(station_seq) FROM outbox_event") or 0

    done = counts.approve(count.count_no, MANAGER)

    assert done.movements == 2
    assert (book(counter, SKU_A), book(counter, SKU_B), book(counter, SKU_C)) == \
        (book_a - 2, book_b, book_c + 1)
    adjustments = rows(db, "SELECT sku, delta, reference, staff_id FROM stock_movement "
                           "WHERE reason='count_adjustment' ORDER BY id")
    assert [tuple(r) for r in adjustments] == [(SKU_A, -2, count.count_no, MANAGER),
                                               (SKU_C, 1, count.count_no, MANAGER)]
    event = rows(db, "SELECT type, station_seq, payload FROM outbox_event WHERE event_id=:e",
                 e=done.event_id)[0]
    assert (event.type, event.station_seq) == ("stock.counted", seq_before + 1)
    payload = json.loads(event.payload)
    assert set(payload) == {"station_id", "staff_id", "movements", "count_no", "approved_by",
                            "approved_at", "started_at", "lines"}
    assert payload["station_id"] == counter.station_id and payload["staff_id"] == CLERK
    assert payload["count_no"] == count.count_no and payload["approved_by"] == MANAGER
    assert datetime.fromisoformat(payload["approved_at"]).utcoffset() is not None
    assert payload["lines"] == [{"sku": SKU_A, "book": book_a, "counted": book_a - 2},
                                {"sku": SKU_B, "book": book_b, "counted": book_b},
                                {"sku": SKU_C, "book": book_c, "counted": book_c + 1}]
    assert payload["movements"] == [
        {"sku": SKU_A, "delta": -2, "reason": "count_adjustment"},
        {"sku": SKU_C, "delta": 1, "reason": "count_adjustment"}]
    stored = rows(db, "SELECT state, approved_by, event_id, closed_at FROM stock_count "
                      "WHERE count_no=:n", n=count.count_no)[0]
    assert (stored.state, stored.approved_by, stored.event_id) == \
        ("approved", MANAGER, done.event_id) and stored.closed_at
    job = rows(db, "SELECT kind, reference, payload FROM print_job WHERE id=:j", j=done.job_id)[0]
    assert (job.kind, job.reference) == ("report", count.count_no)
    report = TextReport.from_json(job.payload)
    assert report.title == "盘点差异表"
    assert done.sheet.total_value_fen == -2 * PRICE_A + CATALOGUE[2][3]
    assert ("差异金额", _yuan(done.sheet.total_value_fen)) in \
        report.sections[0].rows


def _yuan(fen: int) -> str:
    from station_app.money import format_fen
    return format_fen(fen)


def test_every_balance_is_the_sum_of_its_movements_after_approval(
        counter: Counter, counts: StockCounts) -> None:
    count = counts.start(CLERK)
    for n, (sku, *_rest) in enumerate(CATALOGUE[:12]):
        counts.set_counted(count.count_no, sku, n, CLERK)
    counts.approve(count.count_no, MANAGER)
    mismatched = rows(counter.db, """
        SELECT b.sku FROM stock_balance b
        JOIN (SELECT sku, sum(delta) AS total FROM stock_movement GROUP BY sku) m
          ON m.sku = b.sku WHERE m.total != b.quantity""")
    assert mismatched == []
    for n, (sku, *_rest) in enumerate(CATALOGUE[:12]):
        assert book(counter, sku) == n


def test_a_sale_after_counting_is_not_posted_twice(counter: Counter,
                                                    counts: StockCounts) -> None:
    """The rule: adjust by counted − book when counted; later movements stay on top."""
    count = counts.start(CLERK)
    before = book(counter, SKU_A)
    counts.set_counted(count.count_no, SKU_A, before - 1, CLERK)  # one found missing
    _sell(counter, SKU_A, 3)  # then three sold off the counted shelf
    done = counts.approve(count.count_no, MANAGER)
    assert done.sheet.lines[0].difference == -1
    assert scalar(counter.db, "SELECT delta FROM stock_movement WHERE reason="
                              "'count_adjustment' AND sku=:s", s=SKU_A) == -1
    assert book(counter, SKU_A) == before - 1 - 3  # what is on the shelf now


def test_the_sheet_can_list_uncounted_skus_without_adjusting_them(
        counter: Counter, counts: StockCounts) -> None:
    count = counts.start(CLERK)
    counts.scan(count.count_no, BARCODE_A, CLERK)
    sheet = counts.variance(count.count_no, include_uncounted=True)
    assert SKU_A not in {line.sku for line in sheet.uncounted}
    assert {line.sku for line in sheet.uncounted} == {
        sku for sku, *_ in CATALOGUE[1:] if book(counter, sku) != 0}
    assert counts.variance(count.count_no).uncounted == ()
    book_b = book(counter, SKU_B)
    done = counts.approve(count.count_no, MANAGER, include_uncounted=True)
    assert book(counter, SKU_B) == book_b
    assert done.report.sections[-1].heading.startswith("未盘")


RefusedCall = Callable[[StockCounts, str], object]
REFUSALS: list[tuple[RefusedCall, CountRefusal]] = [
    (lambda c, no: c.scan(no, "6900000000000", CLERK), CountRefusal.UNKNOWN_CODE),
    (lambda c, no: c.scan(no, "   ", CLERK), CountRefusal.UNKNOWN_CODE),
    (lambda c, no: c.scan("PD-NOPE", BARCODE_A, CLERK), CountRefusal.UNKNOWN_COUNT),
    (lambda c, no: c.set_counted(no, SKU_A, -1, CLERK), CountRefusal.BAD_QUANTITY),
    (lambda c, no: c.set_counted(no, SKU_A, MAX_COUNTED + 1, CLERK),
     CountRefusal.BAD_QUANTITY),
    (lambda c, no: c.set_counted(no, "NO-SUCH", 3, CLERK), CountRefusal.UNKNOWN_SKU),
    (lambda c, no: c.start(CLERK), CountRefusal.ALREADY_OPEN),
    (lambda c, no: c.approve("PD-NOPE", MANAGER), CountRefusal.UNKNOWN_COUNT),
]


def test_every_refusal_writes_nothing(counter: Counter, counts: StockCounts) -> None:
    count = counts.start(CLERK)
    counts.scan(count.count_no, BARCODE_B, CLERK)
    before = everything(counter)
    for call, reason in REFUSALS:
        with pytest.raises(CountRefused) as refused:
            call(counts, count.count_no)
        assert refused.value.reason is reason
        assert everything(counter) == before, reason
    with pytest.raises(NotAllowed):  # an unknown staff id counts nothing either
        counts.scan(count.count_no, BARCODE_A, 999)
    assert everything(counter) == before


def test_a_scan_past_the_limit_is_refused(counter: Counter, counts: StockCounts) -> None:
    count = counts.start(CLERK)
    counts.set_counted(count.count_no, SKU_A, MAX_COUNTED, CLERK)
    before = everything(counter)
    with pytest.raises(CountRefused) as refused:
        counts.scan(count.count_no, BARCODE_A, CLERK)
    assert refused.value.reason is CountRefusal.BAD_QUANTITY
    assert everything(counter) == before


def test_a_clerk_cannot_approve(counter: Counter, counts: StockCounts) -> None:
    count = counts.start(CLERK)
    counts.set_counted(count.count_no, SKU_A, 0, CLERK)
    before = everything(counter)
    with pytest.raises(NotAllowed) as refused:
        counts.approve(count.count_no, CLERK)
    assert refused.value.needs == "manager"
    with pytest.raises(NotAllowed):
        counts.approve(count.count_no, 999)
    assert everything(counter) == before


def test_empty_twice_and_cancelled_counts_are_refused(counter: Counter,
                                                      counts: StockCounts) -> None:
    empty = counts.start(CLERK)
    before = everything(counter)
    with pytest.raises(CountRefused) as refused:
        counts.approve(empty.count_no, MANAGER)
    assert refused.value.reason is CountRefusal.EMPTY
    assert everything(counter) == before

    counts.cancel(empty.count_no, CLERK)
    before = everything(counter)
    for call in (lambda: counts.approve(empty.count_no, MANAGER),
                 lambda: counts.scan(empty.count_no, BARCODE_A, CLERK),
                 lambda: counts.cancel(empty.count_no, CLERK)):
        with pytest.raises(CountRefused) as refused:
            call()
        assert (refused.value.reason, refused.value.state) == (CountRefusal.NOT_OPEN,
                                                               "cancelled")
    assert everything(counter) == before

    second = counts.start(CLERK)  # a cancelled count no longer blocks a new one
    assert second.count_no != empty.count_no
    counts.scan(second.count_no, BARCODE_A, CLERK)
    counts.approve(second.count_no, MANAGER)
    before = everything(counter)
    with pytest.raises(CountRefused) as refused:
        counts.approve(second.count_no, MANAGER)
    assert (refused.value.reason, refused.value.state) == (CountRefusal.NOT_OPEN, "approved")
    assert everything(counter) == before
    assert counts.open_count() is None


def test_counting_survives_a_reopened_database(counter: Counter, tmp_path: Any) -> None:
    from station_app.counter import open_counter
    counts = StockCounts(counter.db, counter.station_id,
                         clock=lambda: datetime.now(UTC) - timedelta(minutes=5))
    count = counts.start(CLERK)
    counts.scan(count.count_no, BARCODE_A, CLERK)
    counter.close()
    reopened = open_counter(counter.data_dir.root)
    try:
        found = StockCounts(reopened.db, reopened.station_id).open_count()
        assert found is not None and found.count_no == count.count_no
        assert [(line.sku, line.counted) for line in found.lines] == [(SKU_A, 1)]
    finally:
        reopened.close()


@pytest.mark.parametrize(("language", "title", "started"), [
    ("zh_CN", "盘点差异表", "开始"), ("en", "Stock count variance sheet", "Started")])
def test_the_variance_sheet_prints_in_the_receipt_language_only(
        counter: Counter, language: str, title: str, started: str) -> None:
    counts = StockCounts(counter.db, counter.station_id, language=language)
    count = counts.start(CLERK)
    counts.set_counted(count.count_no, SKU_A, book(counter, SKU_A) - 1, CLERK)
    counts.scan(count.count_no, BARCODE_A, CLERK)
    report = counts.approve(count.count_no, MANAGER, include_uncounted=True).report
    assert report.title == title
    assert started in dict(report.sections[0].rows)
    names = [name for _sku, name, *_ in CATALOGUE]
    assert wrong_language(report_texts(report), language, ("幸福里社区自提点", "陈建国", *names)) \
        == []
