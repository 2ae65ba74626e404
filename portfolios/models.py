"""The child's portfolio: what the group sees and what the parents see at home, side by side.

A professional's observation is a draft for the team until it is shared with the parents;
a parent's entry is shared with the child's staff the moment it is written. So "shared"
(`shared_at` set) is the one question for parents' visibility, for both perspectives.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from photos.storage import get_private_storage

# Long enough for a rich observation, short enough to stay a portfolio entry, not a report.
ENTRY_MAX_LENGTH = 5000
RESPONSE_MAX_LENGTH = 2000
PHOTOS_PER_ENTRY = 10

# The development domains every organisation starts with, named in the reader's language.
# An admin may give one a custom name, add their own and retire any of them.
BUILT_IN_DOMAINS = {
    "language": _("Language"),
    "motor": _("Motor development"),
    "social_emotional": _("Social-emotional development"),
    "thinking": _("Thinking and discovering"),
    "play": _("Play and creativity"),
    "self_care": _("Self-care"),
}


class Domain(models.Model):
    """A development domain an entry is about."""

    key = models.CharField(_("built-in domain"), max_length=20, blank=True, editable=False)
    name = models.CharField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty for a built-in domain to show its standard name in each reader's language."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("development domain")
        verbose_name_plural = _("development domains")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="domain_key_unique"),
            models.CheckConstraint(condition=~Q(key="", name=""), name="domain_named"),
        ]

    def __str__(self) -> str:
        return self.name or str(BUILT_IN_DOMAINS.get(self.key, self.key))

    def clean(self) -> None:
        if not self.key and not self.name.strip():
            raise ValidationError({"name": _("Give the domain a name.")})


class Perspective(models.TextChoices):
    PROFESSIONAL = "professional", _("At the group")
    PARENT = "parent", _("At home")


class PortfolioEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        "families.Child", on_delete=models.CASCADE, related_name="portfolio_entries", verbose_name=_("child")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="portfolio_entries",
        verbose_name=_("written by"),
    )
    perspective = models.CharField(_("perspective"), max_length=12, choices=Perspective.choices)
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("domain")
    )
    observed_on = models.DateField(_("seen on"))
    text = models.TextField(_("what was seen"))
    shared_at = models.DateTimeField(_("shared with the other side at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        ordering = ["-observed_on", "-created_at"]
        indexes = [models.Index(fields=["child", "-observed_on", "-created_at"], name="entry_child_timeline")]
        constraints = [
            # A parent's entry is never a draft: the child's staff see it at once.
            models.CheckConstraint(
                condition=~Q(perspective="parent") | Q(shared_at__isnull=False), name="parent_entry_shared"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Portfolio entry about %(child)s") % {"child": self.child})

    @property
    def is_draft(self) -> bool:
        return self.shared_at is None

    @property
    def is_from_parent(self) -> bool:
        return self.perspective == Perspective.PARENT


class EntryPhoto(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(PortfolioEntry, on_delete=models.CASCADE, related_name="photos", verbose_name=_("entry"))
    image = models.FileField(_("photo"), storage=get_private_storage, upload_to="portfolio/")
    thumbnail = models.FileField(_("thumbnail"), storage=get_private_storage, upload_to="portfolio/thumbnails/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(_("Photo %(number)s") % {"number": self.position + 1})


class Response(models.Model):
    """The other side answers an entry: a parent an observation, a professional a parent's entry."""

    entry = models.ForeignKey(
        PortfolioEntry, on_delete=models.CASCADE, related_name="responses", verbose_name=_("entry")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="portfolio_responses",
        verbose_name=_("written by"),
    )
    perspective = models.CharField(_("perspective"), max_length=12, choices=Perspective.choices)
    text = models.TextField(_("response"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(_("Response to %(entry)s") % {"entry": self.entry})


class EntrySeen(models.Model):
    """Someone of the other side opened the timeline showing this entry (the first time counts)."""

    entry = models.ForeignKey(PortfolioEntry, on_delete=models.CASCADE, related_name="seen", verbose_name=_("entry"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("seen by")
    )
    seen_at = models.DateTimeField(_("seen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seen by")
        verbose_name_plural = _("seen by")
        ordering = ["seen_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="entry_seen_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.user_id}"
