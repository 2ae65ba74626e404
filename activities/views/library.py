"""The activity library for staff: search and filter, read an activity in Dutch or in one of
its translations, write it in Dutch, translate it beside the Dutch text, publish it.

Staff (access.can_edit_library) read and write the whole library: it belongs to the
organisation, not to a group. Parents get 403 here: they read activities only as handed to
them (the home activities). An activity's picture is served to staff, and to parents to
whom the activity was handed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from activities import selectors
from activities.library_forms import ActivityForm, TranslationForm, add_service_errors
from activities.models import MASTER_LANGUAGE, Activity, ActivityText, HomeActivity
from activities.services import library as services
from activities.texts import is_rtl, steps_of, text_in
from photos.views import serve_private

PAGE_SIZE = 25


def _activity(activity_id) -> Activity:
    return get_object_or_404(selectors.activity_for_detail(activity_id))


def _language(language: str) -> str:
    if language not in selectors.LANGUAGE_NAMES:
        raise Http404
    return language


def _number(value: str) -> int | None:
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return int(value) if value.isdecimal() else None


def _filters(request: HttpRequest) -> selectors.LibraryFilters:
    theme_id, goal_id = _number(request.GET.get("theme", "")), _number(request.GET.get("goal", ""))
    age = _number(request.GET.get("age", "").strip())
    return selectors.LibraryFilters(
        search=request.GET.get("q", "").replace("\x00", "").strip()[:100],  # PostgreSQL refuses NUL
        theme=selectors.active_themes().filter(pk=theme_id).first() if theme_id is not None else None,
        goal=selectors.active_goals().filter(pk=goal_id).first() if goal_id is not None else None,
        age_months=age if age is not None and age <= services.MAX_AGE_MONTHS else None,
    )


@role_required(access.can_edit_library)
def library_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(selectors.library(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    wanted = selectors.wanted_languages()
    rows = [(activity, selectors.translation_states(activity, wanted)) for activity in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/library/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "themes": list(selectors.active_themes()),
            "goals": list(selectors.active_goals()),
            "query": query.urlencode(),
        },
    )


def _save_activity(request: HttpRequest, form: ActivityForm, activity: Activity | None) -> Activity | None:
    data = form.cleaned_data
    fields = {
        **{name: data.get(name, "") for name in ActivityText.TEXT_FIELDS},
        "by": request.user,
        "goals": data["goals"],
        "theme": data["theme"],
        "age_from_months": data["age_from_months"],
        "age_to_months": data["age_to_months"],
        "duration_minutes": data["duration_minutes"],
        "picture": data.get("picture"),
    }
    try:
        if activity is None:
            return services.activity_create(**fields)
        return services.activity_edit(activity=activity, remove_picture=data.get("remove_picture", False), **fields)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@role_required(access.can_edit_library)
def activity_new(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(request, form, None)
        if activity is not None:
            messages.success(request, _("The activity is saved as a draft. Publish it when it is ready."))
            return redirect("activities:activity_detail", activity_id=activity.pk)
    return render(request, "activities/library/form.html", {"form": form, "activity": None})


@role_required(access.can_edit_library)
def activity_edit(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity(activity_id)
    form = ActivityForm(
        request.POST or None, request.FILES or None, activity=activity, initial=ActivityForm.initial_for(activity)
    )
    if request.method == "POST" and form.is_valid() and _save_activity(request, form, activity) is not None:
        messages.success(request, _("Your changes were saved."))
        return redirect("activities:activity_detail", activity_id=activity.pk)
    return render(request, "activities/library/form.html", {"form": form, "activity": activity})


@role_required(access.can_edit_library)
def activity_detail(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity(activity_id)
    translate = request.GET.get("translate", "")
    if translate:
        # The "translate into another language" choice, which works without JavaScript.
        return redirect("activities:translation_edit", activity_id=activity.pk, language=_language(translate))
    translations = list(activity.translations.all())
    states = selectors.translation_states(activity, selectors.wanted_languages())
    listed = {state.language for state in states}
    language = request.GET.get("lang", MASTER_LANGUAGE)
    if language not in {translation.language for translation in translations}:
        language = MASTER_LANGUAGE
    text = text_in(activity, language)
    return render(
        request,
        "activities/library/detail.html",
        {
            "activity": activity,
            "goals": list(activity.goals.all()),
            "text": text,
            "steps": steps_of(text),
            "materials": [line.strip() for line in text.materials.splitlines() if line.strip()],
            "language": language,
            "language_name": selectors.LANGUAGE_NAMES.get(language, _("Dutch")),
            "rtl": is_rtl(language),
            "states": states,
            "switch_languages": [(state.language, state.name) for state in states if state.translation],
            "other_languages": [(code, name) for code, name in selectors.LANGUAGE_NAMES.items() if code not in listed],
        },
    )


@role_required(access.can_edit_library)
@require_POST
def activity_publish(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity(activity_id)
    published = request.POST.get("published") == "1"
    services.activity_publish(activity=activity, by=request.user, published=published)
    if published:
        messages.success(request, _("The activity is published: it can be handed out to parents."))
    else:
        messages.success(request, _("The activity is a draft again: it can no longer be handed out."))
    return redirect("activities:activity_detail", activity_id=activity.pk)


@role_required(access.can_edit_library)
def translation_edit(request: HttpRequest, activity_id, language: str) -> HttpResponse:
    activity = _activity(activity_id)
    language = _language(language)
    translation = activity.translations.filter(language=language).first()
    initial = {name: getattr(translation, name) for name in ActivityText.TEXT_FIELDS} if translation else {}
    form = TranslationForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(activity=activity, language=language, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The %(language)s translation is saved.") % {"language": selectors.LANGUAGE_NAMES[language]}
            )
            return redirect(reverse("activities:activity_detail", args=[activity.pk]) + f"?lang={language}")
    rows = [(form[name], getattr(activity, name), name != "title") for name in ActivityText.TEXT_FIELDS]
    return render(
        request,
        "activities/library/translation.html",
        {
            "activity": activity,
            "form": form,
            "rows": rows,
            "translation": translation,
            "outdated": translation is not None and activity.updated_at > translation.updated_at,
            "language": language,
            "language_name": selectors.LANGUAGE_NAMES[language],
            "rtl": is_rtl(language),
        },
    )


@role_required(access.can_edit_library)
@require_POST
def translation_delete(request: HttpRequest, activity_id, language: str) -> HttpResponse:
    activity = _activity(activity_id)
    language = _language(language)
    services.translation_delete(activity=activity, language=language, by=request.user)
    messages.success(
        request, _("The %(language)s translation is deleted.") % {"language": selectors.LANGUAGE_NAMES[language]}
    )
    return redirect("activities:activity_detail", activity_id=activity.pk)


def _may_see_picture(user, activity: Activity) -> bool:
    """Staff see every picture of the library; a parent only those of activities handed to
    their family or to a group their child is placed in."""
    if access.can_edit_library(user):
        return True
    if not access.is_guardian(user):
        return False
    families = access.own_children(user).values("family_id")
    groups = selectors.placed_groups_of_parent(user)
    return HomeActivity.objects.filter(Q(family__in=families) | Q(group__in=groups), activity=activity).exists()


@login_required
def activity_picture(request: HttpRequest, activity_id) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.only("pk", "picture", "picture_thumbnail"), pk=activity_id)
    if not _may_see_picture(request.user, activity):
        raise Http404
    return serve_private(activity.picture_thumbnail if request.GET.get("size") == "thumb" else activity.picture)


urlpatterns = [
    path("library/", library_list, name="library"),
    path("library/new/", activity_new, name="activity_new"),
    path("library/<uuid:activity_id>/", activity_detail, name="activity_detail"),
    path("library/<uuid:activity_id>/edit/", activity_edit, name="activity_edit"),
    path("library/<uuid:activity_id>/publish/", activity_publish, name="activity_publish"),
    path("library/<uuid:activity_id>/picture/", activity_picture, name="activity_picture"),
    path("library/<uuid:activity_id>/translations/<slug:language>/", translation_edit, name="translation_edit"),
    path(
        "library/<uuid:activity_id>/translations/<slug:language>/delete/",
        translation_delete,
        name="translation_delete",
    ),
]
