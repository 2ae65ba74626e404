"""The child's portfolio: what the group sees and what the parents see at home, side by side.

A professional's observation is a draft for the team until it is shared with the parents;
a parent's entry is shared with the child's staff the moment it is written. So "shared"
(`shared_at` set) is the one question for parents' visibility, for both perspectives.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
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

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)

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
    # The entry's child (which never changes), kept here so that the managers' figures find a
    # child's responses by one index entry instead of through each of its entries.
    child = models.ForeignKey(
        "families.Child", on_delete=models.CASCADE, related_name="+", editable=False, verbose_name=_("child")
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
        indexes = [
            models.Index(
                fields=["child", "created_at"], condition=Q(perspective="parent"), name="response_parent_by_child"
            )
        ]

    def __str__(self) -> str:
        return str(_("Response to %(entry)s") % {"entry": self.entry})

    def save(self, *args, **kwargs) -> None:
        if self.child_id is None:
            self.child_id = self.entry.child_id
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self, via="entry")


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


# A review sums up a period: a few paragraphs per domain, not a second portfolio.
REVIEW_VIEW_MAX_LENGTH = 3000
REVIEW_NEXT_STEPS_MAX_LENGTH = 2000


class PortfolioReview(models.Model):
    """The periodic portfolio conversation: per domain the group's and the parents' view of
    a period, and the next steps agreed together.

    The team prepares it as a draft; then the parents are asked to write their view per
    domain before the development conversation; after it, the agreed review is locked.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        WITH_PARENTS = "with_parents", _("With the parents")
        AGREED = "agreed", _("Agreed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        "families.Child", on_delete=models.CASCADE, related_name="portfolio_reviews", verbose_name=_("child")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    contact_moment = models.ForeignKey(
        "contacts.ContactMoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portfolio_reviews",
        verbose_name=_("development conversation"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    parents_asked_at = models.DateTimeField(_("parents asked at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by"),
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("portfolio review")
        verbose_name_plural = _("portfolio reviews")
        ordering = ["-period_end", "-created_at"]
        indexes = [models.Index(fields=["child", "-period_end"], name="review_child_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="review_period_in_order"),
            # An agreed review always says when; that moment is what "locked" means.
            models.CheckConstraint(
                condition=~Q(status="agreed") | Q(agreed_at__isnull=False), name="review_agreed_has_moment"
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Portfolio review of %(child)s, %(start)s – %(end)s")
            % {"child": self.child, "start": self.period_start, "end": self.period_end}
        )

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_with_parents(self) -> bool:
        return self.status == self.Status.WITH_PARENTS

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED


class ReviewDomain(models.Model):
    """One domain of a review: both views side by side and the next steps."""

    review = models.ForeignKey(
        PortfolioReview, on_delete=models.CASCADE, related_name="domains", verbose_name=_("review")
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="review_rows", verbose_name=_("domain"))
    professional_view = models.TextField(_("at the group"), max_length=REVIEW_VIEW_MAX_LENGTH, blank=True)
    parent_view = models.TextField(_("at home"), max_length=REVIEW_VIEW_MAX_LENGTH, blank=True)
    parent_view_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parents' view written by"),
    )
    next_steps = models.TextField(_("next steps"), max_length=REVIEW_NEXT_STEPS_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("review domain")
        verbose_name_plural = _("review domains")
        ordering = ["domain__position", "domain__pk"]
        constraints = [models.UniqueConstraint(fields=["review", "domain"], name="review_domain_once")]

    def __str__(self) -> str:
        return str(self.domain)

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self, via="review")
