from django.http import HttpRequest

from accounts import access


def navigation(request: HttpRequest) -> dict:
    """The role the navigation is for, and the key base.html caches the navigation under:
    everything it shows of the user (the unread counts and the language come on top)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None, "nav_key": ("anonymous",)}
    role = access.home_role(user)
    return {"nav_role": role, "nav_key": (role, user.is_staff, user.first_name, user.email)}


def csp_nonce(request: HttpRequest) -> dict:
    # django-htmx's {% htmx_script %} looks for `csp_nonce`; django-csp sets it on the request.
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
