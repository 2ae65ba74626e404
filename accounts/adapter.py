import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are made by an admin or a professional and activated through an
        # emailed password-set link; nobody signs up on their own.
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Parents with unanswered consents are asked for them first, once per session."""
        # Imported here: the accounts app does not depend on families at import time.
        from families.views.consents import consent_question_url

        return consent_question_url(request) or super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Staff sent to set up two-factor authentication right after logging in need not
        type their password a second time; every later sensitive change still asks for it."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        request = self.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or Authenticator.objects.filter(user=user).exists():
            return required
        return not any(
            record.get("method") == "password"
            and time.time() - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
            for record in get_authentication_records(request, user)
        )
