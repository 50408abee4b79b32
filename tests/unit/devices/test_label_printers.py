"""The label printer: its settings, its status, the transports, and bag labels that go to it
instead of the receipt printer, a failed one printed again with F6 (PrintJournal.retry_all_failed,
what F6 runs)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from station_app.config import Settings, load_settings, save_settings
from station_app.counter import Counter
from station_app.devices.labels.label_printers import (
    VIRTUAL_LABEL_PRINTER_DIR,
    calibrate,
    label_status,
    print_label,
    print_test_label,
)
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.label_status import LabelProblem, tspl_status, zpl_status
from station_app.devices.pickup_label import PickupLabel
from station_app.devices.printers import PrinterError
from station_app.paths import DataDir
from station_app.services.print_journal import journal_document
from station_app.services.printing import print_job
from tests.helpers import scalar
from tests.label_oracle.lan_label_printer import LanLabelPrinter, zpl_host_status
from tests.label_oracle.tspl import run_tspl
from tests.label_oracle.zpl import run_zpl
from tests.lan_printer import free_port

AT = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)
LABEL = PickupLabel("XF01-261126-000011", "A-3-017", "", "张**", "1234", 3, "幸福里", "XF01", AT)


def lan(port: int, language: str = "tspl", **changes: object) -> LabelPrinterSettings:
    return replace(LabelPrinterSettings(language=language, transport="network",  # type: ignore[arg-type]
                                        host="127.0.0.1", port=port, timeout_s=2.0), **changes)


# --- settings ---------------------------------------------------------------------------------


def test_no_label_printer_by_default_and_the_table_round_trips(tmp_path: Path) -> None:
    assert not Settings().label_printer.active
    path = tmp_path / "settings.toml"
    chosen = LabelPrinterSettings(language="zpl", transport="network", host="10.0.0.9",
                                  stock="60x40", gap_mm=3.0, media="black_mark", darkness=11)
    save_settings(path, replace(Settings(), label_printer=chosen))
    assert load_settings(path).settings.label_printer == chosen


@pytest.mark.parametrize("table", ['language = "cpcl"', 'stock = "100x150"', "darkness = 16",
                                   'transport = "network"', "gap_mm = true", 'colour = "red"',
                                   'zpl_font = "^XZ"'])
def test_a_bad_label_printer_table_falls_back_to_the_receipt_printer(tmp_path: Path,
                                                                     table: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"[label_printer]\n{table}\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.label_printer == LabelPrinterSettings()
    assert any("[label_printer]" in problem for problem in loaded.problems)


def test_a_whole_number_gap_is_a_gap() -> None:
    assert LabelPrinterSettings.from_mapping({"gap_mm": 3}).gap_mm == 3.0


# --- status -----------------------------------------------------------------------------------


def test_the_tspl_status_byte() -> None:
    assert tspl_status(0x00).ready and not tspl_status(0x00).problems
    assert tspl_status(0x20).printing and tspl_status(0x20).ready
    assert tspl_status(0x01).problems == {LabelProblem.HEAD_OPEN}
    assert tspl_status(0x04).problems == {LabelProblem.PAPER_OUT}
    assert tspl_status(0x0C).problems == {LabelProblem.PAPER_OUT, LabelProblem.RIBBON_OUT}
    assert tspl_status(0x10).ready  # paused: waits for the feed button, prints after
    assert not tspl_status(0x40).ready


def test_the_zpl_host_status() -> None:
    assert zpl_status(zpl_host_status()) is not None
    assert zpl_status(zpl_host_status()).ready  # type: ignore[union-attr]
    assert zpl_status(zpl_host_status(paper_out=True)).problems == {  # type: ignore[union-attr]
        LabelProblem.PAPER_OUT}
    both = zpl_status(zpl_host_status(head_up=True, ribbon_out=True))
    assert both is not None and both.problems == {LabelProblem.HEAD_OPEN,
                                                  LabelProblem.RIBBON_OUT}
    assert zpl_status(b"garbage") is None


@pytest.mark.parametrize("language", ["tspl", "zpl"])
def test_a_lan_label_printer_says_paper_out(language: str) -> None:
    with LanLabelPrinter(tspl_status=0x04, zpl_status=zpl_host_status(paper_out=True)) as printer:
        status = label_status(lan(printer.port, language))
        assert status is not None and status.problems == {LabelProblem.PAPER_OUT}
        with pytest.raises(PrinterError) as refused:
            print_label(LABEL, lan(printer.port, language), Path("."))
        assert refused.value.kind == "paper_out" and "out of labels" in str(refused.value)
        printer.job(1)  # the refused connection ended
        assert b"PRINT" not in b"".join(printer.jobs) and b"^XZ" not in b"".join(printer.jobs)


def test_a_switched_off_label_printer_is_offline() -> None:
    with pytest.raises(PrinterError) as offline:
        label_status(lan(free_port()))
    assert offline.value.kind == "offline"


# --- transports -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["tspl", "zpl"])
def test_a_label_goes_whole_to_a_lan_printer(language: str) -> None:
    with LanLabelPrinter() as printer:
        print_label(LABEL, lan(printer.port, language), Path("."))
        job = printer.job()
    assert printer.queries == 2  # before the label, and after it: it arrived whole
    run = run_tspl(job) if language == "tspl" else run_zpl(job)
    assert [found.text for found in zxingcpp.read_barcodes(run.labels[0].image)] == [
        LABEL.order_no]


def test_a_printer_that_never_answers_status_still_prints() -> None:
    with LanLabelPrinter(tspl_status=None) as printer:
        settings = lan(printer.port, timeout_s=0.5)
        print_label(LABEL, settings, Path("."))
        assert run_tspl(printer.job()).labels  # the unanswered query went out too: harmless


def test_the_virtual_label_printer_keeps_the_bytes_and_a_picture(tmp_path: Path) -> None:
    settings = LabelPrinterSettings(language="tspl", stock="40x30")
    print_label(LABEL, settings, tmp_path)
    folder = tmp_path / VIRTUAL_LABEL_PRINTER_DIR
    (job,) = sorted(folder.glob("*.bin"))
    assert job.name.endswith(f"label-{LABEL.order_no}.bin")
    picture = Image.open(job.with_suffix(".png"))
    assert picture.size == (320, 240)
    assert [f.text for f in zxingcpp.read_barcodes(picture)] == [LABEL.order_no]
    assert run_tspl(job.read_bytes()).labels[0].width == 320


def test_the_test_label_is_the_png_the_virtual_printer_made(tmp_path: Path) -> None:
    settings = LabelPrinterSettings(language="zpl", stock="50x30")
    printed = print_test_label(settings, tmp_path, "幸福里", AT)
    (png,) = (tmp_path / VIRTUAL_LABEL_PRINTER_DIR).glob("*.png")
    assert png.read_bytes() == printed.preview_png
    assert "STATIONAPP-LABEL-TEST" in [f.text for f in zxingcpp.read_barcodes(Image.open(png))]


@pytest.mark.parametrize(("language", "media", "sent"), [
    ("tspl", "gap", "GAPDETECT"), ("tspl", "black_mark", "BLINEDETECT"),
    ("tspl", "continuous", "FORMFEED"), ("zpl", "gap", "~JC")])
def test_calibration_asks_the_printer_to_find_its_labels(language: str, media: str,
                                                        sent: str) -> None:
    with LanLabelPrinter() as printer:
        calibrate(lan(printer.port, language, media=media), Path("."))
        job = printer.job()
    if language == "tspl":
        assert run_tspl(job).calibrations == [sent]
    else:
        assert run_zpl(job).immediate == [sent]


# --- bag labels through the print journal -----------------------------------------------------


def queue_label(counter: Counter) -> int:
    with counter.db.writing() as session:
        job = journal_document(session, LABEL, AT)
        session.flush()
        return job.id


def test_bag_labels_go_to_the_label_printer_when_there_is_one(counter: Counter) -> None:
    data_dir = counter.data_dir
    job_id = queue_label(counter)
    outcome = print_job(counter.journal, job_id, counter.settings.printer, data_dir,
                        LabelPrinterSettings())  # "none": a slip on the receipt printer
    assert outcome.error is None
    assert not (data_dir.root / VIRTUAL_LABEL_PRINTER_DIR).exists()
    slips = len(list(DataDir(data_dir.root).root.glob("virtual-printer/*.bin")))
    assert slips >= 1
    again = queue_label(counter)
    outcome = print_job(counter.journal, again, counter.settings.printer, data_dir,
                        LabelPrinterSettings(language="tspl"))
    assert outcome.error is None
    assert len(list((data_dir.root / VIRTUAL_LABEL_PRINTER_DIR).glob("*.bin"))) == 1
    assert len(list(data_dir.root.glob("virtual-printer/*.bin"))) == slips


@pytest.mark.parametrize("language", ["tspl", "zpl"])
def test_a_label_printer_dying_mid_label_fails_the_job_and_f6_prints_it(
        counter: Counter, language: str) -> None:
    job_id = queue_label(counter)
    with LanLabelPrinter(die_after=120) as dying:
        port = dying.port
        settings = lan(port, language)
        outcome = print_job(counter.journal, job_id, counter.settings.printer,
                            counter.data_dir, settings)
        assert 0 < len(dying.job()) <= 120  # part of a label went out
    assert outcome.error is not None and outcome.error.kind == "offline"
    assert "F6" in str(outcome.error)
    assert scalar(counter.db, "SELECT status FROM print_job WHERE id=:j", j=job_id) == "failed"
    with LanLabelPrinter(port) as healthy:  # switched on again; F6:
        (retried,) = counter.journal.retry_all_failed()
        assert retried.job_id == job_id
        again = print_job(counter.journal, job_id, counter.settings.printer,
                          counter.data_dir, settings)
        job = healthy.job()
    assert again.error is None and again.failed_total == 0
    assert scalar(counter.db, "SELECT status FROM print_job WHERE id=:j", j=job_id) == "printed"
    run = run_tspl(job) if language == "tspl" else run_zpl(job)
    assert [f.text for f in zxingcpp.read_barcodes(run.labels[0].image)] == [LABEL.order_no]
