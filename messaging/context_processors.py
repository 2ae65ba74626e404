from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts import access


def unread_messages(request: HttpRequest) -> dict:
    """The number of unread messages for the navigation, for parents and professionals.

    Counted lazily: a page that does not show the navigation (an htmx fragment, an email)
    costs no query, and one that does costs one, unless the view put its own `unread_messages`
    in the context (a view's context comes before the processors'; the child page counts it
    with the child's unread messages). Managers and admins read conversations along without
    writing in them, so they have no count.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not (access.is_guardian(user) or access.is_professional(user)):
            return 0
        from messaging.selectors import unread_count

        return unread_count(user)

    return {"unread_messages": SimpleLazyObject(count)}
