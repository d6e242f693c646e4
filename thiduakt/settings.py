"""Settings of thiduakt.

One module for every environment: production differs only by environment
variables (see .env.example). With nothing set, the app runs in development
mode on a SQLite file and a broker that needs no server.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Everything the app writes at run time (SQLite file, broker folder, uploads,
# generated files) lives under DATA_DIR, never under static/ or templates/.
DATA_DIR = Path(env("THIDUAKT_DATA_DIR", default=str(BASE_DIR / ".data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-development-only-key-change-me" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "thiduakt",
    "campaigns",
    "clusters",
    "awards",
    "exemplars",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware, so that its answer is read first: saves the session at most once a minute.
    "thiduakt.sessions.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Any write makes the home page's cached figures stale (thiduakt.write_cache).
    "thiduakt.write_cache.WritesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A POST from a stale tab: the object's state and a redirect, not a 404 (thiduakt.access).
    "thiduakt.access.StaleActionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thiduakt.urls"
WSGI_APPLICATION = "thiduakt.wsgi.application"
AUTH_USER_MODEL = "thiduakt.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thiduakt.context_processors.navigation",
            ],
        },
    },
]

# Django's common widget templates (input, select, textarea, radio lists) written in Python, same HTML.
FORM_RENDERER = "thiduakt.renderers.FormRenderer"

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'thiduakt.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the documented default, so two users acting at once must both get their answer:
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock when a
    # transaction begins, so a second writer waits (up to "timeout" seconds) instead of failing
    # with "database is locked" when its read snapshot turns out to be stale at its first write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# ---------------------------------------------------------------------------
# Authentication, sessions, throttling
# ---------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before any check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's, with the signed-in user kept in the cache until the next write (thiduakt.backends).
    "thiduakt.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock per username, not per address: a commune office shares one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# Sessions expire after an idle period and when the browser closes. The idle clock is pushed
# forward at most once a SESSION_TOUCH_SECONDS (thiduakt.sessions), not by a write on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=120) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------------------
# Security headers (production hardening switches on with DEBUG off)
# ---------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("DJANGO_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# A strict policy: no inline scripts or styles anywhere, nothing from a CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# ---------------------------------------------------------------------------
# Language, time, formats
# ---------------------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "thiduakt" / "locale"]  # Django's own messages in plain Vietnamese
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thiduakt.formats"]
# Numbers get their "." grouping through |intcomma where they are figures;
# a global switch would also group years and ids ("2.024").
USE_THOUSAND_SEPARATOR = False

# ---------------------------------------------------------------------------
# Static files and uploads
# ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploads and generated files: outside every static path, and served only
# through permission-checked views (there is no MEDIA_URL route).
MEDIA_ROOT = Path(env("THIDUAKT_PRIVATE_ROOT", default=str(DATA_DIR / "private")))
MEDIA_URL = "/tep-rieng-khong-phuc-vu/"  # no route serves it; Django requires a value
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("THIDUAKT_UPLOAD_MAX_MB", default=20) * 1024 * 1024
SPREADSHEET_MAX_BYTES = env.int("THIDUAKT_SPREADSHEET_MAX_MB", default=10) * 1024 * 1024
SPREADSHEET_MAX_UNZIPPED_BYTES = env.int("THIDUAKT_SPREADSHEET_MAX_UNZIPPED_MB", default=200) * 1024 * 1024
# Each part of an xlsx once inflated (shared strings are held in memory whole, so tighter), and the ratio a
# part over 1 MB may inflate by; checked from the zip directory and again while inflating.
SPREADSHEET_MAX_PART_BYTES = env.int("THIDUAKT_SPREADSHEET_MAX_PART_MB", default=100) * 1024 * 1024
SPREADSHEET_MAX_SHARED_STRINGS_BYTES = env.int("THIDUAKT_SPREADSHEET_MAX_SHARED_STRINGS_MB", default=30) * 1024 * 1024
SPREADSHEET_MAX_COMPRESSION_RATIO = 200
# A sheet's data ends at the first run of this many empty rows; a row numbered past the ceiling before that is refused.
SPREADSHEET_MAX_EMPTY_ROWS = 50
SPREADSHEET_MAX_ROW_NUMBER = 200_001  # the header and 200,000 rows
# A spreadsheet import larger than this is read and checked by a background job (progress page), not in the request.
IMPORT_INLINE_MAX_BYTES = env.int("THIDUAKT_IMPORT_INLINE_MAX_KB", default=256) * 1024
AWARDS_INLINE_IMPORT_BYTES = IMPORT_INLINE_MAX_BYTES  # the award-history import reads it under this name
# How much memory one PDF layout may take (address space a layout process may grow by, RLIMIT_AS):
# past it the render fails with a Vietnamese job error and the worker lives on.
PDF_MEMORY_LIMIT_MB = env.int("THIDUAKT_PDF_MEMORY_LIMIT_MB", default=1500)

# ---------------------------------------------------------------------------
# Digital signatures (ký số) of decisions
# ---------------------------------------------------------------------------

# PEM files of the certificate authorities whose signers are trusted (the national root and the licensed
# CAs the province's tokens come from); an uploaded signed decision must chain to one of them. No network is
# used to check a certificate (no OCSP/CRL fetching). Empty: no signed decision can be verified.
SIGNATURE_TRUST_ROOTS = env.list("SIGNATURE_TRUST_ROOTS", default=[])
# A PKCS#12 key for signing on the server (units without tokens); empty: no server-side signing.
SIGNATURE_PKCS12_PATH = env("SIGNATURE_PKCS12_PATH", default="")
SIGNATURE_PKCS12_PASSWORD = env("SIGNATURE_PKCS12_PASSWORD", default="")

# ---------------------------------------------------------------------------
# E-mail and cache
# ---------------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="thiduakt <no-reply@thiduakt.local>")
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "thiduakt.cache.RedisCache"  # one client per pool, not per command
# The session and the signed-in user's row are read from the cache, not the database, at each request
# (thiduakt.session_store, thiduakt.backends) when every process sees the same cache: a shared one (Redis), or
# the development server's single process. A per-process cache under several processes would let a logout or a
# deactivation made in one be unseen by the others for up to a minute: there, both are read from the database.
CACHE_SIGNED_IN = DEBUG or not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = "thiduakt.session_store" if CACHE_SIGNED_IN else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = 60  # an entry's age in the cache at most
# Values kept until a table they were read from is written (thiduakt.write_cache): each write stamps its table in
# the cache. A shared cache (Redis) sees every process's stamps, compared across machines' clocks with a margin; a
# cache of each process's own cannot, so there every request that may have written forgets every value kept.
WRITE_CACHE_SHARED = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
WRITE_CACHE_MARGIN_SECONDS = env.float("WRITE_CACHE_MARGIN_SECONDS", default=0.25 if WRITE_CACHE_SHARED else 0.0)

# ---------------------------------------------------------------------------
# Background jobs (Celery)
# ---------------------------------------------------------------------------

# With no broker configured, kombu's filesystem transport carries job ids
# through a folder, so a worker runs without any server installed.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env("THIDUAKT_BROKER_DIR", default=str(DATA_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    # A broker that is down must never make a request hang.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="thiduakt")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Time limits of every task, in seconds: at the soft one the task gets an exception (a job fails with a
# message saying so and leaves no half-written file), at the hard one the process running it is killed.
# A job kind may set its own soft limit (job_kind(..., time_limit=...)) and keeps the same grace.
# Prefork pool only (the default pool; "--pool=solo" enforces no limit).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT + 60)
# Memory per render: a prefork child whose resident memory passed this (peak, in KiB) is replaced by a
# fresh process once its task ends, so that one huge render does not keep its memory for later jobs.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_MB", default=512) * 1024
# Heartbeats: a running job records that it is alive every JOB_HEARTBEAT_SECONDS; one silent for
# JOB_STALE_SECONDS lost its worker, and beat's jobs-requeue (every JOB_REQUEUE_SECONDS) sends it again:
# a job whose worker was killed runs again within JOB_STALE_SECONDS + JOB_REQUEUE_SECONDS (one minute).
JOB_HEARTBEAT_SECONDS = env.int("THIDUAKT_JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALE_SECONDS = env.int("THIDUAKT_JOB_STALE_SECONDS", default=40)
JOB_REQUEUE_SECONDS = env.int("THIDUAKT_JOB_REQUEUE_SECONDS", default=20)
JOB_MAX_ATTEMPTS = env.int("THIDUAKT_JOB_MAX_ATTEMPTS", default=3)
CELERY_BEAT_SCHEDULE = {
    "jobs-requeue": {"task": "thiduakt.tasks.jobs_requeue", "schedule": float(JOB_REQUEUE_SECONDS)},
    # Hourly; the service creates the monthly statistics report once per calendar month.
    "reports-monthly-statistics": {"task": "reports.tasks.monthly_statistics", "schedule": 3600.0},
    # Campaign report reminders: idempotent (stored reminders), so hourly runs tell each unit once.
    "campaigns-reminders": {"task": "campaigns.tasks.reminders_send", "schedule": 3600.0},
}

# ---------------------------------------------------------------------------
# Import / export
# ---------------------------------------------------------------------------

# The reason of every recorded change is kept whole (a reason typed in a form is up to REASON_LENGTH
# characters), not cut to simple-history's default 100-character column.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Lockouts are per username on purpose (a commune office shares one address);
# axes warns that address-only spraying is then not throttled by it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
