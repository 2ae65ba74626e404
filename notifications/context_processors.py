from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from config.expressions import count_of
from notifications.models import Notification


def _unread(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def with_unread_notifications(user, queryset: QuerySet) -> QuerySet:
    """`queryset` with the user's unread notifications counted in it (`unread_notifications`):
    a page that loads its object in one query can hand the bell's count to the template
    itself (its context comes before the processors'), so that the processor asks nothing."""
    return queryset.annotate(unread_notifications=count_of(_unread(user)))


def unread_notifications(request: HttpRequest) -> dict:
    """The number of unread notifications for the bell in the navigation.

    Counted lazily: a page that does not show the navigation (an htmx fragment, an email)
    costs no query, and a page that does costs one, on the (recipient, read_at) index, unless
    the view counted it along (`with_unread_notifications`).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: _unread(user).count())}
