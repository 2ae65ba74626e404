"""Contact moments with parents: the routine per child, what was said, what was agreed,
and the conversations parents book.

When the next contact is due is never stored: it follows from the child's routine and the
last contact moment (see contacts.selectors).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.languages import LANGUAGE_CHOICES
from families.models import Child, Guardian, Intake

# The longest routine a child can have; the due-date queries spell out one case per length.
MAX_ROUTINE_WEEKS = 12


class ContactRoutine(models.Model):
    """How often and when the mentor and the parents talk individually (agreed with them)."""

    child = models.OneToOneField(
        Child, on_delete=models.CASCADE, related_name="contact_routine", verbose_name=_("child")
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("contact every … weeks"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ROUTINE_WEEKS)],
        help_text=_("How often parents and mentor talk individually."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("preferred weekday"), choices=Intake.Weekday.choices, null=True, blank=True
    )
    time = models.TimeField(_("preferred time"), null=True, blank=True)
    channel = models.CharField(_("how"), max_length=12, choices=Intake.Channel.choices, blank=True)
    agreed_on = models.DateField(_("agreed with the parents on"), null=True, blank=True)
    # Still as the intake set it: a corrected intake may update it. Once changed with the
    # parents it is the routine's own, and the intake no longer touches it.
    from_intake = models.BooleanField(_("as agreed in the intake"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("contact routine")
        verbose_name_plural = _("contact routines")
        constraints = [
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=MAX_ROUTINE_WEEKS), name="routine_weeks_in_range"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Contact routine of %(child)s") % {"child": self.child})

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)


# The topics every organisation starts with, named in the reader's language; an admin adds
# their own (named as typed) and can retire any of them.
BUILT_IN_TOPICS = {
    "sleeping": _("Sleeping"),
    "eating": _("Eating and drinking"),
    "playing": _("Playing"),
    "friends": _("Friends"),
    "language": _("Language"),
    "feelings": _("Feelings and mood"),
    "toilet": _("Potty training"),
    "health": _("Health"),
    "family": _("News from home"),
    "development": _("Development"),
}


class Topic(models.Model):
    """A tag for what a contact moment was about (sleeping, eating, language…); the admin keeps the list."""

    key = models.CharField(_("built-in topic"), max_length=20, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=60, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return str(BUILT_IN_TOPICS.get(self.key, self.name))


class ContactMomentQuerySet(models.QuerySet):
    def shared_with_parents(self) -> "ContactMomentQuerySet":
        return self.filter(summary_shared=True).exclude(shared_summary="")


class ContactMoment(models.Model):
    """One contact between staff and parents about a child.

    Parents see `shared_summary` when `summary_shared` is set; everything else is staff-only.
    """

    class Kind(models.TextChoices):
        PICK_UP = "pick_up", _("Drop-off or pick-up talk")
        PLANNED = "planned", _("Planned conversation")
        DEVELOPMENT = "development", _("Development conversation")
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        HOME_VISIT = "home_visit", _("Home visit")
        MESSAGE = "message", _("Message")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contact_moments", verbose_name=_("child"))
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PICK_UP)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moments",
        verbose_name=_("professional"),
    )
    guardians_present = models.ManyToManyField(
        Guardian, blank=True, related_name="contact_moments", verbose_name=_("parents present")
    )
    child_experience = models.TextField(_("what the child experienced"), blank=True)
    home_news = models.TextField(_("what the parent told of home"), blank=True)
    positive_note = models.CharField(_("something positive about the child"), max_length=300, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="contact_moments", verbose_name=_("topics"))
    language_used = models.CharField(_("language used"), max_length=8, choices=LANGUAGE_CHOICES, blank=True)
    interpreter_used = models.BooleanField(_("an interpreter took part"), default=False)
    staff_notes = models.TextField(_("notes for the team"), blank=True)
    shared_summary = models.TextField(_("summary for the parents"), blank=True)
    summary_shared = models.BooleanField(_("share the summary with the parents"), default=False)
    booking = models.OneToOneField(
        "contacts.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moment",
        verbose_name=_("booked conversation"),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = ContactMomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["child", "-occurred_at"], name="contact_child_latest"),
            # The organisation-wide list in that order (the admin's change list), without a sort.
            models.Index(fields=["-occurred_at", "-id"], name="contact_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.child}"

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)


class Agreement(models.Model):
    """A follow-up agreed in a contact moment: what, who (a professional or a parent), by when."""

    contact_moment = models.ForeignKey(
        ContactMoment, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("contact moment")
    )
    description = models.CharField(_("what"), max_length=300)
    owner_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("professional"),
    )
    owner_guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="agreements", verbose_name=_("parent")
    )
    due_on = models.DateField(_("by when"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_professional__isnull=True) | Q(owner_guardian__isnull=True),
                name="agreement_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], condition=Q(done_at__isnull=True), name="agreement_open_due")]

    def __str__(self) -> str:
        return self.description

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self, via="contact_moment")

    @property
    def owner(self):
        return self.owner_professional or self.owner_guardian

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ConversationRequest(models.Model):
    """A parent asks for a conversation, with a short reason; the mentor picks it up."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="conversation_requests", verbose_name=_("child")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="conversation_requests",
        verbose_name=_("asked by"),
    )
    reason = models.CharField(_("what would you like to talk about?"), max_length=500)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("conversation request")
        verbose_name_plural = _("conversation requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Conversation asked for %(child)s") % {"child": self.child})


# What a slot can be booked for: a conversation, not a message.
SLOT_KINDS = [choice for choice in ContactMoment.Kind.choices if choice[0] != ContactMoment.Kind.MESSAGE]


class ConversationSlot(models.Model):
    """A time a mentor offers for a conversation (for instance one of an evening of 15-minute slots)."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_slots",
        verbose_name=_("mentor"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(_("kind"), max_length=12, choices=SLOT_KINDS, default=ContactMoment.Kind.DEVELOPMENT)
    place = models.CharField(_("where"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversation slot")
        verbose_name_plural = _("conversation slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]
        indexes = [models.Index(fields=["mentor", "starts_at"], name="slot_mentor_start")]

    def __str__(self) -> str:
        return f"{self.mentor} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Booking(models.Model):
    """A parent's booking of a slot for one of their children. Cancelled bookings stay, marked;
    the database lets a slot have one booking that is not cancelled, however many click at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slot = models.ForeignKey(
        ConversationSlot, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("slot")
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("child"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="bookings",
        verbose_name=_("booked by"),
    )
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    note = models.CharField(_("what would you like to talk about?"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(cancelled_at__isnull=True), name="slot_booked_once"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} – {self.child}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
