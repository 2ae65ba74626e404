"""Messages: one conversation per child between its parents and the professionals of its
group, and announcements from a professional to all parents of a group.

Reading is tracked per conversation with a pointer (`ReadMark`: read up to this moment),
so unread counts and "read by" are one query however long the conversation is. Messages
are never deleted here: a withdrawn message keeps its row (the retention routine removes
old conversations).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Child
from groups.models import Group
from photos.storage import get_private_storage

MESSAGE_MAX_LENGTH = 5000


class Announcement(models.Model):
    """A message from a professional to all parents of a group (an outing tomorrow…)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("group"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="announcements",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    photo = models.FileField(_("photo"), storage=get_private_storage, upload_to="announcements/%Y/%m/", blank=True)
    photo_thumbnail = models.FileField(storage=get_private_storage, upload_to="announcements/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"], name="announcement_group_latest")]

    def __str__(self) -> str:
        return f"{self.group} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class AnnouncementRead(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once")]

    def __str__(self) -> str:
        return f"{self.announcement_id} read by {self.user_id}"


class Message(models.Model):
    """One message in a child's conversation, written by a parent or by staff."""

    class Side(models.TextChoices):
        PARENTS = "parents", _("Parents")
        STAFF = "staff", _("Group")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="messages", verbose_name=_("child"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="messages_written",
        verbose_name=_("written by"),
    )
    side = models.CharField(_("from"), max_length=8, choices=Side.choices)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    photo = models.FileField(_("photo"), storage=get_private_storage, upload_to="messages/%Y/%m/", blank=True)
    photo_thumbnail = models.FileField(storage=get_private_storage, upload_to="messages/%Y/%m/", blank=True)
    # A parent's private reply to an announcement lands in the child's conversation.
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to the announcement"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Turned into a contact moment by a professional, so it counts for the routine.
    contact_moment = models.OneToOneField(
        "contacts.ContactMoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_message",
        verbose_name=_("contact moment"),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["child", "created_at"], name="message_child_time")]

    def __str__(self) -> str:
        return f"{self.child} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ReadMark(models.Model):
    """How far a user has read a child's conversation: everything up to `read_up_to`."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_marks")
    read_up_to = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "user"], name="read_mark_once")]

    def __str__(self) -> str:
        return f"{self.child_id} read by {self.user_id} up to {self.read_up_to:%Y-%m-%d %H:%M}"
