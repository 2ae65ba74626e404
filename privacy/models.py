import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RemovalRequest(models.Model):
    """A parent asks for their family's data to be removed; an admin carries it out or declines."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CARRIED_OUT = "carried_out", _("carried out")
        DECLINED = "declined", _("declined")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.SET_NULL,
        null=True,
        related_name="removal_requests",
        verbose_name=_("family"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    note = models.TextField(_("note from the parent"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("removal request")
        verbose_name_plural = _("removal requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(status="open"), name="one_open_removal_request_per_family"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class RemovalRecord(models.Model):
    """What the removal routine took away, when and why: ids and counts, never names."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("retention period over")
        REQUEST = "request", _("asked by the parents")

    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    child_ref = models.UUIDField(_("child id"), null=True, blank=True)
    family_ref = models.UUIDField(_("family id"), null=True, blank=True)
    removed = models.JSONField(_("removed"), default=dict, help_text=_("Per kind of data, how many were removed."))
    carried_out_at = models.DateTimeField(_("carried out at"), auto_now_add=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
        help_text=_("Empty when the scheduled retention task did it."),
    )
    request = models.ForeignKey(
        RemovalRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("removal request"),
    )

    class Meta:
        verbose_name = _("removal record")
        verbose_name_plural = _("removal records")
        ordering = ["-carried_out_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
