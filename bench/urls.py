"""The benchmark's baseline: a bare view that returns a short text.

Included from config/urls.py only when BENCH_BARE_VIEW=1 (bench/run.py sets it for its
gunicorn); never in tests or production. It passes the whole middleware stack like any page
(a logged-in request loads the session and the user), and does nothing else.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("plain/", plain, name="bench_plain")]
