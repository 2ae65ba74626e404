"""The organisation admin's view of the VE language activities: the library (activities,
their translations, themes and words), the built-in language goals (rename, add, retire),
the themes of groups, home activities with their feedback, and parent–child sessions.

Pictures are uploaded on the site, which re-encodes them (photos.images.process_photo);
here they are only shown as set or not, so that no unchecked file reaches the storage.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities.models import (
    Activity,
    ActivityTranslation,
    GroupTheme,
    HomeActivity,
    HomeActivityFeedback,
    LanguageGoal,
    ParentChildSession,
    SessionFamily,
    Theme,
    ThemeTranslation,
    ThemeWord,
    WordTranslation,
)
from activities.selectors import overlapping_theme


@admin.register(LanguageGoal)
class LanguageGoalAdmin(admin.ModelAdmin):
    """A built-in goal keeps its key; left without a name, it shows in each reader's language.
    Goals are retired rather than deleted, so activities keep theirs."""

    list_display = ["__str__", "key", "name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
    actions = ["retire", "bring_back"]

    def has_delete_permission(self, request: HttpRequest, obj: LanguageGoal | None = None) -> bool:
        return False

    @admin.action(description=_("Retire the selected goals"))
    def retire(self, request: HttpRequest, queryset: QuerySet[LanguageGoal]) -> None:
        count = queryset.update(is_active=False)
        self.message_user(request, ngettext("%d goal retired.", "%d goals retired.", count) % count, messages.SUCCESS)

    @admin.action(description=_("Bring the selected goals back into use"))
    def bring_back(self, request: HttpRequest, queryset: QuerySet[LanguageGoal]) -> None:
        count = queryset.update(is_active=True)
        self.message_user(
            request, ngettext("%d goal back in use.", "%d goals back in use.", count) % count, messages.SUCCESS
        )


# --- Themes and words --------------------------------------------------------------------------------


class ThemeTranslationInline(admin.TabularInline):
    model = ThemeTranslation
    extra = 0


class ThemeWordInline(admin.TabularInline):
    model = ThemeWord
    extra = 0
    fields = ["word", "position"]
    show_change_link = True


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name", "translations__name"]
    inlines = [ThemeTranslationInline, ThemeWordInline]

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(ThemeTranslation)
class ThemeTranslationAdmin(admin.ModelAdmin):
    list_display = ["theme", "language", "name"]
    list_filter = ["language"]
    list_select_related = ["theme"]
    search_fields = ["name", "theme__name"]


class WordTranslationInline(admin.TabularInline):
    model = WordTranslation
    extra = 0


@admin.register(ThemeWord)
class ThemeWordAdmin(admin.ModelAdmin):
    list_display = ["word", "theme", "position", "has_picture"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["word", "translations__text"]
    exclude = ["picture"]
    readonly_fields = ["has_picture"]
    inlines = [WordTranslationInline]

    @admin.display(boolean=True, description=_("picture"))
    def has_picture(self, obj: ThemeWord) -> bool:
        return bool(obj.picture)

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(WordTranslation)
class WordTranslationAdmin(admin.ModelAdmin):
    list_display = ["word", "language", "text"]
    list_filter = ["language"]
    list_select_related = ["word"]
    search_fields = ["text", "word__word"]


class GroupThemeForm(forms.ModelForm):
    """The same rule as on the site: a group works in one theme at a time."""

    class Meta:
        model = GroupTheme
        fields = ["group", "theme", "starts_on", "ends_on"]

    def clean(self):
        data = super().clean()
        group, starts_on, ends_on = data.get("group"), data.get("starts_on"), data.get("ends_on")
        if group and starts_on and ends_on and starts_on <= ends_on:
            other = overlapping_theme(group, starts_on, ends_on, exclude_pk=self.instance.pk)
            if other is not None:
                raise forms.ValidationError(
                    _("The group already works in the theme “%(theme)s” from %(start)s until %(end)s."),
                    params={"theme": other.theme.name, "start": other.starts_on, "end": other.ends_on},
                )
        return data


@admin.register(GroupTheme)
class GroupThemeAdmin(admin.ModelAdmin):
    form = GroupThemeForm
    list_display = ["group", "theme", "starts_on", "ends_on"]
    list_filter = ["theme", "group__location"]
    list_select_related = ["group__location", "theme"]
    search_fields = ["group__name", "theme__name"]
    date_hierarchy = "starts_on"


# --- Activities ------------------------------------------------------------------------------------


class ActivityTranslationInline(admin.StackedInline):
    model = ActivityTranslation
    extra = 0
    readonly_fields = ["translated_by", "updated_at"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "age_from_months", "age_to_months", "is_published", "created_at"]
    list_filter = ["is_published", "theme", "goals"]
    list_select_related = ["theme"]
    search_fields = ["title", "steps", "translations__title"]
    filter_horizontal = ["goals"]
    exclude = ["picture", "picture_thumbnail"]
    readonly_fields = ["has_picture", "created_by", "created_at", "updated_at"]
    inlines = [ActivityTranslationInline]

    @admin.display(boolean=True, description=_("picture"))
    def has_picture(self, obj: Activity) -> bool:
        return bool(obj.picture)

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(ActivityTranslation)
class ActivityTranslationAdmin(admin.ModelAdmin):
    list_display = ["activity", "language", "translated_by", "updated_at"]
    list_filter = ["language"]
    list_select_related = ["activity", "translated_by"]
    search_fields = ["title", "activity__title"]
    readonly_fields = ["translated_by", "updated_at"]


# --- Handing out and sessions -------------------------------------------------------------------------


class HomeActivityFeedbackInline(admin.StackedInline):
    model = HomeActivityFeedback
    extra = 0
    autocomplete_fields = ["family"]
    readonly_fields = ["written_by", "created_at", "updated_at"]


@admin.register(HomeActivity)
class HomeActivityAdmin(admin.ModelAdmin):
    list_display = ["activity", "group", "family", "week_start", "handed_out_by"]
    list_filter = ["group__location"]
    list_select_related = ["activity", "group", "family", "handed_out_by"]
    search_fields = ["activity__title", "group__name", "family__name"]
    autocomplete_fields = ["family"]
    readonly_fields = ["handed_out_by", "created_at"]
    date_hierarchy = "week_start"
    inlines = [HomeActivityFeedbackInline]


@admin.register(HomeActivityFeedback)
class HomeActivityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["home_activity", "family", "done_on", "how_it_went", "language_used"]
    list_filter = ["how_it_went", "language_used"]
    list_select_related = ["home_activity__activity", "family"]
    search_fields = ["family__name", "home_activity__activity__title"]
    autocomplete_fields = ["family"]
    raw_id_fields = ["home_activity"]
    readonly_fields = ["written_by", "created_at", "updated_at"]


class SessionFamilyInline(admin.TabularInline):
    model = SessionFamily
    extra = 0
    autocomplete_fields = ["family"]
    readonly_fields = ["replied_at", "registered_by"]


@admin.register(ParentChildSession)
class ParentChildSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "starts_at", "invited_at", "cancelled_at"]
    list_filter = ["group__location", ("cancelled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["group", "activity"]
    search_fields = ["title", "activity__title", "group__name"]
    readonly_fields = ["invited_at", "reflection_by", "created_by", "created_at"]
    date_hierarchy = "starts_at"
    inlines = [SessionFamilyInline]


@admin.register(SessionFamily)
class SessionFamilyAdmin(admin.ModelAdmin):
    list_display = ["session", "family", "reply", "attended"]
    list_filter = ["reply", "attended"]
    list_select_related = ["session__activity", "family"]
    search_fields = ["family__name", "session__title", "session__activity__title"]
    autocomplete_fields = ["family"]
    raw_id_fields = ["session"]
    readonly_fields = ["replied_at", "registered_by"]
