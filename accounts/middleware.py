from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

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
