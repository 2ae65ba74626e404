"""Samenspel settings: one file, fed by the environment.

With nothing set this is the embedded local mode: SQLite in the project folder, Celery
tasks run eagerly in-process, mail printed to the console, DEBUG on. Production differs
only by environment values (SAMENSPEL_ENV=production, DATABASE_URL, REDIS_URL, ...);
see the README for the full list.
"""

import re
from datetime import time
from importlib.util import find_spec
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    database_from_url,
    email_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

SAMENSPEL_ENV = env_choice("SAMENSPEL_ENV", "local", ("local", "production"))
PRODUCTION = SAMENSPEL_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when SAMENSPEL_ENV=production.")

_LOCAL_SECRET_KEY = "local-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105 - local mode only, refused in production
SECRET_KEY = env_str("SECRET_KEY", default=None if PRODUCTION else _LOCAL_SECRET_KEY)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when SAMENSPEL_ENV=production.")
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY == _LOCAL_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when SAMENSPEL_ENV=production, e.g. samenspel.example.nl.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# Where password-set and reset links in emails point to.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "csp",
    "accounts",
    "groups",
    "families",
    "contacts",
    "notifications",
    "photos",
    "messaging",
    "portfolios",
    "activities",
    "auditlog",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.csp_nonce",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
                "messaging.context_processors.unread_messages",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url("DATABASE_URL", _database_url)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planner settings for this app's short queries, per connection (a server's own settings
    # stay as they are for other databases; `DATABASE_PLANNER_OPTIONS` replaces these):
    # - jit=off: the JIT compiles the dashboards' correlated subqueries for seconds per query
    #   that runs in milliseconds;
    # - random_page_cost=1.1: the default 4 assumes spinning disks and makes the planner scan
    #   whole tables where an index reads a few rows (the location page's parents' view).
    # BENCHMARKS.md has the measurements.
    _planner = env_str("DATABASE_PLANNER_OPTIONS", default="-c jit=off -c random_page_cost=1.1")
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = f"{_pg_options.get('options', '')} {_planner}".strip()
    # Prepared statements (psycopg 3): a query a connection runs for the sixth time is
    # prepared, and PostgreSQL stops planning it anew on each run. Planning was most of the
    # key pages' SQL time (BENCHMARKS.md). They need the parameters bound by the server.
    # Off for a connection pooler in transaction mode, which cannot keep them.
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        _pg_options["server_side_binding"] = True
        _pg_options["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions, caches and login rate limits live in the database on purpose: the web app
# must keep working when Redis is down or hangs.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samenspel_cache",
    },
    # Rendered rows of list pages, in each process's memory, under a key made of everything
    # the row shows ({% cache ... using="fragments" %}): a changed input is a new key, so
    # nothing here needs to be invalidated or shared between processes.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samenspel-fragments",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Invitation and password-reset links stay valid for three days.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600, minimum=600)

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samenspel] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samenspel"
# Staff, managers and admins must set up two-factor authentication before they can work.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=PRODUCTION)

# --- Background work --------------------------------------------------------

REDIS_URL = redis_url("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without Redis, tasks run in-process at the moment they are queued.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request never waits long on a hung or absent broker: short socket timeouts, no retries.
BROKER_TIMEOUT_SECONDS = 2
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "max_retries": 0,
    "retry_on_timeout": False,
    "health_check_interval": 30,
}
CELERY_TIMEZONE = "Europe/Amsterdam"

# --- Mail -------------------------------------------------------------------

_email_url = env_str("EMAIL_URL")
if _email_url:
    _email = email_from_url("EMAIL_URL", _email_url)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Samenspel <noreply@samenspel.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "samenspel_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files and front-end ----------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from the bootstrap-wrapper package on PyPI (its files are served under
# static/bootstrap/...); htmx comes with django-htmx. Nothing third-party is copied here.
_bootstrap = find_spec("bootstrap")
STATICFILES_DIRS = [BASE_DIR / "static"]
if _bootstrap and _bootstrap.submodule_search_locations:
    STATICFILES_DIRS.append(("bootstrap", next(iter(_bootstrap.submodule_search_locations))))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Photos of children (messages, portfolio) live here, outside MEDIA_ROOT: no web server
# serves them; a view does, after checking who asks.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_NAME = "samenspel_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers check /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logging: ids only, never personal data ------------------------------------

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Samenspel ----------------------------------------------------------------

