"""The organisation admin's view of the portfolio: the development domains (rename, add,
retire) and the entries, whose text the list never shows."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portfolios.models import Domain, EntryPhoto, PortfolioEntry, PortfolioReview, Response, ReviewDomain


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    """A built-in domain keeps its key; left without a name, it shows in each reader's
    language. Domains are retired rather than deleted, so entries keep theirs."""

    list_display = ["__str__", "key", "name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    readonly_fields = ["key"]
    actions = ["retire", "bring_back"]

    def has_delete_permission(self, request: HttpRequest, obj: Domain | None = None) -> bool:
        return False

    @admin.action(description=_("Retire the selected domains"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Domain]) -> None:
        count = queryset.update(is_active=False)
        self.message_user(
            request, ngettext("%d domain retired.", "%d domains retired.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Bring the selected domains back into use"))
    def bring_back(self, request: HttpRequest, queryset: QuerySet[Domain]) -> None:
        count = queryset.update(is_active=True)
        self.message_user(
            request, ngettext("%d domain back in use.", "%d domains back in use.", count) % count, messages.SUCCESS
        )


class EntryPhotoInline(admin.TabularInline):
    model = EntryPhoto
    extra = 0
    fields = ["position", "width", "height"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ["author", "perspective", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PortfolioEntry)
class PortfolioEntryAdmin(admin.ModelAdmin):
    list_display = ["child", "perspective", "domain", "observed_on", "author", "shared_at"]
    list_filter = ["perspective", "domain", ("shared_at", admin.EmptyFieldListFilter)]
    search_fields = ["child__first_name", "child__last_name", "child__family__name"]
    list_select_related = ["child", "domain", "author"]
    autocomplete_fields = ["child", "author"]
    readonly_fields = ["created_at", "edited_at"]
    date_hierarchy = "observed_on"
    inlines = [EntryPhotoInline, ResponseInline]


class ReviewDomainInline(admin.StackedInline):
    model = ReviewDomain
    extra = 0
    fields = ["domain", "professional_view", "parent_view", "parent_view_by", "next_steps"]
    readonly_fields = ["domain", "parent_view_by"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PortfolioReview)
class PortfolioReviewAdmin(admin.ModelAdmin):
    """Reviews are written on the site; the admin corrects one (the texts per domain) and
    shows who agreed when."""

    list_display = ["child", "period_start", "period_end", "status", "contact_moment", "agreed_at"]
    list_filter = ["status"]
    search_fields = ["child__first_name", "child__last_name", "child__family__name"]
    list_select_related = ["child", "contact_moment"]
    autocomplete_fields = ["child"]
    raw_id_fields = ["contact_moment"]
    readonly_fields = ["created_by", "parents_asked_at", "agreed_by", "agreed_at", "created_at", "updated_at"]
    date_hierarchy = "period_end"
    inlines = [ReviewDomainInline]
