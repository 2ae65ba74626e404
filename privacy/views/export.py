"""The parents' "Your data" page and the download of everything about their family.

Parents only: staff, managers and admins answer 403 (they reach the data through their own
pages), anonymous users are sent to log in. There is no id in the URLs: a parent always
gets their own families, so there is nothing of another family to ask for.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts import access
from accounts.decorators import role_required
from privacy import export as exports

DAYS_PER_YEAR = 365


@role_required(access.is_guardian)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """What the organisation keeps about the family, why, who sees it, for how long, and
    the button to download it all."""
    families = list(exports.families_of(request.user).only("pk", "name"))
    days = settings.RETENTION_DAYS
    return render(
        request,
        "privacy/mine.html",
        {
            "families": families,
            "retention_days": days,
            "retention_years": round(days / DAYS_PER_YEAR) if days >= DAYS_PER_YEAR else None,
        },
    )


@role_required(access.is_guardian)
@require_GET
def export(request: HttpRequest) -> FileResponse:
    """One ZIP with every family of the user: one download answers the request for access,
    however the family is made up. Built in a temporary file, then streamed."""
    collected = exports.export_collect(request.user)
    if not collected.families:
        raise Http404  # every family of theirs was anonymised: nothing is kept to export
    archive = exports.export_archive(collected, language=get_language())
    response = FileResponse(archive, as_attachment=True, filename=collected.filename, content_type="application/zip")
    # Children's data must not stay in a shared device's cache or a proxy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
