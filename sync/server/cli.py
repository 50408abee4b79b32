"""`station-headoffice`: run and administer the reference head-office server."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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
from sync.server.dayclose import reconcile
from sync.server.db import HeadOfficeDb
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
from sync.server.order_factory import generate_orders
from sync.server.retention import PERSONAL_DATA_DAYS, erase_personal_data
from sync.server.serving import ServeOptions, serve

DEFAULT_URL = "sqlite:///headoffice.db"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="station-headoffice", description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("STATION_HEADOFFICE_DB",
                                                                 DEFAULT_URL),
                        help="SQLAlchemy URL (default $STATION_HEADOFFICE_DB or %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the database's tables: once per release, "
                                   "before serve (safe to run twice)")
    serving = sub.add_parser("serve", help="serve the sync API")
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=8765)
    serving.add_argument("--database-url", dest="serve_url", default=None)
    serving.add_argument("--workers", type=int, default=1,
                         help="worker processes (default %(default)s); each has its own "
                              "database connections")
    serving.add_argument("--migrate", action="store_true",
                         help="migrate the database first, once, before the workers start")
    serving.add_argument("--tls-cert", type=Path, default=None,
                         help="serve HTTPS with this certificate chain (PEM)")
    serving.add_argument("--tls-key", type=Path, default=None,
                         help="the certificate's private key (PEM)")
    station = sub.add_parser("create-station", help="register a station")
    station.add_argument("station_id")
    station.add_argument("name")
    code = sub.add_parser("enrol-code", help="print a one-time enrolment code")
    code.add_argument("station")
    code.add_argument("--url", default=None,
                      help="head office's address as counters reach it: also print the "
                           "enrolment QR payload (STATIONAPP-ENROL:1:<url>:<code>)")
    code.add_argument("--qr", type=Path, default=None,
                      help="save the enrolment QR as this PNG (needs --url)")
    code.add_argument("--overlap-hours", type=float, default=0.0,
                      help="keep the station's earlier keys working this long after the new "
                           "key is first used (default 0: they stop at once)")
    orders = sub.add_parser("generate-orders", help="make realistic orders for a station")
    orders.add_argument("station")
    orders.add_argument("--count", type=int, default=100)
    orders.add_argument("--seed", type=int, default=None)
    orders.add_argument("--not-arrived", action="store_true", help="goods not yet delivered")
    sub.add_parser("issue-token", help="print an order's signed pickup token"
                   ).add_argument("order_no")
    cancel = sub.add_parser("cancel-order", help="cancel an order and tell its station")
    cancel.add_argument("order_no")
    cancel.add_argument("--reason", default="顾客取消")
    rotate = sub.add_parser("rotate-key", help="start a new token signing key")
    rotate.add_argument("--old-valid-hours", type=float, default=72.0,
                        help="how long tokens signed by the old key stay valid")
    recon = sub.add_parser("reconcile", help="print what head office holds for a station's day")
    recon.add_argument("station")
    recon.add_argument("--day", type=date.fromisoformat, default=None,
                       help="YYYY-MM-DD, business day in UTC+8 (default today)")
    manifest = sub.add_parser("publish-manifest",
                              help="send a delivery list (JSON, the manifests stream's shape) "
                                   "to its station")
    manifest.add_argument("path", type=Path)
    sub.add_parser("refund-requests", help="list refund requests waiting for a decision"
                   ).add_argument("--station", default=None)
    answer = sub.add_parser("answer-refund", help="approve or reject a refund request")
    answer.add_argument("request_no")
    answer.add_argument("decision", choices=("approved", "rejected"))
    answer.add_argument("--note", default="")
    answer.add_argument("--station", default=None,
                        help="whose request, when two stations use the same number")
    keys = sub.add_parser("list-keys", help="list station keys: created, first used, revoked")
    keys.add_argument("--station", default=None)
    sub.add_parser("revoke-key", help="retire a station key at once (a lost or stolen PC): "
                                      "its counter shows it is no longer enrolled"
                   ).add_argument("key_id")
    sub.add_parser("cancel-enrol-code", help="cancel an enrolment code nobody has used yet"
                   ).add_argument("code")
    erase = sub.add_parser("erase-personal-data",
                           help="erase residents' names, phones and pickup codes of orders "
                                "finished more than --days ago (also run hourly by serve)")
    erase.add_argument("--days", type=int, default=PERSONAL_DATA_DAYS)
    sub.add_parser("openapi", help="print the OpenAPI document")
    sub.add_parser("import-export", help="apply a station's signed day export file"
                   ).add_argument("path", type=Path)
    args = parser.parse_args(argv)

    try:
        return _run(args)
    except HeadOfficeError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    except LookupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SchemaNotCurrent as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "openapi":
        print(openapi_text(), end="")
        return 0
    if args.command == "migrate":
        _migrate(args.database_url)
        return 0
    if args.command == "serve":
        url = args.serve_url or args.database_url
        if args.migrate:
            _migrate(url)
        serve(ServeOptions(url, args.host, args.port, args.workers, args.tls_cert,
                           args.tls_key))
        return 0
    # A SQLite file is this host's own (the demo, a small head office): an admin command brings
    # it to the current schema itself. PostgreSQL is migrated as a deployment step, on purpose.
    db = HeadOfficeDb(args.database_url, migrate=args.database_url.startswith("sqlite"))
    try:
        return _admin(db, args)
    finally:
        db.dispose()


def _migrate(url: str) -> None:
    db = HeadOfficeDb(url, migrate=True)
    db.dispose()
    if db.migrated_from == SCHEMA_HEAD:
        print(f"head office database already at schema {SCHEMA_HEAD}", flush=True)
    else:
        print(f"head office database migrated: {db.migrated_from or 'empty'} → {SCHEMA_HEAD}",
              flush=True)


def _admin(db: HeadOfficeDb, args: argparse.Namespace) -> int:
    match args.command:
        case "create-station":
            create_station(db, args.station_id, args.name)
            print(f"station {args.station_id} created")
        case "enrol-code":
            _enrol_code(db, args.station, args.url, args.qr,
                        timedelta(hours=args.overlap_hours))
        case "generate-orders":
            numbers = generate_orders(db, args.station, args.count, seed=args.seed,
                                      arrived=not args.not_arrived)
            print(f"{len(numbers)} orders for {args.station}: {numbers[0]} … {numbers[-1]}"
                  if numbers else "no orders")
        case "issue-token":
            print(issue_token(db, args.order_no))
        case "cancel-order":
            cancel_order(db, args.order_no, args.reason)
            print(f"order {args.order_no} cancelled")
        case "rotate-key":
            key_id = rotate_key(db, timedelta(hours=args.old_valid_hours))
            print(f"new signing key {key_id}")
        case "import-export":
            counts = import_signed_export(db, args.path)
            print(", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
                  or "no events")
        case "publish-manifest":
            _publish_manifest_file(db, args.path)
        case "refund-requests":
            for request in open_refund_requests(db, args.station):
                print("\t".join(str(request[key]) for key in (
                    "request_no", "station_id", "order_no", "sku", "quantity", "source",
                    "reason", "requested_at")))
        case "answer-refund":
            answer_refund(db, args.request_no, args.decision, args.note, args.station)
            print(f"refund request {args.request_no} {args.decision}")
        case "list-keys":
            now = datetime.now(UTC)
            for key in list_keys(db, args.station):
                print("\t".join((key.key_id, key.station_id, key.state(now),
                                 f"created {key.created_at:%Y-%m-%d %H:%M}",
                                 f"first used {key.first_used_at:%Y-%m-%d %H:%M}"
                                 if key.first_used_at else "never used",
                                 f"revoked {key.revoked_at:%Y-%m-%d %H:%M}"
                                 if key.revoked_at else "")).rstrip())
        case "revoke-key":
            key = revoke_key(db, args.key_id)
            print(f"key {key.key_id} of station {key.station_id} revoked")
        case "cancel-enrol-code":
            cancel_enrolment_code(db, args.code)
            print("enrolment code cancelled")
        case "erase-personal-data":
            erased = erase_personal_data(db, datetime.now(UTC), args.days)
            print(f"personal data of {erased} finished order(s) erased")
        case "reconcile":
            day = args.day or datetime.now(CHINA).date()
            with db.reading() as session:
                print(reconcile(session, args.station, day).text())
    return 0


def _enrol_code(db: HeadOfficeDb, station: str, url: str | None, qr: Path | None,
                overlap: timedelta) -> None:
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
    code = new_enrolment_code(db, station, overlap)
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
