"""The application factory: routers (protected by default), error handlers, docs, health."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy import text

from app.accounts.router import accounts_router
from app.accounts.router import router as keys_router
from app.audit.sealer import SealerThread
from app.candidates.router import profiles_router
from app.candidates.router import router as candidates_router
from app.carving.router import router as carving_router
from app.consent.router import router as consent_router
from app.core import capacity, logsafe, metrics
from app.core import docs as api_docs
from app.core.clientip import TrustedProxies
from app.core.config import get_settings
from app.core.db import get_engine
from app.core.errors import ErrorBody, error_response, install_error_handlers
from app.core.middleware import BodySizeLimit, HeaderLimits, SecurityHeaders, ServerErrors
from app.core.ratelimit import RateLimit, RateLimits
from app.core.routing import Router
from app.core.security import Principal, PrincipalDep, allow, get_principal
from app.core.visibility import FieldGroup, gate
from app.core.vocab import Role
from app.employers.router import employers, workplaces
from app.exports.router import router as exports_router
from app.fairness.router import monitoring_router
from app.fairness.router import router as reports_router
from app.imports import jobs as import_jobs
from app.imports.duplicates.router import router as duplicates_router
from app.imports.router import router as imports_router
from app.jobs import runner as jobs_runner
from app.jobs.app import backend as jobs_backend
from app.learning.router import router as learning_router
from app.matches.refresher import cache as snapshots
from app.matches.router import staff_router as matching_staff
from app.matches.router import suggest_router
from app.placements.router import decisions_router, follow_ups_router
from app.placements.router import router as placements_router
from app.policy.router import router as policy_router
from app.privacy.router import router as privacy_router
from app.web import api as web_api
from app.web.setup import install as install_web

API_PREFIX = "/api/v1"
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody, "description": text_}
    for code, text_ in {
        400: "The body is not well-formed JSON.",
        401: "No or an invalid API key.",
        403: "The key's role may not do this.",
        404: "Not found (or not yours).",
        409: "Conflict, e.g. a stale version.",
        422: "A field is not valid; `fields` names it.",
        413: "The request body is too large.",
        429: "Rate limit reached; wait `Retry-After` seconds.",
    }.items()
}

DESCRIPTION = """
Passend matches young people with a work disability (Participatiewet, Wajong, banenafspraak)
to vacancies and latent vacancies. The software proposes; a jobhunter decides.

