from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from groups.models import Group, Location, StaffAssignment


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    fields = ["name", "age_from_months", "age_to_months", "is_ve", "is_active"]
    show_change_link = True


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "group_count", "is_active"]
    list_filter = ["kind", "is_active", "city"]
    search_fields = ["name", "city", "postcode"]
    inlines = [GroupInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_group_count=Count("groups"))

    @admin.display(description=_("Groups"), ordering="_group_count")
    def group_count(self, obj: Location) -> int:
        return obj._group_count


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "is_ve", "age_from_months", "age_to_months", "is_active"]
    list_filter = ["is_ve", "is_active", "location"]
    search_fields = ["name", "location__name"]
    list_select_related = ["location"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "group", "location"]
    list_filter = ["role", "location", "group__location"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "group__name", "location__name"]
    list_select_related = ["user", "group__location", "location"]
    autocomplete_fields = ["user", "group", "location"]
