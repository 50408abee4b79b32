"""Getting label bytes to the label printer: LAN (raw port 9100), USB, serial, the Windows
spooler (RAW), a device file, or the virtual label printer that keeps each job's bytes and a
PNG. All but the LAN one are the receipt printer's transports (devices/printers.py): a label
job is bytes like any other, only the language differs.

On the LAN the printer is asked for its status before each label (paper out, head open,
ribbon) and again after it: its answer comes only once it has read the whole label (TCP keeps
the order), so a printer that dies half way through fails the job instead of losing it.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station_app.devices.labels import tspl, zpl
from station_app.devices.labels.label import LabelDocument
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.label_status import (
    LabelProblem,
    LabelStatus,
    ask_status,
)
from station_app.devices.labels.layouts import label_document, layout_test_label
from station_app.devices.labels.preview import render_label_png
from station_app.devices.printers import (
    PreviewSource,
    PrinterError,
    PrinterTransport,
    open_link,
)

log = logging.getLogger("station.printer.labels")

VIRTUAL_LABEL_PRINTER_DIR = "virtual-label-printer"  # under the data dir, beside the receipts'


def render_label(document: LabelDocument, settings: LabelPrinterSettings) -> bytes:
    """The label in the printer's language. Raises ValueError when no label printer is set."""
    if settings.language == "tspl":
        return tspl.render_tspl(document)
    if settings.language == "zpl":
        return zpl.render_zpl(document, settings.zpl_font)
    raise ValueError("no label printer is configured")


def print_label(document: object, settings: LabelPrinterSettings, data_dir: Path) -> None:
    """Any label document (a bag label…) on the label printer. Raises PrinterError (also
    for a label the stock cannot hold: the job then waits, failed, for a larger stock), and
    TypeError for a document that is no label."""
    try:
        laid_out = label_document(document, settings)
    except ValueError as error:
        raise PrinterError("unsupported", f"The label does not fit {settings.stock} mm "
                           f"labels ({error}). Choose a larger label size.") from None
    send_label(open_label_transport(settings, data_dir), laid_out, settings)


def send_label(transport: PrinterTransport, document: LabelDocument,
               settings: LabelPrinterSettings) -> None:
    transport.send(render_label(document, settings), job_name=document.name,
                   preview=lambda: render_label_png(document))


@dataclass(frozen=True)
class PrintedTestLabel:
    preview_png: bytes  # the label as the virtual printer keeps it: what staff see on screen


def print_test_label(settings: LabelPrinterSettings, data_dir: Path, station: str,
                     at: datetime) -> PrintedTestLabel:
    """The set-up's test label on the chosen printer. Raises PrinterError."""
    document = layout_test_label(settings, station, at)
    preview = render_label_png(document)
    transport = open_label_transport(settings, data_dir)
    transport.send(render_label(document, settings), job_name=document.name,
                   preview=lambda: preview)
    log.info("test label printed on the %s", transport.describe())
    return PrintedTestLabel(preview)


def calibrate(settings: LabelPrinterSettings, data_dir: Path) -> None:
    """The printer measures its stock (TSPL GAPDETECT / BLINEDETECT, ZPL ~JC), or feeds one
    label on continuous paper. Raises PrinterError."""
    module = zpl if settings.language == "zpl" else tspl
    open_label_transport(settings, data_dir).send(module.calibration(settings.media),
                                                  job_name="calibration")


def label_status(settings: LabelPrinterSettings, timeout_s: float = 1.0) -> LabelStatus | None:
    """A LAN label printer's status; None when it cannot say (other transports, no answer).
    Raises PrinterError when it cannot be reached."""
    if settings.transport != "network":
        return None
    try:
        with _connect(settings.host, settings.port, timeout_s) as sock:
            return ask_status(sock, settings.language, timeout_s)
    except OSError as error:
        raise _broken(settings.host, settings.port, error) from None


def open_label_transport(settings: LabelPrinterSettings, data_dir: Path) -> PrinterTransport:
    return open_link(settings, lambda: LanLabelPrinter(settings.host, settings.port,
                                                       settings.language, settings.timeout_s),
                     data_dir / VIRTUAL_LABEL_PRINTER_DIR)


class LanLabelPrinter:
    """A label printer on its raw port, asked for its status around each job."""

    def __init__(self, host: str, port: int = 9100, language: str = "tspl",
                 timeout_s: float = 5.0) -> None:
        self.host, self.port, self.language, self.timeout_s = host, port, language, timeout_s
        self._asks = True  # False once the printer has shown it never answers

    def describe(self) -> str:
        return f"network label printer {self.host}:{self.port}"

    def send(self, data: bytes, *, job_name: str = "job",
             preview: PreviewSource | None = None) -> None:
        try:
            with _connect(self.host, self.port, self.timeout_s) as sock:
                if self._asks:
                    before = ask_status(sock, self.language, min(1.0, self.timeout_s))
                    self._asks = before is not None
                    if before is not None and not before.ready:
                        raise _refusal(self.describe(), before)
                sock.sendall(data)
                if self._asks and ask_status(sock, self.language,
                                             min(5.0, self.timeout_s)) is None:
                    log.info("%s did not confirm %s in time; taken at its word",
                             self.describe(), job_name)
                sock.shutdown(socket.SHUT_WR)
        except OSError as error:
            raise _broken(self.host, self.port, error) from None


def _connect(host: str, port: int, timeout_s: float) -> socket.socket:
    try:
        return socket.create_connection((host, port), timeout=timeout_s)
    except socket.gaierror:
        raise PrinterError("not_found", f"Cannot find the label printer address {host}. "
                           "Check the host name or IP.") from None
    except OSError as error:
        raise PrinterError("offline", f"Cannot reach the label printer at {host}:{port} "
                           f"({error.strerror or error}). Is it switched on, and on the "
                           "same network?") from None


def _broken(host: str, port: int, error: OSError) -> PrinterError:
    return PrinterError("offline", f"The connection to the label printer at {host}:{port} "
                        f"broke while printing ({error.strerror or error}). Check it and "
                        "print again (F6).")


def _refusal(what: str, status: LabelStatus) -> PrinterError:
    problems = status.problems
    if LabelProblem.PAPER_OUT in problems:
        return PrinterError("paper_out", f"The {what} is out of labels. Load a new roll, "
                            "then print again.")
    if LabelProblem.RIBBON_OUT in problems:
        return PrinterError("paper_out", f"The {what} is out of ribbon. Load a new ribbon, "
                            "then print again.")
    if problems & {LabelProblem.HEAD_OPEN, LabelProblem.COVER_OPEN}:
        return PrinterError("offline", f"The {what}'s head or cover is open. Close it, then "
                            "print again.")
    return PrinterError("io", f"The {what} reports a paper jam. Clear it, then print again.")
