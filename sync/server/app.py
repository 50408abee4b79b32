"""The reference head-office server: FastAPI routes for sync protocol v1 (sync/PROTOCOL.md)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import (
    MAX_PAGE_LIMIT,
    PROTOCOL_VERSION,
    STREAMS,
    ChangesPage,
    DayCloseAnswer,
    DayCloseSummary,
    EnrolAnswer,
    EnrolRequest,
    ErrorBody,
    HeldEventsPage,
    LostAnswer,
    LostRequest,
    PullBatch,
    PulledPages,
    PushAnswer,
    PushBatch,
    StationAnswer,
    StationState,
    Stream,
    TimeAnswer,
)
from sync.server.authentication import (
    Caller,
    CallerDep,
    KeyFirstMiddleware,
    caller_connection,
    caller_transaction,
)
from sync.server.capacity import Capacity, LoadSheddingMiddleware, Overloaded
from sync.server.changelog import read_page, read_pages
from sync.server.dayclose import close_day
from sync.server.db import HeadOfficeDb
from sync.server.events import push_batch
from sync.server.headoffice import HeadOfficeError, enrol, now_utc
from sync.server.holdings import declare_lost, held_events, station_answer, station_state
from sync.server.middleware import BodyRefused, RequestBodyMiddleware, ServerTimeMiddleware
from sync.server.models import IdempotentAnswer, Station, table_of
from sync.server.pruning import PRUNE_EVERY_S, prune_every

log = logging.getLogger("sync.server")

_STATUS = {"unknown_key": 401, "key_revoked": 401, "bad_signature": 401, "clock_skew": 401,
           "replay": 401, "not_a_hole": 409,
           "wrong_station": 403, "unknown_enrolment_code": 404, "enrolment_code_used": 409,
           "idempotency_key_reused": 409, "missing_idempotency_key": 400}
_ERRORS: dict[int | str, dict[str, Any]] = {
    **{status: {"model": ErrorBody} for status in (400, 401, 403, 409, 413, 422)},
    # Load shedding (capacity.py): every route but /v1/time may be answered so.
    429: {"model": ErrorBody, "description": "Head office is busy (`overloaded`): retry after "
                                             "Retry-After seconds",
          "headers": {"Retry-After": {"description": "seconds to wait before retrying",
                                      "schema": {"type": "integer"}}}}}
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{8,64}")
Parsed = TypeVar("Parsed", bound=BaseModel)


def _refuse(code: str, message: str) -> HeadOfficeError:
    return HeadOfficeError(code, message)


def create_app(database_url: str, *, migrate: bool = False,
               prune_every_s: float = PRUNE_EVERY_S, capacity: Capacity | None = None
               ) -> FastAPI:
    """The head-office app on `database_url`. Raises SchemaNotCurrent when the database is not
    migrated to this code's schema; `migrate=True` migrates it first, for a process that owns
    the database alone (embedded.py), never for one of several workers (serving.py).
    `capacity`: threads (and pooled connections) and load-shedding limits (capacity.py)."""
    capacity = capacity or Capacity()
    db = HeadOfficeDb(database_url, migrate=migrate, pool_size=capacity.threads)
    app = FastAPI(title="Pickup station head office", version=f"{PROTOCOL_VERSION}",
                  summary="Reference server for sync protocol v1 (sync/PROTOCOL.md)",
                  lifespan=_lifespan(db, prune_every_s, capacity))
    app.state.db = db
    _error_handlers(app)
    _joining_routes(app, db)
    _exchange_routes(app, db, capacity.max_queue_s)
    _batch_pull_route(app, db, capacity.max_queue_s)
    _station_routes(app, db, capacity.max_queue_s)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # The last added runs first: the server time on every answer, load shedding (a request
    # past the limit is refused before anything else), body caps (a body announced too big
    # is refused from its headers), then the key lookup (a stranger is refused before the
    # body is read), then answer compression.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(KeyFirstMiddleware, db=db, routes=app.routes)
    app.add_middleware(RequestBodyMiddleware)
    app.add_middleware(LoadSheddingMiddleware, capacity=capacity)
    app.add_middleware(ServerTimeMiddleware)
    return app


def _lifespan(db: HeadOfficeDb, prune_every_s: float, capacity: Capacity
              ) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Prune in the background while the app serves; close the database when it stops."""
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        capacity.apply_thread_limit()
        pruning = asyncio.create_task(prune_every(db, prune_every_s), name="pruning")
        try:
            yield
        finally:
            pruning.cancel()
            with suppress(asyncio.CancelledError):
                await pruning
            db.dispose()
    return lifespan


