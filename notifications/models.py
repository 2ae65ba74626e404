"""Notifications: the one reminder mechanism of the platform.

Every notification is a row with a uniqueness key (kind, recipient, subject, date): a
rerun of the daily job, a retried task or two beat processes insert the same key and
change nothing. The row is the in-app notification; its email is delivered by a task
that claims the row first, and a sweeper finds emails that were never delivered.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # What the notification is about, as ids only: "child:<uuid>", "booking:<uuid>", "digest".
    subject = models.CharField(_("subject"), max_length=80)
    on_date = models.DateField(_("date"))
    # What the message shows, rendered in the reader's language when read: first names and
    # dates, never the staff-only notes.
    params = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    email_wanted = models.BooleanField(_("by email"), default=False)
    # Not before then: messages wait a little so that one email covers several, and staff
    # get no email outside working hours.
    email_after = models.DateTimeField(_("email not before"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    # A worker that takes the email claims the row until then; a worker killed mid-task
    # leaves a claim that runs out, after which the sweeper hands the email out again.
    email_claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    email_attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "subject", "on_date"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["created_at"],
                condition=Q(email_wanted=True, email_sent_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.on_date}"
