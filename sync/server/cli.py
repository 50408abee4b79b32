"""`station-headoffice`: run and administer the reference head-office server."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import qrcode

from station_app.clock import CHINA
from station_app.setup.enrolment_code import (
    EnrolmentCodeError,
    check_address,
    enrolment_payload,
    insecure_address,
)
from sync.protocol import ManifestData
from sync.server.app import create_app
from sync.server.capacity import Capacity
from sync.server.dayclose import reconcile
from sync.server.db import HeadOfficeDb
from sync.server.fleet import create_stations, new_enrolment_codes, read_station_csv
from sync.server.headoffice import (
    HeadOfficeError,
    answer_refund,
    cancel_enrolment_code,
    cancel_order,
    create_station,
    issue_token,
    list_keys,
    new_enrolment_code,
    open_refund_requests,
    publish_manifest,
    revoke_key,
    rotate_key,
)
from sync.server.imports import import_signed_export
from sync.server.migrate import SCHEMA_HEAD, SchemaNotCurrent
from sync.server.notice_serving import NoticeOptions
from sync.server.notices import STATES, erase_notice_texts, notice_lines
from sync.server.order_factory import generate_orders
from sync.server.pruning import prune, prune_change_log
from sync.server.retention import PERSONAL_DATA_DAYS, erase_personal_data
from sync.server.serving import ServeOptions, serve

DEFAULT_URL = "sqlite:///headoffice.db"

# Every sub-command is one function below, registered with its help and arguments in the order
# `--help` lists them; one that works on the database is wrapped by _on_database.
Run = Callable[[argparse.Namespace], None]
OnDatabase = Callable[[HeadOfficeDb, argparse.Namespace], None]


@dataclass(frozen=True)
class _Argument:
    names: tuple[str, ...]
    options: dict[str, Any]


@dataclass(frozen=True)
class _Command:
    help: str
    arguments: tuple[_Argument, ...]
    run: Run


_COMMANDS: dict[str, _Command] = {}


def _arg(*names: str, **options: Any) -> _Argument:
    return _Argument(names, options)


def _command(name: str, help_text: str, *arguments: _Argument) -> Callable[[Run], Run]:
    def register(run: Run) -> Run:
        _COMMANDS[name] = _Command(help_text, arguments, run)
        return run
    return register


def _on_database(run: OnDatabase) -> Run:
    def opened(args: argparse.Namespace) -> None:
        # A SQLite file is this host's own (the demo, a small head office): an admin command
        # brings it to the current schema itself. PostgreSQL is migrated as a deployment step,
        # on purpose.
        db = HeadOfficeDb(args.database_url, migrate=args.database_url.startswith("sqlite"))
        try:
            run(db, args)
        finally:
            db.dispose()
    return opened


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _COMMANDS[args.command].run(args)
    except HeadOfficeError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    except (LookupError, SchemaNotCurrent) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="station-headoffice", description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("STATION_HEADOFFICE_DB",
                                                                 DEFAULT_URL),
                        help="SQLAlchemy URL (default $STATION_HEADOFFICE_DB or %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, command in _COMMANDS.items():
        declared = sub.add_parser(name, help=command.help)
        for argument in command.arguments:
            declared.add_argument(*argument.names, **argument.options)
    return parser


# --- running the server ----------------------------------------------------------------------


@_command("migrate", "create or upgrade the database's tables: once per release, before serve "
                     "(safe to run twice)")
def _migrate_command(args: argparse.Namespace) -> None:
    _migrate(args.database_url)


@_command("serve", "serve the sync API",
          _arg("--host", default="127.0.0.1"),
          _arg("--port", type=int, default=8765),
          _arg("--database-url", dest="serve_url", default=None),
          _arg("--workers", type=int, default=1,
               help="worker processes (default %(default)s); each has its own database "
                    "connections"),
          _arg("--migrate", action="store_true",
               help="migrate the database first, once, before the workers start"),
          _arg("--threads", type=int, default=Capacity.threads,
               help="request threads per worker, each with one pooled database connection "
                    "(default %(default)s)"),
          _arg("--max-in-flight", type=int, default=None,
               help="requests a worker holds at once before answering 429 with Retry-After "
                    "(default 4 × --threads)"),
          _arg("--max-queue-ms", type=float, default=Capacity.max_queue_s * 1000,
               help="a request that waited this long for a thread is answered 429 "
                    "(default %(default)s)"),
          _arg("--no-access-log", dest="access_log", action="store_false",
               help="no line per request: it costs about a tenth of an empty pull's CPU; for "
                    "a fleet whose proxy in front logs requests anyway"),
          _arg("--tls-cert", type=Path, default=None,
               help="serve HTTPS with this certificate chain (PEM)"),
          _arg("--tls-key", type=Path, default=None, help="the certificate's private key (PEM)"),
          _arg("--notices", default=None, metavar="log:PATH|webhook:URL",
               help="send residents' notices (order ready, overdue reminder) as JSON lines to "
                    "a file or to a webhook (https; http only to 127.0.0.1); default: not sent"),
          _arg("--notices-secret-file", type=Path, default=None,
               help="the webhook's HMAC-SHA256 secret (signs each body: Notice-Signature)"),
          _arg("--notices-timeout", type=float, default=NoticeOptions.timeout_s,
               help="seconds to connect, and for the answer (default %(default)s)"),
          _arg("--notices-max-attempts", type=int, default=NoticeOptions.max_attempts,
               help="attempts before a notice fails (default %(default)s)"),
          _arg("--notices-backoff", type=float, default=NoticeOptions.backoff_s,
               help="seconds to the first retry, then doubled (default %(default)s)"),
          _arg("--notices-every", type=float, default=NoticeOptions.every_s,
               help="seconds between looks for due notices (default %(default)s)"))
def _serve(args: argparse.Namespace) -> None:
    url = args.serve_url or args.database_url
    if args.migrate:
        _migrate(url)
    notices = None if args.notices is None else NoticeOptions(
        args.notices, args.notices_secret_file, args.notices_timeout,
        args.notices_max_attempts, args.notices_backoff, args.notices_every)
    if args.threads < 1 or (args.max_in_flight is not None and args.max_in_flight < 1) or \
            not args.max_queue_ms > 0:
        raise HeadOfficeError("bad_request", "--threads, --max-in-flight and --max-queue-ms "
                                             "must be above 0")
    capacity = Capacity(args.threads, args.max_in_flight or 4 * args.threads,
                        args.max_queue_ms / 1000)
    serve(ServeOptions(url, args.host, args.port, args.workers, args.tls_cert, args.tls_key,
                       notices, capacity, access_log=args.access_log))


def _migrate(url: str) -> None:
    db = HeadOfficeDb(url, migrate=True)
    db.dispose()
    if db.migrated_from == SCHEMA_HEAD:
        print(f"head office database already at schema {SCHEMA_HEAD}", flush=True)
    else:
        print(f"head office database migrated: {db.migrated_from or 'empty'} → {SCHEMA_HEAD}",
              flush=True)


# --- stations and orders -------------------------------------------------------------------


@_command("create-station", "register a station", _arg("station_id"), _arg("name"))
@_on_database
def _create_station(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    create_station(db, args.station_id, args.name)
    print(f"station {args.station_id} created")


@_command("create-stations", "register many stations from a CSV file of station_id,name "
                             "lines (one transaction; stations already there are left as they "
                             "are)", _arg("path", type=Path))
@_on_database
def _create_stations(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    try:
        text = args.path.read_text(encoding="utf-8-sig")  # a spreadsheet's CSV may carry a BOM
    except (OSError, UnicodeDecodeError) as error:
        raise HeadOfficeError("bad_csv", f"{args.path}: {error}") from None
    done = create_stations(db, read_station_csv(text))
    print(f"{len(done.created)} station(s) created, {len(done.existing)} already registered")


@_command("enrol-codes", "print a one-time enrolment code for each station named (or listed in "
                         "--from CSV), as station_id,code[,QR payload] lines",
          _arg("stations", nargs="*"),
          _arg("--from", dest="from_csv", type=Path, default=None,
               help="the CSV file given to create-stations: a code for each station in it"),
          _arg("--url", default=None,
               help="head office's address as counters reach it: add each QR payload"),
          _arg("--overlap-hours", type=float, default=0.0,
               help="keep each station's earlier keys working this long after its new key is "
                    "first used (default 0)"))
@_on_database
def _print_enrolment_codes(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    stations = list(args.stations)
    if args.from_csv is not None:
        try:
            text = args.from_csv.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise HeadOfficeError("bad_csv", f"{args.from_csv}: {error}") from None
        stations += [station_id for station_id, _ in read_station_csv(text)]
    if not stations:
        raise HeadOfficeError("bad_request", "name stations, or --from a CSV file")
    if args.url is not None:
        try:
            check_address(args.url, allow_insecure=True)
        except EnrolmentCodeError as error:
            raise HeadOfficeError("bad_request", str(error)) from None
    for station_id, code in new_enrolment_codes(db, stations,
                                                timedelta(hours=args.overlap_hours)):
        payload = "" if args.url is None else \
            "," + enrolment_payload(args.url, code, allow_insecure=True)
        print(f"{station_id},{code}{payload}")


@_command("prune", "forget old nonces, idempotent answers and change-log entries stations "
                   "have passed (also run by serve on a timer)")
@_on_database
def _prune(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    pruned = prune(db, now)
    changes = prune_change_log(db, now)
    print(f"{pruned.nonces} nonce(s), {pruned.idempotent_answers} idempotent answer(s), "
          f"{changes} change-log entr{'y' if changes == 1 else 'ies'} removed")


@_command("enrol-code", "print a one-time enrolment code",
          _arg("station"),
          _arg("--url", default=None,
               help="head office's address as counters reach it: also print the enrolment QR "
                    "payload (STATIONAPP-ENROL:1:<url>:<code>)"),
          _arg("--qr", type=Path, default=None,
               help="save the enrolment QR as this PNG (needs --url)"),
          _arg("--overlap-hours", type=float, default=0.0,
               help="keep the counter's earlier keys working this long after the new key is "
                    "first used (default 0: they stop at once)"),
          _arg("--counter", type=int, default=1,
               help="which counter of the station the code is for (2, 3… for a busy "
                    "station's further PCs; default 1)"))
@_on_database
def _print_enrolment_code(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    _enrol_code(db, args.station, args.url, args.qr, timedelta(hours=args.overlap_hours),
                args.counter)


@_command("generate-orders", "make realistic orders for a station",
          _arg("station"),
          _arg("--count", type=int, default=100),
          _arg("--seed", type=int, default=None),
          _arg("--not-arrived", action="store_true", help="goods not yet delivered"))
@_on_database
def _generate_orders(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    numbers = generate_orders(db, args.station, args.count, seed=args.seed,
                              arrived=not args.not_arrived)
    print(f"{len(numbers)} orders for {args.station}: {numbers[0]} … {numbers[-1]}"
          if numbers else "no orders")


@_command("issue-token", "print an order's signed pickup token", _arg("order_no"))
@_on_database
def _issue_token(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    print(issue_token(db, args.order_no))


@_command("cancel-order", "cancel an order and tell its station",
          _arg("order_no"), _arg("--reason", default="顾客取消"))
@_on_database
def _cancel_order(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    cancel_order(db, args.order_no, args.reason)
    print(f"order {args.order_no} cancelled")


@_command("rotate-key", "start a new token signing key",
          _arg("--old-valid-hours", type=float, default=72.0,
               help="how long tokens signed by the old key stay valid"))
@_on_database
def _rotate_key(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    key_id = rotate_key(db, timedelta(hours=args.old_valid_hours))
    print(f"new signing key {key_id}")


@_command("reconcile", "print what head office holds for a station's day",
          _arg("station"),
          _arg("--day", type=date.fromisoformat, default=None,
               help="YYYY-MM-DD, business day in UTC+8 (default today)"))
@_on_database
def _reconcile(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    day = args.day or datetime.now(CHINA).date()
    with db.reading() as session:
        print(reconcile(session, args.station, day).text())


# --- deliveries and refunds ----------------------------------------------------------------


@_command("publish-manifest",
          "send a delivery list (JSON, the manifests stream's shape) to its station",
          _arg("path", type=Path))
@_on_database
def _publish_manifest(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    _publish_manifest_file(db, args.path)


@_command("refund-requests", "list refund requests waiting for a decision",
          _arg("--station", default=None))
@_on_database
def _refund_requests(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    for request in open_refund_requests(db, args.station):
        print("\t".join(str(request[key]) for key in (
            "request_no", "station_id", "order_no", "sku", "quantity", "source",
            "reason", "requested_at")))


@_command("answer-refund", "approve or reject a refund request",
          _arg("request_no"),
          _arg("decision", choices=("approved", "rejected")),
          _arg("--note", default=""),
          _arg("--station", default=None,
               help="whose request, when two stations use the same number"))
@_on_database
def _answer_refund(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    answer_refund(db, args.request_no, args.decision, args.note, args.station)
    print(f"refund request {args.request_no} {args.decision}")


# --- station keys and personal data --------------------------------------------------------


@_command("list-keys", "list station keys: created, first used, revoked",
          _arg("--station", default=None))
@_on_database
def _list_keys(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    for key in list_keys(db, args.station):
        print("\t".join((key.key_id, key.station_id, key.state(now),
                         f"created {key.created_at:%Y-%m-%d %H:%M}",
                         f"first used {key.first_used_at:%Y-%m-%d %H:%M}"
                         if key.first_used_at else "never used",
                         f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
                         if key.revoked_at else "")).rstrip())


@_command("revoke-key", "retire a station key at once (a lost or stolen PC): its counter "
                        "shows it is no longer enrolled",
          _arg("key_id"))
@_on_database
def _revoke_key(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    key = revoke_key(db, args.key_id)
    print(f"key {key.key_id} of station {key.station_id} revoked")


@_command("cancel-enrol-code", "cancel an enrolment code nobody has used yet", _arg("code"))
@_on_database
def _cancel_enrol_code(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    cancel_enrolment_code(db, args.code)
    print("enrolment code cancelled")


@_command("erase-personal-data",
          "erase residents' names, phones and pickup codes of orders finished more than "
          "--days ago (also run hourly by serve)",
          _arg("--days", type=int, default=PERSONAL_DATA_DAYS))
@_on_database
def _erase_personal_data(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    erased = erase_personal_data(db, now, args.days)
    texts = erase_notice_texts(db, now, args.days)
    print(f"personal data of {erased} finished order(s) erased, and the text of {texts} "
          f"notice(s)")


@_command("notices", "list residents' notices and how their delivery went (newest first)",
          _arg("--state", choices=STATES, default=None),
          _arg("--station", default=None),
          _arg("--limit", type=int, default=50),
          _arg("--show-text", action="store_true",
               help="also print each notice's text (personal data: the pickup code)"))
@_on_database
def _notices(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    for line in notice_lines(db, args.state, args.station, args.limit, args.show_text):
        print(line)


# --- the API document and station exports ---------------------------------------------------


@_command("openapi", "print the OpenAPI document")
def _print_openapi(args: argparse.Namespace) -> None:
    print(openapi_text(), end="")


@_command("import-export", "apply a station's signed day export file", _arg("path", type=Path))
@_on_database
def _import_export(db: HeadOfficeDb, args: argparse.Namespace) -> None:
    counts = import_signed_export(db, args.path)
    print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no events")


# --- helpers -----------------------------------------------------------------------------------


def _enrol_code(db: HeadOfficeDb, station: str, url: str | None, qr: Path | None,
                overlap: timedelta, counter_no: int = 1) -> None:
    """A one-time code; with `url` also the QR payload the counter's set-up scans (and the QR
    as a PNG to print on the enrolment sheet)."""
    if qr is not None and url is None:
        raise HeadOfficeError("bad_request", "--qr needs --url (the address counters use)")
    if url is not None:  # checked before a code is spent on a bad address
        try:
            check_address(url, allow_insecure=True)
        except EnrolmentCodeError as error:
            raise HeadOfficeError("bad_request", str(error)) from None
        if insecure_address(url):
            print(f"warning: {url} is plain http; counters refuse it unless their "
                  f"allow_insecure_lan setting is on (use https)", file=sys.stderr)
    code = new_enrolment_code(db, station, overlap, counter_no)
    print(code)
    if url is None:
        return
    payload = enrolment_payload(url, code, allow_insecure=True)
    print(payload)
    if qr is not None:
        image = qrcode.make(payload, error_correction=qrcode.constants.ERROR_CORRECT_M)
        image.save(str(qr))
        print(f"QR saved to {qr}")


def _publish_manifest_file(db: HeadOfficeDb, path: Path) -> None:
    try:
        data = ManifestData.model_validate_json(path.read_bytes())
    except (OSError, ValueError) as error:
        raise HeadOfficeError("bad_manifest", f"{path}: {error}") from None
    with db.writing() as session:
        publish_manifest(session, data.station_id, data.manifest_no,
                         data.delivery_date.isoformat(),
                         [line.model_dump() for line in data.lines], data.order_nos,
                         datetime.now(UTC))
    print(f"manifest {data.manifest_no} published to {data.station_id} "
          f"({len(data.lines)} lines)")


def openapi_text() -> str:
    """The OpenAPI document exactly as committed in sync/openapi.json."""
    app = create_app("sqlite://", migrate=True)  # in memory: only the routes matter
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.exit(main())
