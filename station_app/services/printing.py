"""Printing one journaled receipt on the configured printer, and recording how it went."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from station_app.devices.labels.label_printers import print_label
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.layouts import is_label
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.printers import PrinterError, open_transport, print_document
from station_app.paths import DataDir
from station_app.services.print_journal import PrintJournal

log = logging.getLogger("station.printing")


@dataclass(frozen=True)
class PrintOutcome:
    job_id: int
    order_no: str
    error: PrinterError | None
    failed_total: int  # receipts still waiting for a retry after this attempt


def print_job(journal: PrintJournal, job_id: int, settings: PrinterSettings,
              data_dir: DataDir, labels: LabelPrinterSettings | None = None) -> PrintOutcome:
    """Render and send one job; the journal records success or the printer's complaint.
    A label (a bag label…) goes to the label printer when `labels` names one, else it prints
    on the receipt printer as a slip.

    Never raises for printer faults: a dead printer is news for staff, not a crash.
    """
    job = journal.job(job_id)
    if job is None:
        raise LookupError(f"no print job {job_id}")
    try:
        if labels is not None and labels.active and is_label(job.document):
            print_label(job.document, labels, data_dir.root)
        else:
            print_document(open_transport(settings, data_dir.root), job.document, settings)
    except PrinterError as error:
        log.warning("receipt %s not printed: %s", job.reference, error)
        journal.mark_failed(job_id, f"{error.kind}: {error}")
        return PrintOutcome(job_id, job.reference, error, journal.failed_count())
    journal.mark_printed(job_id)
    return PrintOutcome(job_id, job.reference, None, journal.failed_count())
