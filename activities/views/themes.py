"""Themes with their word lists: staff write them and see, per group, which words still lack a
translation in the languages of the group's families; a group's professionals plan the theme
the group works in; parents of the group read the current theme's words in Dutch beside
their own language.

Staff pages answer 403 to parents (access.can_edit_library); a group outside a user's
reach answers 404, and so does the parents' word page to anyone whose child is not placed
in that group.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from activities import selectors
from activities.library_forms import ScheduleForm, ThemeForm, WordForm, add_service_errors
from activities.models import MASTER_LANGUAGE, GroupTheme, Theme, ThemeWord
from activities.services import library as services
from activities.texts import is_rtl, reading_language
from activities.theme_cards import card_for
from groups.models import Group
from photos.views import serve_private


def _theme(theme_id: int) -> Theme:
    return get_object_or_404(Theme.objects.prefetch_related("translations"), pk=theme_id)


def _word(word_id: int) -> ThemeWord:
    return get_object_or_404(
        ThemeWord.objects.select_related("theme").prefetch_related("translations", "theme__translations"), pk=word_id
    )


def _staff_group(request: HttpRequest, group_id) -> Group:
    return get_object_or_404(access.groups_for(request.user).select_related("location"), pk=group_id)


def _form_languages(translated: list[str]) -> list[str]:
    """The languages a theme or word form asks for: the families' and those already there."""
    return selectors.in_language_order([*selectors.wanted_languages(), *translated])


@role_required(access.can_edit_library)
def theme_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = (
        GroupTheme.objects.filter(group__in=access.groups_for(request.user), starts_on__lte=today, ends_on__gte=today)
        .select_related("group")
        .order_by("group__name")
    )
    current_by_theme: dict[int, list[GroupTheme]] = {}
    for group_theme in current:
        current_by_theme.setdefault(group_theme.theme_id, []).append(group_theme)
    themes = list(selectors.themes_with_counts())
    return render(
        request,
        "activities/themes/list.html",
        {"rows": [(theme, current_by_theme.get(theme.pk, [])) for theme in themes]},
    )


