"""The print journal: receipts are written down with the business action, printed afterwards.

A dead printer never loses or blocks a handover: the job waits as `failed` with the printer's
message until staff retry it, and any receipt can be printed again as a marked reprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.devices.documents import as_reprint, document_from_json, kind_of
from station_app.devices.receipt import HandoverReceipt
from station_app.devices.report import TextReport
from station_app.storage.database import Database
from station_app.storage.models import PrintJob

RECEIPT_KIND = "handover_receipt"
REPORT_KIND = "report"

Document = Any  # any kind registered in station_app.devices.documents


class JobStatus(StrEnum):
    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True)
class PendingJob:
    job_id: int
    reference: str
    document: Document
    attempts: int

    @property
    def receipt(self) -> HandoverReceipt:
        if not isinstance(self.document, HandoverReceipt):
            raise TypeError(f"print job {self.job_id} is a report, not a receipt")
        return self.document


def journal_document(session: Session, document: Document, now: datetime) -> PrintJob:
    """Queue any printable document in the caller's transaction, so it exists exactly when
    its action does (a receipt with its sale, a label with its slot)."""
    kind = kind_of(document)
    job = PrintJob(kind=kind.kind, reference=kind.reference(document),
                   payload=document.to_json(), status=JobStatus.QUEUED.value, attempts=0,
                   created_at=now)
    session.add(job)
    return job


def journal_report(session: Session, report: TextReport, now: datetime) -> PrintJob:
    """Queue a paper report (day report, …) in the caller's transaction."""
    return journal_document(session, report, now)


def journal_receipt(session: Session, receipt: HandoverReceipt, now: datetime) -> PrintJob:
    """Queue a handover receipt in the caller's transaction."""
    return journal_document(session, receipt, now)


@dataclass(frozen=True)
class PrintJournal:
    db: Database
    clock: Clock = utc_now

    def queued(self) -> list[PendingJob]:
        """Jobs waiting to print, oldest first (also those a crash left behind)."""
        with self.db.reading() as session:
            jobs = session.scalars(
                select(PrintJob).where(PrintJob.status == JobStatus.QUEUED.value)
                .order_by(PrintJob.id)
            ).all()
            return [self._pending(job) for job in jobs]

    def job(self, job_id: int) -> PendingJob | None:
        with self.db.reading() as session:
            found = session.get(PrintJob, job_id)
            return None if found is None else self._pending(found)

    def mark_printed(self, job_id: int) -> None:
        with self.db.writing() as session:
            job = session.get_one(PrintJob, job_id)
            job.status = JobStatus.PRINTED.value
            job.attempts += 1
            job.printed_at = self.clock()
            job.last_error = None

    def mark_failed(self, job_id: int, error: str) -> None:
        with self.db.writing() as session:
            job = session.get_one(PrintJob, job_id)
            job.status = JobStatus.FAILED.value
            job.attempts += 1
            job.last_error = error[:200]

    def retry(self, job_id: int) -> PendingJob:
        """Put a failed job back in the queue."""
        with self.db.writing() as session:
            job = session.get_one(PrintJob, job_id)
            job.status = JobStatus.QUEUED.value
            return self._pending(job)

    def retry_all_failed(self) -> list[PendingJob]:
        with self.db.writing() as session:
            jobs = session.scalars(
                select(PrintJob).where(PrintJob.status == JobStatus.FAILED.value)
                .order_by(PrintJob.id)
            ).all()
            for job in jobs:
                job.status = JobStatus.QUEUED.value
            return [self._pending(job) for job in jobs]

    def reprint(self, reference: str) -> PendingJob | None:
        """A new job for the latest receipt of `reference`, marked as a reprint on paper."""
        with self.db.writing() as session:
            original = session.scalar(
                select(PrintJob).where(PrintJob.reference == reference)
                .order_by(PrintJob.id.desc()).limit(1)
            )
            if original is None:
                return None
            document = as_reprint(document_from_json(original.kind, original.payload))
            job = journal_document(session, document, self.clock())
            session.flush()
            return self._pending(job)

    def failed_count(self) -> int:
        with self.db.reading() as session:
            return session.scalar(
                select(func.count()).where(PrintJob.status == JobStatus.FAILED.value)
            ) or 0

    def queue_report(self, report: TextReport) -> PendingJob:
        with self.db.writing() as session:
            job = journal_report(session, report, self.clock())
            session.flush()
            return self._pending(job)

    @staticmethod
    def _pending(job: PrintJob) -> PendingJob:
        document = document_from_json(job.kind, job.payload)
        return PendingJob(job.id, job.reference, document, job.attempts)
