from allauth.account.signals import user_logged_in
from django.conf import settings
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.dispatch import receiver

from accounts.middleware import session_mark_seen


@receiver(user_logged_in)
def use_preferred_language(sender, request, user, response=None, **kwargs) -> None:
    """After login, show the app in the language the user chose before, on any device."""
    if response is not None and user.preferred_language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=365 * 24 * 3600,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )


@receiver(django_user_logged_in)
def start_the_idle_clock(sender, request, user, **kwargs) -> None:
    """A fresh login counts as activity (accounts.middleware.IdleSessionMiddleware)."""
    if request is not None and hasattr(request, "session"):
        session_mark_seen(request.session)
