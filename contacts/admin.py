"""The organisation admin's view of contact moments, routines, requests and conversations.

Lists select what they show in one query; filters are on kinds and states, never on
people or what families told.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.models import (
    Agreement,
    Booking,
    ContactMoment,
    ContactRoutine,
    ConversationRequest,
    ConversationSlot,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Add, rename and retire topics. A built-in topic keeps its key (its name shows in each
    reader's language); topics are retired rather than deleted, so logged moments keep them."""

    list_display = ["name", "key", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    readonly_fields = ["key"]
    actions = ["retire", "bring_back"]

    def has_delete_permission(self, request: HttpRequest, obj: Topic | None = None) -> bool:
        return False

    @admin.action(description=_("Retire the selected topics"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        count = queryset.update(is_active=False)
        self.message_user(request, ngettext("%d topic retired.", "%d topics retired.", count) % count, messages.SUCCESS)

    @admin.action(description=_("Bring the selected topics back into use"))
    def bring_back(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        count = queryset.update(is_active=True)
        self.message_user(
            request, ngettext("%d topic back in use.", "%d topics back in use.", count) % count, messages.SUCCESS
        )


@admin.register(ContactRoutine)
class ContactRoutineAdmin(admin.ModelAdmin):
    list_display = ["child", "every_weeks", "weekday", "time", "channel", "agreed_on", "from_intake"]
    list_filter = ["every_weeks", "channel", "from_intake"]
    search_fields = ["child__first_name", "child__last_name", "child__family__name"]
    list_select_related = ["child"]
    autocomplete_fields = ["child"]
    readonly_fields = ["from_intake", "updated_at", "updated_by"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["description", "owner_professional", "owner_guardian", "due_on", "done_at"]
    autocomplete_fields = ["owner_professional", "owner_guardian"]


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):
    list_display = ["child", "occurred_at", "kind", "professional", "summary_shared"]
    # A filter by date rather than a date hierarchy: the hierarchy reads the years of every
    # moment (hundreds of thousands in a large organisation) on each page.
    list_filter = ["occurred_at", "kind", "summary_shared", "interpreter_used"]
    search_fields = ["child__first_name", "child__last_name", "child__family__name"]
    list_select_related = ["child", "professional"]
    autocomplete_fields = ["child", "professional", "guardians_present"]
    filter_horizontal = ["topics"]
    readonly_fields = ["booking", "recorded_by", "created_at", "updated_at"]
    show_full_result_count = False  # a second count of the whole table on a filtered list
    inlines = [AgreementInline]


@admin.register(ConversationRequest)
class ConversationRequestAdmin(admin.ModelAdmin):
    list_display = ["child", "requested_by", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["child__first_name", "child__last_name", "child__family__name"]
    list_select_related = ["child", "requested_by"]
    autocomplete_fields = ["child", "requested_by"]
    readonly_fields = ["created_at", "handled_by"]


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    fields = ["child", "booked_by", "note", "cancelled_at"]
    autocomplete_fields = ["child", "booked_by"]


@admin.register(ConversationSlot)
class ConversationSlotAdmin(admin.ModelAdmin):
    list_display = ["mentor", "starts_at", "ends_at", "kind", "place"]
    list_filter = ["kind"]
    search_fields = ["mentor__email", "mentor__first_name", "mentor__last_name", "place"]
    list_select_related = ["mentor"]
    autocomplete_fields = ["mentor"]
    date_hierarchy = "starts_at"
    inlines = [BookingInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["slot", "child", "booked_by", "booked_at", "cancelled_at"]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["child__first_name", "child__last_name", "child__family__name"]
    list_select_related = ["slot__mentor", "child", "booked_by"]
    autocomplete_fields = ["slot", "child", "booked_by"]
    readonly_fields = ["booked_at", "cancelled_by"]
