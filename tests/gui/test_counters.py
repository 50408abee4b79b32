"""Two counters at one station, as staff meet them: the second set up from the wizard by
joining the first over the LAN (loopback), a handover at one showing at the other, the status
bar naming the other counter, and a double handover reaching the manager's inbox (F8)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.counter import Counter, open_counter
from station_app.security.pairing import new_lan_secret, pairing_code
from station_app.services.exchange import Exchange
from station_app.setup.first_run import local_station, open_station_database
from sync.client.service import SyncService
from sync.lan.counters import LanExchange
from tests.gui.conftest import press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, scalar
from ui.app import build_window, create_application
from ui.counters_link import CountersLink
from ui.first_run.wizard import FirstRunWizard
from ui.sync_panel import AttentionDialog


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def counter_one(tmp_path: Path) -> Iterator[tuple[Counter, LanExchange, bytes]]:
    one = open_counter(tmp_path / "one", demo=True)
    secret = new_lan_secret()
    lan = LanExchange.open(Exchange(one.db, one.station_id, one.clock), secret,
                           f"1=127.0.0.1:{free_port()}", wait_s=2)
    lan.start()
    yield one, lan, secret
    lan.stop()
    one.close()


def join_from_the_wizard(qtbot: Any, root: Path, address: str, code: str) -> None:
    create_application("en")
    db = open_station_database(root)
    wizard = FirstRunWizard(root, db, make_camera=lambda _settings: None,
                            station=local_station(db), language="en")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    try:
        with qtbot.waitSignal(wizard.page_shown, timeout=10_000):
            qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)  # language
        qtbot.keyClick(wizard, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
        form = wizard.enrolment.join_form
        assert wizard.enrolment.join_lan.isChecked() and form.isEnabled()
        assert QApplication.focusWidget() is form.address
        qtbot.keyClicks(form.address, address)
        form.code.setFocus()
        qtbot.keyClicks(form.code, code.lower().replace("-", " "))  # as staff might type it
        form.port.setValue(free_port())
        with qtbot.waitSignal(wizard.page_shown, timeout=30_000):
            qtbot.keyClick(form.code, Qt.Key.Key_Return)
        assert wizard.state.station is not None
        assert "This PC is now counter 2" in form.message.text()
        # The rest of the steps as a keeper who changes nothing: skip what may be skipped.
        for _ in range(len(wizard.pages)):
            if wizard.result() or not wizard.isVisible():
                break
            page = wizard.pages[wizard.stack.currentIndex()]
            key = Qt.Key.Key_S if page.skippable else Qt.Key.Key_Return
            modifier = Qt.KeyboardModifier.AltModifier if page.skippable \
                else Qt.KeyboardModifier.NoModifier
            with qtbot.waitSignal(wizard.page_shown, timeout=5_000, raising=False):
                qtbot.keyClick(wizard.focusWidget() or wizard, key, modifier)
        qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    finally:
        wizard.close()
        db.close()


def test_a_second_counter_joins_from_the_wizard_and_sees_the_first(
        qtbot: Any, tmp_path: Path, counter_one: tuple[Counter, LanExchange, bytes]) -> None:
    one, lan_one, secret = counter_one
    assert lan_one.server is not None
    port = lan_one.server.address[1]
    root = tmp_path / "two"
    join_from_the_wizard(qtbot, root, f"127.0.0.1:{port}", pairing_code(secret))

    two = open_counter(root)
    try:
        assert two.station_id == one.station_id
        assert two.settings.counters.startswith(f"1=127.0.0.1:{port}, 2=127.0.0.1:")
        window = build_window(two)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
            window.start()
        link = CountersLink(window)
        try:
            indicator = window.status.counters
            qtbot.waitUntil(lambda: "up to date" in indicator.text(), timeout=10_000)
            # A handover at counter 1 is handed over at counter 2 within 2 s.
            code = pickup_code(one.db, READY)
            found = one.handovers.lookup(code)
            assert found.order is not None
            one.handovers.confirm(found.order.order_no, one.staff_id, found.proof)
            started = time.monotonic()
            qtbot.waitUntil(lambda: scalar(two.db, "SELECT state FROM orders WHERE "
                                                   "order_no = :n",
                                           n=found.order.order_no) == "handed_over",
                            timeout=2_000)
            assert time.monotonic() - started < 2.0
            type_code(qtbot, window, code)
            assert "already" in window.banner._title.text().lower()

            # Counter 1 cut off: both hand over the same order; the double reaches F8.
            lan_one.stop()
            code = pickup_code(two.db, READY + " AND id > 100")
            found = one.handovers.lookup(code)
            assert found.order is not None
            one.handovers.confirm(found.order.order_no, one.staff_id, found.proof)
            type_code(qtbot, window, code)
            press_enter_to_confirm(qtbot, window)
            qtbot.waitUntil(lambda: "not reached" in indicator.text(), timeout=60_000)
            again = LanExchange.open(Exchange(one.db, one.station_id, one.clock), secret,
                                     f"1=127.0.0.1:{port}", wait_s=2)
            again.start()
            try:
                qtbot.waitUntil(lambda: scalar(two.db, "SELECT count(*) FROM attention_item "
                                                       "WHERE kind = 'double_handover'") == 1,
                                timeout=15_000)
                inbox = AttentionDialog(SyncService(two.db, two.data_dir.root,
                                                    use_keyring=False), window.context.run,
                                        window)
                qtbot.addWidget(inbox)
                qtbot.waitUntil(lambda: inbox.list.count() == 1, timeout=5_000)
                shown = inbox.list.item(0).text()
                assert "Handed over at two counters" in shown
                assert found.order.order_no in shown and "counter 1" in shown
                inbox.list.setCurrentRow(0)
                assert "second is the double" in inbox.guide.text()
            finally:
                again.stop()
        finally:
            link.stop()
            window.close()
    finally:
        two.close()


def test_f2_makes_a_pairing_code_and_checks_the_counters_line(qtbot: Any,
                                                               open_window: Any) -> None:
    from tests.gui.test_settings_dialog import open_settings, save, turn_to
    from ui.settings.dialog import STATION

    window = open_window("en")
    link = CountersLink(window)  # as ui.app.run starts it: alone, nothing to exchange
    qtbot.wait(200)
    assert link.lan is None and not window.status.counters.isVisible()
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, STATION)
    panel = dialog.counters
    qtbot.waitUntil(lambda: "this PC is counter 1" in panel.heading.text(), timeout=5_000)
    assert panel.code.text() == ""  # no secret yet
    qtbot.mouseClick(panel.new_code, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "New pairing code kept" in panel.message.text(), timeout=5_000)
    made = panel.code.text()
    assert len(made.split("-")) == 9
    panel.code.setText(made[:-1] + ("A" if made[-1] != "A" else "B"))
    qtbot.mouseClick(panel.take_code, Qt.MouseButton.LeftButton)
    assert "typo" in panel.message.text()
    panel.line.setText("1=127.0.0.1:7441, 1=127.0.0.2:7441")
    qtbot.keyClick(dialog.pages, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "listed twice" in panel.message.text() and dialog.isVisible()
    panel.line.setText(f"1=127.0.0.1:{free_port()}")
    save(qtbot, dialog)
    assert window.counter.settings.counters == panel.line.text()
    # The exchange starts on save: this counter answers on its address, alone so far.
    qtbot.waitUntil(lambda: link.lan is not None and link.lan.server is not None,
                    timeout=5_000)
    assert window.status.counters.isVisible()
    link.stop()
