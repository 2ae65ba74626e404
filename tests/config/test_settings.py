"""Settings from the environment: strict parsing, safe production values, a working local default.

Each case starts Django in a fresh interpreter with a clean environment, the way a server
starts: a bad value must stop start-up with a message naming the variable. The interpreters
run side by side (one module-scoped fixture) to keep the suite fast.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = PROJECT_ROOT / "config" / "settings.py"

SETUP = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()"
SHOW_SETTINGS = (
    SETUP
    + """
import json
from django.conf import settings as s
from config.celery import app
database = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "CELERY_TASK_ALWAYS_EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "app_always_eager": app.conf.task_always_eager,
    "broker_url": app.conf.broker_url,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "MFA_REQUIRED_FOR_STAFF": s.MFA_REQUIRED_FOR_STAFF,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SESSION_ENGINE": s.SESSION_ENGINE,
    "CACHE_BACKEND": s.CACHES["default"]["BACKEND"],
    "DB_OPTIONS": database.get("OPTIONS", {}),
}))
"""
)
# The login page as a browser gets it in production mode: its security headers and cookies.
# (A throwaway SQLite database, migrated here; static files from the finders, since
# collectstatic has not run: that changes nothing about headers or cookies.)
LOGIN_HEADERS = (
    SETUP
    + """
import json
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from accounts.models import User
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
User.objects.create_user(email="ouder@example.nl", password="een-lang-wachtwoord-1")
with override_settings(
    STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
              "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    WHITENOISE_USE_FINDERS=True,
):
    client = Client(HTTP_HOST="samenspel.example.nl")
    page = client.get("/accounts/login/", secure=True)
    login = client.post(
        "/accounts/login/", {"login": "ouder@example.nl", "password": "een-lang-wachtwoord-1"}, secure=True
    )
def cookies(response):
    return {
        name: {key: str(value) for key, value in morsel.items() if value}
        for name, morsel in response.cookies.items()
    }
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "cookies": cookies(page),
    "login_status": login.status_code,
    "login_cookies": cookies(login),
    "plain_http": Client(HTTP_HOST="samenspel.example.nl").get("/accounts/login/").status_code,
}))
"""
)
PRODUCTION_SECRET_KEY = secrets.token_urlsafe(60)
PRODUCTION = {
    "SAMENSPEL_ENV": "production",
    "SECRET_KEY": PRODUCTION_SECRET_KEY,
    "ALLOWED_HOSTS": "samenspel.example.nl",
}


def _settings_variables() -> set[str]:
    """Every variable config/settings.py reads, so that none leaks in from the test's own environment."""
    return set(re.findall(r"""(?:env_\w+|redis_url)\(\s*["']([A-Z0-9_]+)["']""", SETTINGS_FILE.read_text()))


def _clean_env(**values: str) -> dict[str, str]:
    # DJANGO_* too: e.g. DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set, fails `check --deploy`.
    left_out = _settings_variables() | {"DATABASE_URL", "REDIS_URL"}
    environment = {
        name: value for name, value in os.environ.items() if name not in left_out and not name.startswith("DJANGO_")
    }
    return {**environment, **values}


# name: (environment, the variable the message must name)
BAD_VALUES = {
    "debug-not-a-boolean": ({"DEBUG": "maybe"}, "DEBUG"),
    "database-url-mysql": ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    "redis-url-http": ({"REDIS_URL": "http://x"}, "REDIS_URL"),
    "unknown-environment": ({"SAMENSPEL_ENV": "staging"}, "SAMENSPEL_ENV"),
    "production-without-secret-key": ({**PRODUCTION, "SECRET_KEY": ""}, "SECRET_KEY"),
    "production-with-a-short-secret-key": ({**PRODUCTION, "SECRET_KEY": "too-short"}, "SECRET_KEY"),
    "production-without-allowed-hosts": ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    "production-with-debug-on": ({**PRODUCTION, "DEBUG": "true"}, "DEBUG"),
    "conn-max-age-not-a-number": ({"DATABASE_CONN_MAX_AGE": "abc"}, "DATABASE_CONN_MAX_AGE"),
    "prepared-statements-not-a-boolean": (
        {"DATABASE_URL": "postgres://db.example.nl/samenspel", "DATABASE_PREPARED_STATEMENTS": "sometimes"},
        "DATABASE_PREPARED_STATEMENTS",
    ),
}