# After a child's last placement ended, its parents keep reading what was shared with them
# for this many days; then they lose access to that child.
GUARDIAN_ACCESS_GRACE_DAYS = env_int("GUARDIAN_ACCESS_GRACE_DAYS", default=30, minimum=0)

# The demo data's shared password; printed by `make run`, never used in production.
DEMO_PASSWORD = "samenspel-demo"  # noqa: S105 - demo logins, printed by make run

# Contact moments: a child without an agreed routine is due for contact this often, and a
# family is "out of sight" when its last contact is older than the routine plus this margin.
CONTACT_DEFAULT_EVERY_WEEKS = env_int("CONTACT_DEFAULT_EVERY_WEEKS", default=6, minimum=1)
CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS = env_int("CONTACT_OUT_OF_SIGHT_MARGIN_WEEKS", default=2, minimum=0)
# The daily reminders (mentors' digest, conversations tomorrow, agreements due) go out at
# this hour, Amsterdam time.
REMINDERS_DAILY_HOUR = env_int("REMINDERS_DAILY_HOUR", default=7, minimum=0)
# Parents who have added nothing to their child's portfolio (no entry, no response) for this
# many weeks get a gentle reminder, once per such period; 0 turns it off.
PORTFOLIO_VIEW_REMINDER_WEEKS = env_int("PORTFOLIO_VIEW_REMINDER_WEEKS", default=6, minimum=0)
# Parents whose home activity of this week is still open get one gentle reminder on this
# weekday (0 is Monday … 6 is Sunday; mid-week by default).
HOME_ACTIVITY_REMINDER_WEEKDAY = int(
    env_choice("HOME_ACTIVITY_REMINDER_WEEKDAY", "2", ("0", "1", "2", "3", "4", "5", "6"))
)
# Location managers get a weekly digest of the groups that need attention on this weekday
# (0 is Monday … 6 is Sunday).
MANAGER_DIGEST_WEEKDAY = int(env_choice("MANAGER_DIGEST_WEEKDAY", "0", ("0", "1", "2", "3", "4", "5", "6")))
# Notification emails: a worker holds an email this long while sending it (longer than the
# task's time limit); the sweeper hands out emails not sent yet, at most this many times
# and for this many days after the email was due.
NOTIFICATION_EMAIL_CLAIM_SECONDS = env_int("NOTIFICATION_EMAIL_CLAIM_SECONDS", default=300, minimum=90)
NOTIFICATION_EMAIL_MAX_ATTEMPTS = env_int("NOTIFICATION_EMAIL_MAX_ATTEMPTS", default=6, minimum=1)
NOTIFICATION_EMAIL_MAX_AGE_DAYS = env_int("NOTIFICATION_EMAIL_MAX_AGE_DAYS", default=3, minimum=1)
# Messages and announcements are emailed this many minutes after they were sent, and only
# when still unread then: one email covers whatever arrived meanwhile.
MESSAGE_EMAIL_DELAY_MINUTES = env_int("MESSAGE_EMAIL_DELAY_MINUTES", default=10, minimum=1)


def _env_percent(name: str, default: int) -> int:
    """A whole percentage from 0 to 100."""
    value = env_int(name, default=default, minimum=0)
    if value > 100:
        raise ImproperlyConfigured(f"{name} must be a percentage from 0 to 100, not {value}.")
    return value