def _theme_form(request: HttpRequest, theme: Theme | None) -> HttpResponse:
    existing = {translation.language: translation.name for translation in theme.translations.all()} if theme else {}
    initial = {"name": theme.name, "is_active": theme.is_active} if theme else {}
    form = ThemeForm(
        request.POST or None,
        initial=initial,
        languages=_form_languages(list(existing)),
        translations=existing,
        max_length=80,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if theme is None:
                theme = services.theme_create(
                    by=request.user, name=form.cleaned_data["name"], translations=form.translations()
                )
            else:
                services.theme_edit(
                    theme=theme,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    is_active=form.cleaned_data["is_active"],
                    translations=form.translations(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The theme is saved."))
            return redirect("activities:theme_detail", theme_id=theme.pk)
    if theme is None:
        del form.fields["is_active"]
    return render(request, "activities/themes/theme_form.html", {"form": form, "theme": theme})


@role_required(access.can_edit_library)
def theme_new(request: HttpRequest) -> HttpResponse:
    return _theme_form(request, None)


@role_required(access.can_edit_library)
def theme_edit(request: HttpRequest, theme_id: int) -> HttpResponse:
    return _theme_form(request, _theme(theme_id))


def _chosen_group(request: HttpRequest, groups, theme: Theme) -> Group | None:
    """The group asked for (404 outside the user's groups), else the user's group that works
    in the theme now, else their first VE group, else their first group."""
    group_id = request.GET.get("group", "")
    if group_id:
        if not group_id.isdecimal():
            raise Http404
        return get_object_or_404(groups, pk=group_id)
    today = timezone.localdate()
    now_in_theme = GroupTheme.objects.filter(theme=theme, starts_on__lte=today, ends_on__gte=today)
    return (
        groups.annotate(
            rank=Case(
                When(pk__in=now_in_theme.values("group_id"), then=0),
                When(is_ve=True, then=1),
                default=2,
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "location__name", "name")
        .first()
    )


@role_required(access.can_edit_library)
def theme_detail(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = _theme(theme_id)
    groups = access.groups_for(request.user).select_related("location")
    group = _chosen_group(request, groups, theme)
    languages = selectors.group_languages(group) if group is not None else []
    rows = selectors.word_rows(theme, languages)
    complete = sum(1 for row in rows if not row.missing)
    planned = (
        GroupTheme.objects.filter(theme=theme, group__in=access.groups_for(request.user))
        .select_related("group__location")
        .order_by("-starts_on")
    )
    return render(
        request,
        "activities/themes/detail.html",
        {
            "theme": theme,
            "rows": rows,
            "groups": list(groups.order_by("location__name", "name")),
            "group": group,
            "group_languages": [(code, selectors.LANGUAGE_NAMES[code]) for code in languages],
            "complete": complete,
            "planned": list(planned),
            "may_schedule": group is not None and access.can_work_in_group(request.user, group),
        },
    )


def _word_form(request: HttpRequest, theme: Theme, word: ThemeWord | None) -> HttpResponse:
    existing = {translation.language: translation.text for translation in word.translations.all()} if word else {}
    # The theme's own languages too: a theme named in Polish will want its words in Polish.
    theme_languages = [translation.language for translation in theme.translations.all()]
    form = WordForm(
        request.POST or None,
        request.FILES or None,
        initial={"word": word.word} if word else {},
        languages=_form_languages([*existing, *theme_languages]),
        translations=existing,
        max_length=80,
        has_picture=bool(word and word.picture),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if word is None:
                services.word_add(
                    theme=theme,
                    by=request.user,
                    word=data["word"],
                    translations=form.translations(),
                    picture=data.get("picture"),
                )
            else:
                services.word_edit(
                    theme_word=word,
                    by=request.user,
                    word=data["word"],
                    translations=form.translations(),
                    picture=data.get("picture"),
                    remove_picture=data.get("remove_picture", False),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The word is saved."))
            if word is None and "another" in request.POST:
                return redirect("activities:word_add", theme_id=theme.pk)
            return redirect(reverse("activities:theme_detail", args=[theme.pk]) + "#words")
    return render(request, "activities/themes/word_form.html", {"form": form, "theme": theme, "word": word})


@role_required(access.can_edit_library)
def word_add(request: HttpRequest, theme_id: int) -> HttpResponse:
    return _word_form(request, _theme(theme_id), None)


@role_required(access.can_edit_library)
def word_edit(request: HttpRequest, word_id: int) -> HttpResponse:
    word = _word(word_id)
    return _word_form(request, word.theme, word)


@role_required(access.can_edit_library)
@require_POST
def word_remove(request: HttpRequest, word_id: int) -> HttpResponse:
    word = _word(word_id)
    services.word_remove(theme_word=word, by=request.user)
    messages.success(request, _("The word “%(word)s” is removed.") % {"word": word.word})
    return redirect(reverse("activities:theme_detail", args=[word.theme_id]) + "#words")


@login_required
def word_picture(request: HttpRequest, word_id: int) -> HttpResponse:
    """Staff see every word's picture; a parent those of the themes of their children's groups."""
    word = get_object_or_404(ThemeWord.objects.only("pk", "theme_id", "picture"), pk=word_id)
    user = request.user
    if not access.can_edit_library(user):
        groups = selectors.placed_groups_of_parent(user)
        if not GroupTheme.objects.filter(theme_id=word.theme_id, group__in=groups).exists():
            raise Http404
    return serve_private(word.picture)


# --- A group's themes -------------------------------------------------------------------------------


@login_required
def group_themes(request: HttpRequest, group_id: int) -> HttpResponse:
    """The group's themes, past and planned, and planning the next one: the group's
    professionals (and admins); a location manager reads along elsewhere (403)."""
    group = _staff_group(request, group_id)
    if not access.can_work_in_group(request.user, group):
        raise PermissionDenied
    form = ScheduleForm(request.POST or None, initial={"theme": request.GET.get("theme")})
    if request.method == "POST" and form.is_valid():
        try:
            group_theme = services.group_theme_schedule(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(group)s works in the theme “%(theme)s” from %(start)s.")
                % {
                    "group": group.name,
                    "theme": group_theme.theme.name,
                    "start": date_format(group_theme.starts_on, "DATE_FORMAT"),
                },
            )
            return redirect("activities:group_themes", group_id=group.pk)
    today = timezone.localdate()
    return render(
        request,
        "activities/themes/group_themes.html",
        {
            "group": group,
            "form": form,
            "group_themes": list(group.themes.select_related("theme")),
            "today": today,
        },
    )


@login_required
@require_POST
def group_theme_remove(request: HttpRequest, group_theme_id: int) -> HttpResponse:
    group_theme = get_object_or_404(
        GroupTheme.objects.filter(group__in=access.groups_for(request.user)).select_related("group", "theme"),
        pk=group_theme_id,
    )
    if not access.can_work_in_group(request.user, group_theme.group):
        raise PermissionDenied
    services.group_theme_remove(group_theme=group_theme, by=request.user)
    messages.success(request, _("The theme “%(theme)s” is taken off the planning.") % {"theme": group_theme.theme})
    return redirect("activities:group_themes", group_id=group_theme.group_id)


@login_required
def parent_theme_words(request: HttpRequest, group_id: int) -> HttpResponse:
    """All words of the theme the group works in now, for the parents of its children."""
    user = request.user
    if not selectors.placed_groups_of_parent(user).filter(group_id=group_id).exists():
        raise Http404
    group = get_object_or_404(Group, pk=group_id)
    language = reading_language(user)
    group_theme = selectors.current_group_themes([group_id]).first()
    if group_theme is not None:
        selectors.with_words([group_theme], language)
    return render(
        request,
        "activities/themes/parent_words.html",
        {
            "group": group,
            "card": card_for(group_theme, language) if group_theme else None,
            "language": language,
            "rtl": is_rtl(language),
            "translated": language != MASTER_LANGUAGE,
        },
    )


urlpatterns = [
    path("themes/", theme_list, name="theme_list"),
    path("themes/new/", theme_new, name="theme_new"),
    path("themes/<int:theme_id>/", theme_detail, name="theme_detail"),
    path("themes/<int:theme_id>/edit/", theme_edit, name="theme_edit"),
    path("themes/<int:theme_id>/words/new/", word_add, name="word_add"),
    path("themes/words/<int:word_id>/edit/", word_edit, name="word_edit"),
    path("themes/words/<int:word_id>/remove/", word_remove, name="word_remove"),
    path("themes/words/<int:word_id>/picture/", word_picture, name="word_picture"),
    path("themes/groups/<int:group_id>/", group_themes, name="group_themes"),
    path("themes/groups/<int:group_id>/words/", parent_theme_words, name="parent_theme_words"),
    path("themes/planned/<int:group_theme_id>/remove/", group_theme_remove, name="group_theme_remove"),
]
