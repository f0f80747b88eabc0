"""Settings, read once from the environment (prefix ``PASSEND_``) or a ``.env`` file."""

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Used only when PASSEND_SECRET_KEY is unset: fine for one process, but then every restart
# signs everybody out and pending forms expire. Set it for several workers or machines.
_PROCESS_SECRET = secrets.token_urlsafe(32)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PASSEND_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'passend.db'}",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    # Bounds against abuse and accidents; list lengths are bounded in the schemas too.
    max_request_bytes: int = 1_000_000
    page_size_max: int = 200
    # A candidate's readiness must have been confirmed this recently to be suggested.
    readiness_max_age_days: int = 90
    # Run a job worker in each web process (needed for the in-process backend; on PostgreSQL
    # set false and start `passend worker` processes to keep jobs off the web machines).
    run_worker: bool = True
    demo_candidates: int = 300
    demo_workplaces: int = 220
    demo_seed: int = 2015
    # Where `seed` writes the demo API keys (local demo database only).
    demo_keys_file: Path = PROJECT_ROOT / "demo-keys.txt"
    # Signs CSRF tokens and the jobhunter screens' session cookie (HMAC-SHA256).
    secret_key: str = Field(default=_PROCESS_SECRET, min_length=16, repr=False)
    web_session_hours: int = 10
    # Spam brake on the public employer form: POSTs per client IP per window.
    web_form_posts_max: int = 10
    web_form_window_seconds: int = 600
    invite_valid_days: int = 30
    # Candidates with no activity (profile, placement or consent change) for this long are
    # erased by `python -m app.cli retention` (AVG storage limitation).
    retention_inactive_months: int = Field(default=24, ge=1)
    # Rate limits (token buckets, stored per rate_limit_backend below): per minute per API key by
    # role, per client IP without a key, and failed authentications per client IP.
    rate_limit_admin_per_minute: int = 600
    rate_limit_jobhunter_per_minute: int = 600
    rate_limit_employer_per_minute: int = 120
    rate_limit_wsp_frontend_per_minute: int = 300
    rate_limit_anonymous_per_minute: int = 300
    rate_limit_auth_failures_per_minute: int = 20
    # After `keys/rotate` the old key keeps working this long, so clients can switch over.
    key_rotation_grace_seconds: int = 86_400
    # TLS ends at a proxy we trust: honour its X-Forwarded-Proto (for HSTS).
    behind_tls: bool = False

    # Capacity (issue 10; docs/decisions/100). One number sizes a worker process: requests
    # worked on at once. Thread pool and database pool derive from it (app/core/capacity.py).
    # 2: a worker computes under one GIL, so more threads mostly hand it to each other and
    # keep the event loop waiting (decision 100, points 10 and 11: /healthz p95 under the mix
    # 22-28 ms at 2, 43-64 ms at 4, 90-103 ms at 8; the mix itself 80-111 req/s at 2 and
    # 78-97 at 4 in alternating 40 s runs).
    concurrency: int = Field(default=2, ge=1, le=256)
    # Up to concurrency * queue_factor more requests wait, each at most queue_wait_seconds,
    # for a place; beyond that the service answers 503 + Retry-After at once.
    queue_factor: int = Field(default=32, ge=0, le=100)  # 2 x 32: 64 may wait, as before
    queue_wait_seconds: float = Field(default=5.0, gt=0, le=60)
    # Worker processes for `passend serve`; 0 = the number of cores with PostgreSQL, 1 with
    # SQLite (an embedded database file is served by one process).
    workers: int = Field(default=0, ge=0, le=64)
    # The suggestion snapshot is refreshed in the background at this interval; a changed row
    # is served at most about this long plus one refresh later (withdrawals count at once).
    snapshot_refresh_seconds: float = Field(default=0.5, gt=0, le=60)
    # A full rebuild at this interval catches anything an incremental refresh could miss.
    snapshot_full_rebuild_seconds: float = Field(default=300.0, ge=10)
    # Tests only: a request that finds the data changed builds the new snapshot itself, so a
    # test can write and read back at once. Production never waits for a build.
    snapshot_read_your_writes: bool = False
    # Issue 16 (after-care, outcomes, learning, fairness).
    # How long a process keeps using the approved weight profile it read before reading it
    # again (suggestions; match runs always read it fresh).
    weights_refresh_seconds: float = Field(default=30, ge=0)
    # How often the counted suggestion exposure is written to the database.
    exposure_flush_seconds: float = Field(default=30, gt=0)
    # Characteristics recorded for equality monitoring, comma-separated; empty: none (the
    # region policy's default until per-region policy is stored, see issue 14).
    monitoring_characteristics: str = ""
    # --- Issue 12 (security round two) and issue 10 items 1 and 5 (sealer, shared limits) ---
    # The access log's HMAC key: never in the database. From this setting, or else from the
    # file (created with a random key on first seal when missing; keep it off the DB host).
    access_log_key: str = Field(default="", repr=False)
    access_log_key_file: Path = PROJECT_ROOT / "var" / "access-log.key"
    # Signed checkpoints (head hash, row count, time) are appended here, outside the database;
    # ship this directory elsewhere (append-only storage) to detect truncation and re-chaining.
    access_log_checkpoint_dir: Path = PROJECT_ROOT / "var" / "access-log-checkpoints"
    # The web process seals new access-log rows this often (0: no sealer thread; run
    # `passend seal-access-log` or a periodic job instead), and writes a checkpoint at most
    # this often when the chain grew.
    access_log_seal_interval_seconds: float = Field(default=1.0, ge=0)
    access_log_checkpoint_interval_seconds: float = Field(default=60.0, ge=0)
    access_log_seal_batch_rows: int = Field(default=5000, ge=1)
    # Rate-limit state: "memory" (one process), "redis" or "postgres" (shared by processes);
    # "auto" picks redis when redis_url is set, else postgres on PostgreSQL, else memory.
    rate_limit_backend: str = Field(default="auto", pattern="^(auto|memory|redis|postgres)$")
    redis_url: str = ""
    # Proxies whose X-Forwarded-For we believe (IPs or networks, comma-separated). The client
    # IP is the right-most forwarded address that is not one of them; with none, the peer.
    trusted_proxies: str = ""
    # Every link the service sends out (invites, edit links) starts with this, never with the
    # request's Host header. Empty: http://host:port from the settings above (local use only).
    public_url: str = ""
    # Requests with more header lines, or more header bytes in total, get 431.
    max_header_count: int = Field(default=100, ge=10)
    max_header_bytes: int = Field(default=16_384, ge=1024)
    # --- Issue 13 (imports) ---
    # Files larger than this are refused before a byte is parsed (split big exports).
    import_max_mb: int = Field(default=100, ge=1, le=2000)
    # Key of the keyed hash (HMAC) a profile may turn a BSN column into, for duplicate matching
    # only: never in the database. From this setting, or else from the file (created with a
    # random key on first use; keep it off the database host). Losing it only means new
    # imports no longer match BSNs hashed before (docs/decisions/173).
    import_bsn_key: str = Field(default="", repr=False)
    import_bsn_key_file: Path = PROJECT_ROOT / "var" / "import-bsn.key"
    # Uploads through the API and the page (POST /api/v1/imports): files, error reports and
    # rejected rows live here, one private folder per import, deleted after import_keep_hours.
    import_dir: Path = PROJECT_ROOT / "var" / "imports"
    import_keep_hours: float = Field(default=24.0, gt=0)
    # --- Issue 11: background jobs (app/jobs, docs/decisions/180) ---
    # Who runs background jobs: "procrastinate" (PostgreSQL: jobs in the database, served by
    # the web process's worker and any `passend worker`), "inprocess" (the same job functions,
    # queued in memory and run by a worker thread of the web process) or "auto" (procrastinate
    # on PostgreSQL, inprocess on SQLite).
    jobs_backend: str = Field(default="auto", pattern="^(auto|procrastinate|inprocess)$")
    # A job that raises, or whose worker stops, is run at most this many times in all; between
    # attempts it waits jobs_retry_backoff_seconds * 2 ** (attempts so far).
    jobs_max_attempts: int = Field(default=3, ge=1, le=20)
    jobs_retry_backoff_seconds: float = Field(default=5.0, ge=0, le=3600)
    # Stalled-job detection: every worker writes a heartbeat this often; a worker silent for
    # jobs_stalled_after_seconds is dead, and the check that runs every
    # jobs_stalled_check_seconds puts its jobs back. Worst case until a dead worker's job is
    # queued again: stalled_after + check (30 + 10 = 40 s by default; must stay <= 60 s).
    jobs_heartbeat_seconds: float = Field(default=10.0, gt=0, le=60)
    jobs_stalled_after_seconds: float = Field(default=30.0, gt=0, le=600)
    jobs_stalled_check_seconds: int = Field(default=10, ge=1, le=60)
    # Without a LISTEN/NOTIFY wake-up (in process, or a lost notification) a worker looks for
    # new jobs at least this often.
    jobs_poll_seconds: float = Field(default=2.0, gt=0, le=60)
    # The queues this process's workers serve, comma-separated (empty: all of them, QUEUES in
    # app/jobs/app.py). Every worker of a deployment should share the jobs_* settings above:
    # a worker with a shorter stalled_after declares the others dead.
    jobs_queues: str = ""
    # Workers defer the periodic jobs (README: "Periodic jobs"); false leaves out all but the
    # stalled-job check (the test suite, which seals and reminds when it chooses).
    jobs_periodic: bool = True
    # Periodic jobs hand results meant for people (confirm-link reminders) to files here,
    # one JSON line each, for the mail system to send (there is no mail server in Passend).
    outbox_dir: Path = PROJECT_ROOT / "var" / "outbox"


@lru_cache
def get_settings() -> Settings:
    return Settings()
