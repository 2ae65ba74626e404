from django.http import HttpRequest

from accounts import access


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None}
    return {"nav_role": access.home_role(user)}


def csp_nonce(request: HttpRequest) -> dict:
    # django-htmx's {% htmx_script %} looks for `csp_nonce`; django-csp sets it on the request.
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
