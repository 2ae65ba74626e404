"""CSV onboarding of an existing location: upload, check (a dry run), import, result.

The uploaded text waits in the user's session between the check and the import, so that
the file that was checked is the file that is imported; it leaves the session once imported
or cancelled, and with the session at logout. Nothing of its content is logged.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from accounts.decorators import role_required
from families.forms.onboarding import OnboardingUploadForm
from families.languages import LANGUAGE_CHOICES
from families.services import onboarding
from families.services.onboarding import ImportResult, onboarding_import

UPLOAD_KEY = "families.onboarding.upload"
RESULT_KEY = "families.onboarding.result"
# The report lists this many problems at most: enough to see what goes wrong in a file.
SHOWN_PROBLEMS = 500


@role_required(access.oversees_locations)
def onboarding_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = OnboardingUploadForm(request.POST, request.FILES, user=request.user)
    else:
        # A link from a location's card on the manager's home chooses that location: ?location=<id>.
        chosen = request.GET.get("location")
        form = OnboardingUploadForm(user=request.user, initial={"location": chosen} if chosen else None)
    if form.is_bound and form.is_valid():
        request.session[UPLOAD_KEY] = {
            "token": secrets.token_urlsafe(16),
            "location_id": form.cleaned_data["location"].pk,
            "file_name": request.FILES["file"].name[:200],
            "invite_guardians": form.cleaned_data["invite_guardians"],
            "text": form.cleaned_data["file"],
        }
        return redirect("families:onboarding_review")
    return render(
        request,
        "families/onboarding/upload.html",
        {
            "form": form,
            "columns": onboarding.COLUMNS,
            "languages": LANGUAGE_CHOICES,
            "max_rows": onboarding.MAX_ROWS,
        },
    )


@role_required(access.oversees_locations)
def onboarding_review(request: HttpRequest) -> HttpResponse:
    """The dry run's report; confirming it (POST) imports the file."""
    upload = request.session.get(UPLOAD_KEY)
    if upload is None:
        messages.info(request, _("Choose a file to import first."))
        return redirect("families:onboarding_upload")
    location = get_object_or_404(onboarding.onboarding_locations(request.user), pk=upload["location_id"])

    if request.method == "POST":
        if "cancel" in request.POST:
            del request.session[UPLOAD_KEY]
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("families:onboarding_upload")
        if request.POST.get("token") != upload["token"]:
            # Another tab uploaded another file since this report was shown.
            messages.warning(request, _("Another file was uploaded meanwhile. Please check this report again."))
            return redirect("families:onboarding_review")
    dry_run = request.method != "POST"
    try:
        result = onboarding_import(
            location=location,
            file=upload["text"],
            user=request.user,
            dry_run=dry_run,
            invite_guardians=upload["invite_guardians"],
        )
    except ValidationError as error:
        del request.session[UPLOAD_KEY]
        for message in error.messages:
            messages.error(request, message)
        return redirect("families:onboarding_upload")
    if result.saved:
        del request.session[UPLOAD_KEY]
        request.session[RESULT_KEY] = {"location_id": location.pk, **result.summary()}
        return redirect("families:onboarding_result")
    return render(
        request,
        "families/onboarding/review.html",
        {
            "location": location,
            "upload": upload,
            "result": result,
            "problems": result.problems[:SHOWN_PROBLEMS],
            "hidden_problems": max(0, len(result.problems) - SHOWN_PROBLEMS),
        },
    )


@role_required(access.oversees_locations)
@require_GET
def onboarding_result(request: HttpRequest) -> HttpResponse:
    summary = request.session.get(RESULT_KEY)
    if summary is None:
        return redirect("families:onboarding_upload")
    location = get_object_or_404(onboarding.onboarding_locations(request.user), pk=summary["location_id"])
    return render(
        request,
        "families/onboarding/result.html",
        {
            "location": location,
            "result": ImportResult.from_summary(summary),
            "groups": location.groups.filter(is_active=True).order_by("name"),
        },
    )


@role_required(access.oversees_locations)
@require_GET
def onboarding_example(request: HttpRequest) -> HttpResponse:
    """An example file to start from: Dutch or English headers (`?headers=nl|en`, else the UI language)."""
    headers = request.GET.get("headers") or get_language()[:2]
    dutch = headers != "en"
    response = HttpResponse(onboarding.example_csv(dutch=dutch), content_type="text/csv; charset=utf-8")
    file_name = "samenspel-voorbeeld.csv" if dutch else "samenspel-example.csv"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


urlpatterns = [
    path("onboarding/", onboarding_upload, name="onboarding_upload"),
    path("onboarding/check/", onboarding_review, name="onboarding_review"),
    path("onboarding/done/", onboarding_result, name="onboarding_result"),
    path("onboarding/example.csv", onboarding_example, name="onboarding_example"),
]