Authenticate with an `X-API-Key` header. Roles: `admin`, `jobhunter`, `employer` (own
organisation only), `wsp_frontend` (read-only, pseudonymous). Errors always have the shape
`{"error", "detail", "fields"}`.
"""


def _api_router() -> Router:
    # Authentication is attached here, once, so every route below is protected by default.
    api = Router(prefix=API_PREFIX, dependencies=[Depends(get_principal)])
    staff = allow(Role.admin, Role.jobhunter)
    staff_or_wsp = allow(Role.admin, Role.jobhunter, Role.wsp_frontend)
    # Routers serving candidate data are gated by the visibility matrix (app/core/visibility.py).
    api.include_router(candidates_router, dependencies=[gate(FieldGroup.identity)])
    api.include_router(consent_router, dependencies=[gate(FieldGroup.consent)])
    api.include_router(privacy_router, dependencies=[gate(FieldGroup.sensitive)])
    api.include_router(profiles_router, dependencies=[staff_or_wsp])
    api.include_router(employers)
    api.include_router(workplaces)
    api.include_router(matching_staff, dependencies=[staff])
    api.include_router(suggest_router)
    api.include_router(placements_router, dependencies=[gate(FieldGroup.decision_history)])
    api.include_router(follow_ups_router, dependencies=[gate(FieldGroup.decision_history)])
    api.include_router(decisions_router, dependencies=[gate(FieldGroup.decision_history)])
    api.include_router(exports_router, dependencies=[gate(FieldGroup.decision_history)])
    api.include_router(policy_router, dependencies=[staff])
    api.include_router(web_api.staff_router, dependencies=[staff])
    api.include_router(carving_router)  # issue 15: roles checked per route (employers: own)
    api.include_router(learning_router, dependencies=[allow(Role.admin)])  # issue 16
    api.include_router(reports_router, dependencies=[staff])  # issue 16: aggregates only
    api.include_router(monitoring_router, dependencies=[gate(FieldGroup.sensitive)])
    # issue 13: staff; the service shows a pair only to who may identify both records
    api.include_router(duplicates_router, dependencies=[gate(FieldGroup.identity)])
    api.include_router(imports_router, dependencies=[staff])  # issue 13: bulk import
    api.include_router(keys_router)  # rotate: any role; revoke: admin (checked on the route)
    api.include_router(accounts_router, dependencies=[allow(Role.admin)])

    @api.get("/me", tags=["accounts"])
    def whoami(principal: PrincipalDep) -> dict[str, object]:
        """Who the API key belongs to."""
        return _principal_json(principal)

    return api


def _principal_json(principal: Principal) -> dict[str, object]:
    return {
        "account_id": principal.account_id,
        "name": principal.name,
        "role": principal.role,
        "employer_id": principal.employer_id,
    }


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    logsafe.install()  # after uvicorn configured logging
    settings = get_settings()
    capacity.size_thread_pool(settings.concurrency)
    metrics.watch_pool(get_engine(), capacity.pool_size(settings.concurrency))
    metrics.watch_gc()
    if not settings.snapshot_read_your_writes:  # that mode builds on the request instead
        snapshots.start(get_engine())
    # In process, the queue is this process's memory: it must run its worker.
    in_process = jobs_backend(settings) == "inprocess"
    worker = in_process or settings.run_worker
    if worker:
        jobs_runner.start_in_process(settings, on_start=_requeue if in_process else None)
    settings = app.state.settings  # as create_app read them
    sealer = None
    if settings.access_log_seal_interval_seconds > 0:
        sealer = SealerThread(get_engine(), settings)
        sealer.start()
    app.state.sealer = sealer
    import_jobs.clean_files()  # expired uploads and reports (decision 176)
    # Everything loaded so far (modules, routes, settings) lives as long as the process: move it
    # out of the collector's sight, so a full collection no longer stalls a request (measured:
    # in-process, the slowest of 600 workplace suggestions went from 191 ms to 27 ms).
    gc.collect()
    gc.freeze()
    yield
    if worker:
        jobs_runner.stop_in_process()
    if sealer is not None:
        sealer.stop()
    snapshots.stop()


async def _requeue() -> None:
    from app.matches.tasks import requeue_in_process

    await requeue_in_process(get_engine())
    await import_jobs.requeue_in_process()


def _database_answers() -> None:
    with get_engine().connect() as connection:
        connection.execute(text("SELECT 1"))


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        lifespan=lifespan,
        title="Passend",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        responses=ERROR_RESPONSES,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # Listed innermost first. Admission sheds before any work is done; metrics see the shed
    # 503s; ServerErrors turns anything that escapes into our JSON 500; SecurityHeaders, the
    # outermost, puts its headers on every answer, 413/429/503/500 included.
    # Uploads of import files take up to import_max_mb (and a margin for the form fields).
    upload_bytes = settings.import_max_mb * 1_000_000 + 1_000_000
    larger = {f"{API_PREFIX}/imports": upload_bytes, "/app/import": upload_bytes}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes, larger=larger)
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.add_middleware(RateLimit, limits=app.state.rate_limits)
    app.add_middleware(
        capacity.Admission,
        limit=settings.concurrency,
        queue_max=settings.concurrency * settings.queue_factor,
        wait_seconds=settings.queue_wait_seconds,
        on_shed=metrics.shed,
        on_change=metrics.admission_changed,
    )
    app.add_middleware(TrustedProxies, trusted_proxies=settings.trusted_proxies)  # before limits
    app.add_middleware(
        HeaderLimits, max_count=settings.max_header_count, max_bytes=settings.max_header_bytes
    )
    app.add_middleware(metrics.RequestMetrics)
    app.add_middleware(ServerErrors)
    app.add_middleware(SecurityHeaders, behind_tls=settings.behind_tls)
    app.include_router(_api_router())
    install_web(app)
    api_docs.install(app)

    # Health, readiness and metrics bypass admission and never use the request thread pool:
    # they answer under any load (readiness has a thread and a pool connection of its own).
    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    probe_threads = anyio.CapacityLimiter(1)

    @app.get("/readyz", tags=["health"], responses={503: {"model": ErrorBody}})
    async def readyz() -> object:
        """The database is reachable."""
        try:
            with anyio.fail_after(5):
                await anyio.to_thread.run_sync(
                    _database_answers, limiter=probe_threads, abandon_on_cancel=True
                )
        except Exception:
            return error_response(503, "unavailable", "The database is not reachable.")
        return {"status": "ready"}

    @app.get(
        "/metrics",
        tags=["health"],
        dependencies=[allow(Role.admin)],
        response_class=PlainTextResponse,
        responses={
            200: {"content": {"text/plain": {}}, "description": "Prometheus text format."},
            **{
                code: {"model": ErrorBody, "content": {"application/json": {}}}
                for code in (401, 403, 429, 503)
            },
        },
    )
    async def prometheus_metrics() -> Response:
        """Prometheus text format (admin keys only): latency per route, in-flight and shed
        requests, snapshot age and rebuild time, database pool use."""
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    return app


app = create_app()