def _joining_routes(app: FastAPI, db: HeadOfficeDb) -> None:
    """What a counter calls before it has a key: the time, and enrolment with a one-time code."""
    @app.get("/v1/time", response_model=TimeAnswer)
    def get_time() -> TimeAnswer:
        return TimeAnswer(server_time=now_utc())

    @app.post("/v1/enrol", response_model=EnrolAnswer, responses=_ERRORS)
    def post_enrol(request: EnrolRequest) -> EnrolAnswer:
        done = enrol(db, request.code, request.request_id)
        with db.reading() as session:
            # A station's history is its first counter's (recovery): a later counter starts
            # its own numbering and takes the rest over the LAN or from the station's state.
            held = station_answer(session, done.station_id, done.key_id, now_utc()).max_seq \
                if done.counter_no == 1 else 0
        return EnrolAnswer(station_id=done.station_id, station_name=done.station_name,
                           key_id=done.key_id, secret=done.secret, server_time=now_utc(),
                           station_max_seq=held, counter_no=done.counter_no)


def _exchange_routes(app: FastAPI, db: HeadOfficeDb, max_queue_s: float) -> None:
    """The two directions of sync: head office's changes down, the station's events up."""
    @app.get("/v1/changes", response_model=ChangesPage, responses=_ERRORS)
    def get_changes(caller: CallerDep, stream: Stream,
                    cursor: Annotated[str, Query(max_length=100)] = "",
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 500) -> Response:
        with caller_connection(db, caller, max_queue_s) as connection:
            page = read_page(connection, db.epoch, stream, caller.station_id, cursor, limit,
                             caller.now)
        # Written once, by read_page: FastAPI would validate the page against its model again.
        return Response(page, media_type="application/json")

    # The batch is parsed from its raw bytes (_parsed); its schema is published by hand.
    @app.post("/v1/events:batch", response_model=PushAnswer, responses=_ERRORS,
              openapi_extra=_body_schema(PushBatch))
    def post_events(caller: CallerDep, request: Request,
                    idempotency_key: Annotated[str | None, Header(
                        alias="Idempotency-Key", max_length=64)] = None) -> Any:
        raw: bytes = request.state.raw_body
        batch = _parsed(PushBatch, raw)
        _same_station(caller, batch.station_id)
        if idempotency_key is None or not _IDEMPOTENCY_KEY.fullmatch(idempotency_key):
            raise _refuse("missing_idempotency_key", "send an Idempotency-Key (a UUID)")
        body_hash = hashlib.sha256(raw).hexdigest()
        for attempt in range(2):
            try:
                return _push(db, caller, batch, idempotency_key, body_hash, max_queue_s)
            except IntegrityError:
                # A concurrent request with the same key or events won the race: its answer
                # (or the duplicates) are visible now.
                if attempt:
                    raise
        raise AssertionError("unreachable")


def _batch_pull_route(app: FastAPI, db: HeadOfficeDb, max_queue_s: float) -> None:
    """Several streams' next pages in one request: a station's six pulls cost one request's
    HTTP work, one nonce and one statement instead of six of each."""
    @app.post("/v1/changes:batch", response_model=PulledPages, responses=_ERRORS,
              openapi_extra=_body_schema(PullBatch))
    def post_changes_batch(caller: CallerDep, request: Request) -> Response:
        batch = _parsed(PullBatch, request.state.raw_body)
        streams = [pull.stream for pull in batch.pulls]
        if unknown := [n for n, stream in enumerate(streams) if stream not in STREAMS]:
            raise _refuse("unknown_stream", f"pulls[{unknown[0]}] names no stream head office "
                                            f"has (it has {', '.join(STREAMS)})")
        if len(set(streams)) < len(streams):
            raise _refuse("stream_twice", "ask for each stream at most once per batch")
        with caller_connection(db, caller, max_queue_s) as connection:
            pages = read_pages(connection, db.epoch, caller.station_id,
                               [(p.stream, p.cursor, p.limit) for p in batch.pulls],
                               caller.now)
        return Response(f'{{"pages":[{",".join(pages)}]}}', media_type="application/json")


