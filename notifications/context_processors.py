from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts import access
from config.expressions import KeptCount, counted, run_count
from notifications.models import Notification


def _unread(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def _unread_count_sql(user) -> tuple[str, tuple] | None:
    """The SQL that counts the user's unread notifications, compiled once (access.kept_sql)."""
    return access.kept_sql(user, ("unread_notifications",), lambda: counted(_unread(user)), scoped=False)


def with_unread_notifications(user, queryset: QuerySet) -> QuerySet:
    """`queryset` with the user's unread notifications counted in it (`unread_notifications`):
    a page that loads its object in one query can hand the bell's count to the template
    itself (its context comes before the processors'), so that the processor asks nothing."""
    return queryset.annotate(unread_notifications=KeptCount(_unread_count_sql(user)))


def unread_notifications(request: HttpRequest) -> dict:
    """The number of unread notifications for the bell in the navigation.

    Counted lazily: a page that does not show the navigation (an htmx fragment, an email)
    costs no query, and a page that does costs one, on the (recipient, read_at) index, unless
    the view counted it along (`with_unread_notifications`).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: run_count(_unread_count_sql(user)))}
