"""Strict readers for settings that come from the environment.

A value that cannot be parsed stops start-up with a message naming the variable,
instead of silently falling back to a default.
"""

import os
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def database_from_url(name: str, url: str) -> dict:
    scheme = urlsplit(url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise ImproperlyConfigured(f"{name} must start with postgres:// or sqlite:///, not {scheme or 'nothing'}://.")
    config = environ.Env.db_url_config(url)
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host:5432/samenspel.")
    return config


def redis_url(name: str) -> str | None:
    value = _raw(name)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must look like redis://host:6379/0, not {value!r}.")
    try:
        parts.port  # noqa: B018 - raises on a non-numeric port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {value!r}.") from None
    return value


def email_from_url(name: str, url: str) -> dict:
    scheme = urlsplit(url).scheme
    if scheme not in ("smtp", "smtps", "smtp+tls", "smtp+ssl", "consolemail"):
        raise ImproperlyConfigured(f"{name} must start with smtp://, smtps:// or consolemail://, not {url!r}.")
    return environ.Env.email_url_config(url)