# The managers' dashboard marks a group's figure as needing attention below these minimum
# percentages or above these maximum counts (see groups/indicators.py for the definitions).
DASHBOARD_ROUTINE_KEPT_MIN_PCT = _env_percent("DASHBOARD_ROUTINE_KEPT_MIN_PCT", 80)
DASHBOARD_OVERDUE_MAX = env_int("DASHBOARD_OVERDUE_MAX", default=2, minimum=0)
DASHBOARD_INTAKES_COMPLETED_MIN_PCT = _env_percent("DASHBOARD_INTAKES_COMPLETED_MIN_PCT", 90)
DASHBOARD_PARENT_VIEW_MIN_PCT = _env_percent("DASHBOARD_PARENT_VIEW_MIN_PCT", 50)
DASHBOARD_TAKE_UP_MIN_PCT = _env_percent("DASHBOARD_TAKE_UP_MIN_PCT", 50)
DASHBOARD_SESSION_ATTENDANCE_MIN_PCT = _env_percent("DASHBOARD_SESSION_ATTENDANCE_MIN_PCT", 50)
DASHBOARD_OUT_OF_SIGHT_MAX = env_int("DASHBOARD_OUT_OF_SIGHT_MAX", default=0, minimum=0)

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _env_hours(name: str, default: str) -> tuple[time, time]:
    """Working hours such as 07:30-18:00 as (start, end): the end is not included; 24:00 is midnight."""
    value = env_str(name, default=default)
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)\s*-\s*(?:([01]?\d|2[0-3]):([0-5]\d)|(24:00))", value)
    if match:
        start = time(int(match[1]), int(match[2]))
        end = time.max if match[5] else time(int(match[3]), int(match[4]))
        if start < end:
            return start, end
    raise ImproperlyConfigured(
        f"{name} must be a start and end time on one day like 07:30-18:00 (24:00 for midnight), not {value!r}."
    )


def _env_weekdays(name: str, default: str) -> frozenset[int]:
    """Working days such as mon-fri or mon,wed,fri (ranges and lists may mix) as Python weekday numbers."""
    value = env_str(name, default=default)
    days: set[int] = set()
    for part in value.lower().split(","):
        ends = [end.strip() for end in part.split("-")]
        if not 1 <= len(ends) <= 2 or any(end not in _WEEKDAYS for end in ends):
            raise ImproperlyConfigured(f"{name} must list weekdays like mon-fri or mon,tue,thu, not {value!r}.")
        first, last = _WEEKDAYS.index(ends[0]), _WEEKDAYS.index(ends[-1])
        if last < first:
            raise ImproperlyConfigured(f"{name} has a range that runs backwards: {part.strip()!r}.")
        days.update(range(first, last + 1))
    return frozenset(days)


# Staff get no notification emails outside these hours and days (Amsterdam time): what
# comes up meanwhile waits for the next start of working hours. Parents have no quiet hours.
STAFF_EMAIL_HOURS = _env_hours("STAFF_EMAIL_HOURS", "07:30-18:00")
STAFF_EMAIL_DAYS = _env_weekdays("STAFF_EMAIL_DAYS", "mon-fri")
# Photos (messages, portfolio): uploads larger than this many bytes or pixels are refused
# before decoding; what we keep is re-encoded as JPEG of at most PHOTO_MAX_SIDE pixels on
# its longest side, plus a thumbnail of at most PHOTO_THUMBNAIL_SIDE.
PHOTO_MAX_UPLOAD_BYTES = env_int("PHOTO_MAX_UPLOAD_BYTES", default=15 * 1024 * 1024, minimum=1024 * 1024)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", default=40_000_000, minimum=1_000_000)
PHOTO_MAX_SIDE = env_int("PHOTO_MAX_SIDE", default=2048, minimum=320)
PHOTO_THUMBNAIL_SIDE = env_int("PHOTO_THUMBNAIL_SIDE", default=480, minimum=64)

# --- Privacy --------------------------------------------------------------------

# The audit trail (django-auditlog) records who changed what; never the IP address.
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_STORE_JSON_CHANGES = True
# A masked field (notes: see privacy.audit) is kept as a fixed marker, never half its text.
AUDITLOG_MASK_CALLABLE = "privacy.audit.mask_text"
# After a child's last placement ended, the child's data is kept this many days, then the
# scheduled retention task anonymises it (the figures on the dashboards stay).
RETENTION_DAYS = env_int("RETENTION_DAYS", default=730, minimum=30)
# Hour (Amsterdam time) of the nightly retention task.
RETENTION_HOUR = env_int("RETENTION_HOUR", default=3, minimum=0)
# A session ends after this much inactivity: staff work on shared computers at the group,
# parents on their own phone.
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", default=120, minimum=5)
SESSION_IDLE_DAYS_PARENTS = env_int("SESSION_IDLE_DAYS_PARENTS", default=14, minimum=1)
# The cookie (with "remember me") lives as long as the longest idle limit; the server ends it sooner.
SESSION_COOKIE_AGE = SESSION_IDLE_DAYS_PARENTS * 24 * 3600

# bench/run.py turns this on for its gunicorn: adds bench/plain/, a bare view as the baseline.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", default=False)
