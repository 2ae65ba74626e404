from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.tasks import enqueue
from notifications.models import Notification


class EmailStateFilter(admin.SimpleListFilter):
    title = _("email")
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("pending", _("not sent yet")), ("sent", _("sent")), ("none", _("not by email"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(email_wanted=True, email_sent_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(email_sent_at__isnull=False)
        if self.value() == "none":
            return queryset.filter(email_wanted=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are made by the application; operators look and can retry an email."""

    list_display = ["kind", "recipient", "on_date", "created_at", "read_at", "email_sent_at", "email_attempts"]
    list_filter = ["kind", EmailStateFilter, "on_date"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "subject", "kind"]
    date_hierarchy = "created_at"
    actions = ["send_email_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Try the email again"), permissions=["view"])
    def send_email_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from notifications.tasks import dispatch_pending_emails

        count = queryset.filter(email_wanted=True, email_sent_at__isnull=True).update(
            email_attempts=0, email_claimed_until=None
        )
        enqueue(dispatch_pending_emails)
        self.message_user(
            request,
            ngettext("%(count)d email will be tried again.", "%(count)d emails will be tried again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
