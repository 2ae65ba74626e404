from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from families.models import (
    Child,
    Consent,
    Family,
    FamilyProfileChange,
    Guardian,
    HomeLanguage,
    HomeVisit,
    Intake,
    Placement,
)


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


class ConsentAdminForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["child", "kind", "description", "given", "guardian"]

    def clean(self) -> dict:
        cleaned = super().clean()
        child, guardian = cleaned.get("child"), cleaned.get("guardian")
        if cleaned.get("kind") == Consent.Kind.OTHER and not cleaned.get("description", "").strip():
            self.add_error("description", _("Say what the consent is about."))
        if child and guardian and guardian.family_id != child.family_id:
            self.add_error("guardian", _("This parent does not belong to the child's family."))
        return cleaned


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Decisions are added, never changed: the list is the history (newest first)."""

    form = ConsentAdminForm
    list_display = ["child", "kind", "description", "given", "guardian", "decided_by", "decided_at"]
    list_filter = ["kind", "given", "child__placements__group__location", "decided_at"]
    search_fields = [
        "child__first_name",
        "child__last_name",
        "child__family__name",
        "description",
        "guardian__first_name",
        "guardian__last_name",
    ]
    list_select_related = ["child", "guardian", "decided_by"]
    autocomplete_fields = ["child", "guardian"]
    date_hierarchy = "decided_at"
    actions = None

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FamilyProfileChange)
class FamilyProfileChangeAdmin(admin.ModelAdmin):
    """What parents changed in the portal: read-only."""

    list_display = ["family", "changed_at", "changed_by", "fields_changed", "seen_by", "seen_at"]
    list_filter = [("seen_at", admin.EmptyFieldListFilter), "changed_at"]
    search_fields = ["family__name", "changed_by__email", "changed_by__last_name"]
    list_select_related = ["family", "changed_by", "seen_by"]
    date_hierarchy = "changed_at"
    fields = ["family", "changed_by", "changed_at", "readable_changes", "seen_by", "seen_at"]
    readonly_fields = fields

    @admin.display(description=_("fields"))
    def fields_changed(self, obj: FamilyProfileChange) -> str:
        return ", ".join(obj.changes)

    @admin.display(description=_("changes"))
    def readable_changes(self, obj: FamilyProfileChange) -> str:
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} → {}",
            ((label, old or "—", new or "—") for label, (old, new) in obj.changes.items()),
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["child", "status", "held_on", "held_by", "contact_every_weeks", "contact_channel", "updated_at"]
    list_filter = ["status", "contact_channel", "child__placements__group__location", "child__placements__group"]
    search_fields = ["child__first_name", "child__last_name", "child__family__name", "held_by__email"]
    list_select_related = ["child", "held_by"]
    autocomplete_fields = ["child", "held_by", "guardians_present"]
    readonly_fields = ["created_at", "updated_at", "updated_by", "completed_at"]
    date_hierarchy = "held_on"


@admin.register(HomeVisit)
class HomeVisitAdmin(admin.ModelAdmin):
    list_display = ["child", "status", "planned_for", "professional", "summary_shared"]
    list_filter = ["status", "summary_shared", "child__placements__group__location", "planned_for"]
    search_fields = ["child__first_name", "child__last_name", "child__family__name", "professional__email"]
    list_select_related = ["child", "professional"]
    autocomplete_fields = ["child", "professional"]
    readonly_fields = ["created_at", "created_by", "recorded_at", "recorded_by", "cancelled_at", "cancelled_by"]
    date_hierarchy = "planned_for"
