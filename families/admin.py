from django.contrib import admin

from families.models import Child, Family, Guardian, HomeLanguage, Placement


class HomeLanguageInline(admin.TabularInline):
    model = HomeLanguage
    extra = 0


class GuardianInline(admin.StackedInline):
    model = Guardian
    extra = 0
    autocomplete_fields = ["user"]


class ChildInline(admin.TabularInline):
    model = Child
    extra = 0
    fields = ["first_name", "last_name", "birth_date"]
    show_change_link = True


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "preferred_language", "interpreter_needed", "created_at"]
    list_filter = ["preferred_language", "interpreter_needed", "home_languages__language"]
    search_fields = ["name", "guardians__last_name", "guardians__email", "children__first_name"]
    inlines = [HomeLanguageInline, GuardianInline, ChildInline]


@admin.register(Guardian)
class GuardianAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "family", "relationship", "email", "preferred_language", "user"]
    list_filter = ["relationship", "preferred_language"]
    search_fields = ["first_name", "last_name", "email", "family__name"]
    list_select_related = ["family", "user"]
    autocomplete_fields = ["family", "user"]


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    autocomplete_fields = ["group", "mentor"]


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "birth_date", "family"]
    list_filter = ["placements__group__location", "placements__group"]
    search_fields = ["first_name", "last_name", "family__name"]
    list_select_related = ["family"]
    autocomplete_fields = ["family"]
    inlines = [PlacementInline]
    date_hierarchy = "birth_date"


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["child", "group", "start_date", "end_date", "mentor"]
    list_filter = ["group__location", "group", "group__is_ve"]
    search_fields = ["child__first_name", "child__last_name", "group__name", "mentor__email"]
    list_select_related = ["child", "group__location", "mentor"]
    autocomplete_fields = ["child", "group", "mentor"]
    date_hierarchy = "start_date"