def _station_routes(app: FastAPI, db: HeadOfficeDb, max_queue_s: float) -> None:
    """What head office holds for the caller's station (its answer, events and state), the
    numbers a lost disk never sent, and the day close."""
    @app.get("/v1/station", response_model=StationAnswer, responses=_ERRORS)
    def get_station(caller: CallerDep) -> StationAnswer:
        with caller_transaction(db, caller, max_queue_s) as session:
            return station_answer(session, caller.station_id, caller.key_id, now_utc())

    @app.get("/v1/station/events", response_model=HeldEventsPage, responses=_ERRORS)
    def get_held_events(caller: CallerDep,
                        after_seq: Annotated[int, Query(ge=0, le=2**53)] = 0,
                        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 500
                        ) -> HeldEventsPage:
        with caller_transaction(db, caller, max_queue_s) as session:
            return held_events(session, caller.station_id, after_seq, limit)

    @app.get("/v1/station/state", response_model=StationState, responses=_ERRORS)
    def get_station_state(caller: CallerDep,
                          window_days: Annotated[int, Query(ge=0, le=90)] = 14
                          ) -> StationState:
        with caller_transaction(db, caller, max_queue_s) as session:
            return station_state(session, caller.station_id, window_days, now_utc())

    @app.post("/v1/station/lost", response_model=LostAnswer, responses=_ERRORS)
    def post_lost(caller: CallerDep, request: LostRequest) -> LostAnswer:
        with caller_transaction(db, caller, max_queue_s) as session:
            station = session.scalar(select(Station).where(
                Station.id == caller.station_id).with_for_update(key_share=True))
            assert station is not None  # authentication resolved it
            return declare_lost(session, station, caller.key_id, request, now_utc())

    @app.post("/v1/day-close", response_model=DayCloseAnswer, responses=_ERRORS)
    def post_day_close(caller: CallerDep, summary: DayCloseSummary) -> DayCloseAnswer:
        _same_station(caller, summary.station_id)
        with caller_transaction(db, caller, max_queue_s) as session:
            return close_day(session, summary, now_utc())


def _parsed(model: type[Parsed], raw: bytes) -> Parsed:
    """A request body parsed from its raw bytes in one pass (pydantic's JSON parser) instead
    of FastAPI's json.loads + validation: half the parsing time on a 256 kB body. Its schema
    is still published (_body_schema, _openapi)."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise RequestValidationError(
            [dict(e, loc=("body", *e["loc"])) for e in
             error.errors(include_url=False, include_input=False)]) from None


def _body_schema(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                             routes=app.routes)
        _, defs = models_json_schema([(PushBatch, "validation"), (PullBatch, "validation")],
                                     ref_template="#/components/schemas/{model}")
        schema.setdefault("components", {}).setdefault("schemas", {}).update(defs["$defs"])
        app.openapi_schema = schema
    return app.openapi_schema


_IDEMPOTENT = table_of(IdempotentAnswer)
_STORED_ANSWER = select(_IDEMPOTENT.c.body_sha256, _IDEMPOTENT.c.answer).where(
    _IDEMPOTENT.c.station_id == bindparam("station"), _IDEMPOTENT.c.key == bindparam("key"))
_STORE_ANSWER = insert(_IDEMPOTENT)


def _push(db: HeadOfficeDb, caller: Caller, batch: PushBatch, key: str,
          body_hash: str, max_queue_s: float) -> Any:
    with caller_transaction(db, caller, max_queue_s) as session:
        connection = session.connection()
        stored = connection.execute(_STORED_ANSWER, {"station": caller.station_id,
                                                     "key": key}).one_or_none()
        if stored is not None:
            if stored.body_sha256 != body_hash:
                raise _refuse("idempotency_key_reused",
                              "this Idempotency-Key was used with another body")
            return Response(stored.answer, media_type="application/json")
        # "code"/"message" appear only on rejected results; gap_after_seq is always there.
        answer = push_batch(session, caller.station_id, batch, caller.now)
        # Serialised once: the stored answer and the one sent now are the same bytes.
        text = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
        connection.execute(_STORE_ANSWER, {"station_id": caller.station_id, "key": key,
                                           "body_sha256": body_hash, "answer": text,
                                           "created_at": caller.now})
        return Response(text, media_type="application/json")


def _same_station(caller: Caller, station_id: str) -> None:
    if station_id != caller.station_id:
        raise _refuse("wrong_station", "the body names another station than the key's")


def _error_handlers(app: FastAPI) -> None:
    def body(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)

    @app.exception_handler(HeadOfficeError)
    async def refused(_request: Request, error: HeadOfficeError) -> JSONResponse:
        if isinstance(error, Overloaded):
            answer = body(429, error.code, error.message)
            answer.headers["Retry-After"] = str(error.retry_after_s)
            return answer
        return body(_STATUS.get(error.code, 400), error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        # Never echo the input back: it may be 10 kB of garbage or someone's phone number.
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                    for e in error.errors()[:5]]
        return body(422, "invalid_request", "; ".join(problems)[:1000])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        if isinstance(error, BodyRefused):  # a body over its cap or bad gzip, found as read
            return body(error.status_code, error.code, str(error.detail))
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return body(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def crashed(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return body(500, "internal_error", "head office failed; try again later")