RUNS = {
    **{name: ([sys.executable, "-c", SETUP], environment) for name, (environment, _) in BAD_VALUES.items()},
    "local": ([sys.executable, "-c", SHOW_SETTINGS], {}),
    "production": (
        [sys.executable, "-c", SHOW_SETTINGS],
        {
            **PRODUCTION,
            "DATABASE_URL": "postgres://samenspel:secret@db.example.nl:5432/samenspel",
            "REDIS_URL": "redis://redis.example.nl:6379/0",
            "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.nl:587",
        },
    ),
    "production-behind-a-pooler": (
        [sys.executable, "-c", SHOW_SETTINGS],
        {
            **PRODUCTION,
            "DATABASE_URL": "postgres://samenspel:secret@db.example.nl:5432/samenspel",
            "DATABASE_PREPARED_STATEMENTS": "off",
        },
    ),
    "check-deploy": ([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION),
    "login-headers": (
        [sys.executable, "-c", LOGIN_HEADERS],
        {**PRODUCTION, "DATABASE_URL": "sqlite:///{tmp}/login-headers.sqlite3"},
    ),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Start every interpreter at once, then collect what each printed."""
    tmp = tmp_path_factory.mktemp("settings")
    started = {
        name: subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=_clean_env(**{key: value.replace("{tmp}", str(tmp)) for key, value in environment.items()}),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (command, environment) in RUNS.items()
    }
    finished = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=120)
        finished[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return finished


@pytest.mark.parametrize(("case", "variable"), [(name, variable) for name, (_, variable) in BAD_VALUES.items()])
def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable(runs, case, variable):
    result = runs[case]

    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert re.search(rf"\b{variable}\b", message), message


def test_the_production_check_passes_without_warnings(runs):
    result = runs["check-deploy"]

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "security.W" not in result.stdout + result.stderr


def test_the_login_page_in_production_sends_the_security_headers_and_safe_cookies(runs):
    result = runs["login-headers"]
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    headers = values["headers"]

    assert values["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = dict(directive.strip().split(" ", 1) for directive in headers["Content-Security-Policy"].split(";"))
    assert re.fullmatch(r"'self' 'nonce-[\w+/=-]+'", policy["script-src"]), policy["script-src"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert {"secure": "True", "httponly": "True", "samesite": "Lax"}.items() <= values["cookies"]["csrftoken"].items()
    # Logging in sets the session cookie: never readable by scripts, never sent over plain HTTP.
    assert values["login_status"] == 302
    session = values["login_cookies"]["samenspel_session"]
    assert {"secure": "True", "httponly": "True", "samesite": "Lax"}.items() <= session.items()
    assert values["plain_http"] == 301


def test_with_nothing_set_it_runs_in_local_mode(runs):
    result = runs["local"]
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(values["NAME"]) == PROJECT_ROOT / "db.sqlite3"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["app_always_eager"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["MFA_REQUIRED_FOR_STAFF"] is False


def test_production_values_switch_to_postgresql_redis_and_smtp(runs):
    result = runs["production"]
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["DEBUG"] is False
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "samenspel"
    assert values["CONN_MAX_AGE"] == 60
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["broker_url"] == "redis://redis.example.nl:6379/0"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["MFA_REQUIRED_FOR_STAFF"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["ALLOWED_HOSTS"] == ["samenspel.example.nl"]
    # The planner settings BENCHMARKS.md measured, on every connection.
    assert values["DB_OPTIONS"]["options"] == "-c jit=off -c random_page_cost=1.1"
    # Prepared statements, which need the parameters bound by the server.
    assert values["DB_OPTIONS"]["server_side_binding"] is True
    assert values["DB_OPTIONS"]["prepare_threshold"] == 5


def test_prepared_statements_can_be_switched_off_for_a_connection_pooler(runs):
    result = runs["production-behind-a-pooler"]
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["DB_OPTIONS"]

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
    assert options["options"] == "-c jit=off -c random_page_cost=1.1"


def test_sqlite_gets_no_postgresql_planner_options(runs):
    assert "options" not in json.loads(runs["local"].stdout)["DB_OPTIONS"]


@pytest.mark.parametrize("mode", ["local", "production"])
def test_sessions_and_caches_do_not_depend_on_redis(runs, mode):
    values = json.loads(runs[mode].stdout)
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_clean_environment_leaves_out_every_variable_the_settings_read():
    assert {"SAMENSPEL_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_CONN_MAX_AGE"} <= _settings_variables()


# --- The strict readers themselves (in-process, fast) ------------------------------------------


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda: env.env_bool("X_FLAG", default=False), "perhaps"),
        (lambda: env.env_int("X_NUMBER", default=0), "1.5"),
        (lambda: env.env_int("X_NUMBER", default=0, minimum=0), "-1"),
        (lambda: env.env_choice("X_NUMBER", "a", ("a", "b")), "c"),
        (lambda: env.redis_url("X_URL"), "redis://localhost:port/0"),
        (lambda: env.redis_url("X_URL"), "redis:///0"),
        (lambda: env.database_from_url("X_URL", "postgres://user@host:5432/"), None),
        (lambda: env.email_from_url("X_URL", "ftp://mail.example.nl"), None),
    ],
)
def test_a_reader_refuses_a_bad_value(monkeypatch, reader, value):
    for name in ("X_FLAG", "X_NUMBER", "X_URL"):
        monkeypatch.setenv(name, value or "")

    with pytest.raises(ImproperlyConfigured, match="X_"):
        reader()


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("Yes", True), ("on", True), ("0", False), ("OFF", False)]
)
def test_a_boolean_accepts_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("X_FLAG", value)
    assert env.env_bool("X_FLAG", default=not expected) is expected


def test_an_empty_value_means_the_default(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "  ")
    assert env.env_int("X_NUMBER", default=7) == 7


def test_a_list_is_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example.nl, ,b.example.nl ")
    assert env.env_list("X_LIST", default=[]) == ["a.example.nl", "b.example.nl"]
