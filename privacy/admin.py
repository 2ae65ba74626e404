from django.contrib import admin
from django.http import HttpRequest

from privacy.models import RemovalRecord, RemovalRequest


class _ReadOnly(admin.ModelAdmin):
    """Made by the application (the parents' pages, the removal routine); the admin only looks."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(RemovalRequest)
class RemovalRequestAdmin(_ReadOnly):
    """Handled on the request's own page (privacy:removal_request_detail), which runs the routine."""

    list_display = ["pk", "family", "status", "requested_at", "handled_at"]
    list_filter = ["status"]
    list_select_related = ["family"]
    search_fields = ["=id", "family__name"]
    date_hierarchy = "requested_at"


@admin.register(RemovalRecord)
class RemovalRecordAdmin(_ReadOnly):
    list_display = ["carried_out_at", "reason", "child_ref", "family_ref", "carried_out_by"]
    list_filter = ["reason"]
    list_select_related = ["carried_out_by"]
    search_fields = ["=child_ref", "=family_ref"]
    date_hierarchy = "carried_out_at"
