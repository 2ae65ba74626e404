import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "down"
    return "ok"


def _broker_state() -> str:
    """Ping Redis with a short timeout: a hung broker must not hang the health check."""
    if not settings.REDIS_URL:
        return "in-process"
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return "down"
    finally:
        client.close()
    return "ok"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; the broker's state is reported, not required."""
    database = _database_state()
    body = {"status": "ok" if database == "ok" else "error", "database": database, "broker": _broker_state()}
    return JsonResponse(body, status=200 if database == "ok" else 503)
