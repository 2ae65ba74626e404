import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import access

# Paths a staff member without two-factor authentication may still reach: the account
# pages (including the 2FA set-up itself), logging out, the language switch and health.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/language/")


class RequireMFAMiddleware:
    """Sends staff, managers and admins to the 2FA set-up until they have an authenticator.

    Only where settings.MFA_REQUIRED_FOR_STAFF is on (by default in production mode).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MFA_REQUIRED_FOR_STAFF and self._must_set_up_mfa(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_OPEN_PREFIXES):
            return False
        if not access.is_staff_member(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# The last time (epoch seconds) the user did something; written at most once a minute, so a
# busy user costs one session write a minute, not one per request.
SEEN_KEY = "samenspel_seen"
_TOUCH_EVERY_SECONDS = 60


def session_mark_seen(session) -> None:
    session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Logs a user out after a while without any request (settings.SESSION_IDLE_*).

    Staff work on shared computers at the group, so their limit is short; parents use their
    own phone. Checked on the server, whatever the cookie's lifetime ("remember me" or not).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        now = int(time.time())
        seen = request.session.get(SEEN_KEY)
        if isinstance(seen, int) and now - seen > _idle_seconds(request.user):
            logout(request)
            messages.info(
                request,
                _(
                    "You were away for a while, so you were logged out to keep the children's data safe. "
                    "Please log in again."
                ),
            )
            return
        if not isinstance(seen, int) or now - seen >= _TOUCH_EVERY_SECONDS:
            request.session[SEEN_KEY] = now


def _idle_seconds(user) -> int:
    if access.is_staff_member(user):
        return settings.SESSION_IDLE_MINUTES_STAFF * 60
    return settings.SESSION_IDLE_DAYS_PARENTS * 24 * 3600
