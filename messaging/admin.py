from django.contrib import admin

from messaging.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages for support questions: who wrote what when. They are written in the app and
    never deleted here (the retention routine removes old conversations); the list shows no
    text, and a withdrawn message's text is not shown at all."""

    list_display = ("child", "side", "author", "created_at", "edited_at", "withdrawn_at")
    list_filter = ("side", ("withdrawn_at", admin.EmptyFieldListFilter))
    list_select_related = ("child", "author")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    search_fields = ("child__first_name", "child__last_name", "author__email")
    raw_id_fields = ("child", "author", "announcement", "contact_moment")

    def get_fields(self, request, obj=None):
        fields = [
            "child",
            "side",
            "author",
            "created_at",
            "edited_at",
            "withdrawn_at",
            "announcement",
            "contact_moment",
        ]
        if obj is None or not obj.is_withdrawn:
            fields.insert(3, "body")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
