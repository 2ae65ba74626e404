from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict:
    """The number of unread notifications for the bell in the navigation.

    Counted lazily: a page that does not show the navigation (an htmx fragment, an email)
    costs no query, and a page that does costs one, on the (recipient, read_at) index.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
