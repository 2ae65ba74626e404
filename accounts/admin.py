from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms import UserInviteForm
from accounts.models import User
from accounts.services import user_invite
from groups.models import StaffAssignment


class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ["group", "location"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login", "invited_at"]
    list_filter = ["is_active", "is_staff", "is_superuser", "assignments__role", "preferred_language"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined", "invited_at"]
    inlines = [StaffAssignmentInline]
    actions = ["send_invitation"]
    add_form = UserInviteForm
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "invited_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "preferred_language"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            # A new account has no password: the person sets it through the invitation.
            user_invite(user=obj)

    @admin.action(description=_("Send an invitation (link to set a password)"))
    def send_invitation(self, request, queryset):
        active = list(queryset.filter(is_active=True))
        sent = sum(1 for user in active if user_invite(user=user))
        already_active = len(active) - sent
        inactive = queryset.count() - len(active)
        self.message_user(
            request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent, messages.SUCCESS
        )
        if already_active:
            self.message_user(
                request,
                ngettext(
                    "%d user already has an active account and was not invited.",
                    "%d users already have an active account and were not invited.",
                    already_active,
                )
                % already_active,
                messages.WARNING,
            )
        if inactive:
            self.message_user(
                request,
                ngettext(
                    "%d user is deactivated and was not invited.",
                    "%d users are deactivated and were not invited.",
                    inactive,
                )
                % inactive,
                messages.WARNING,
            )
