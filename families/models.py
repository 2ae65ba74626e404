import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.languages import LANGUAGE_CHOICES


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FamilyQuerySet":
        from accounts import access

        return self.filter(pk__in=access.children_for(user).values("family_id"))


class Family(models.Model):
    """A household whose children are placed at one of our groups."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("family name"), max_length=150, help_text=_("How the household is addressed, e.g. Yilmaz.")
    )
    preferred_language = models.CharField(
        _("preferred language for communication"), max_length=8, choices=LANGUAGE_CHOICES, default="nl"
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        blank=True,
        help_text=_("The family's number in another system, e.g. the planning system."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Set by privacy.removal: the names and contact details are gone, the row stays for the figures.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="family_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        return {"family": str(self.pk)}


class HomeLanguage(models.Model):
    """A language spoken at home, and by whom to the child."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="home_languages", verbose_name=_("family")
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    spoken_by = models.CharField(_("spoken by"), max_length=200, blank=True, help_text=_("E.g. mother to the child."))

    class Meta:
        verbose_name = _("home language")
        verbose_name_plural = _("home languages")
        constraints = [models.UniqueConstraint(fields=["family", "language"], name="home_language_unique")]

    def __str__(self) -> str:
        return self.get_language_display()

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        return {"family": str(self.family_id)}


class Guardian(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        PARENT = "parent", _("Parent")
        FOSTER_PARENT = "foster_parent", _("Foster parent")
        GUARDIAN = "guardian", _("Guardian")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("family"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardianships",
        verbose_name=_("portal login"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, choices=LANGUAGE_CHOICES, default="nl")

    class Meta:
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "user"], condition=Q(user__isnull=False), name="guardian_user_once_per_family"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        return {"family": str(self.family_id)}


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ChildQuerySet":
        """The children `user` may see: the access rule, in one place (accounts.access)."""
        from accounts import access

        return access.children_for(user, self)


class Child(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children", verbose_name=_("family"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    external_id = models.CharField(
        _("external id"), max_length=64, blank=True, help_text=_("The child's number in another system.")
    )
    # Set by privacy.removal: what identifies the child is gone, the row stays for the figures.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="child_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("families:child_detail", args=[self.pk])

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        return {"child": str(self.pk), "family": str(self.family_id)}

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_in_months(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        months = (on.year - self.birth_date.year) * 12 + on.month - self.birth_date.month
        return months - (1 if on.day < self.birth_date.day else 0)


class PlacementQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> "PlacementQuerySet":
        """Placements that have not ended: running now or starting later."""
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Placement(models.Model):
    """A child placed in a group for a period, with a mentor."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements", verbose_name=_("child"))
    group = models.ForeignKey(
        "groups.Group", on_delete=models.PROTECT, related_name="placements", verbose_name=_("group")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_placements",
        verbose_name=_("mentor"),
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["group", "end_date"], name="placement_group_end")]

    def __str__(self) -> str:
        return f"{self.child} – {self.group}"

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.end_date is None or self.end_date >= on


class Intake(models.Model):
    """The intake conversation (kennismakingsgesprek) with the parents, in sections.

    Saved as a draft and completed later. Its agreed contact routine becomes the child's
    contact routine once contact moments exist.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")

    class Channel(models.TextChoices):
        PICK_UP = "pick_up", _("At drop-off or pick-up")
        PLANNED = "planned", _("Planned conversation")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video call")

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="intake", verbose_name=_("child"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes_held",
        verbose_name=_("held by"),
    )
    guardians_present = models.ManyToManyField(
        Guardian, blank=True, related_name="intakes", verbose_name=_("parents present")
    )
    interpreter_used = models.BooleanField(_("an interpreter took part"), default=False)

    family_and_network = models.TextField(
        _("family and network"),
        blank=True,
        help_text=_("Who belongs to the family, brothers and sisters, who else is close to the child (grandparents)."),
    )
    languages_at_home = models.TextField(
        _("languages at home and how they are used"),
        blank=True,
        help_text=_("Who speaks which language with the child, reading aloud, songs, screens."),
    )
    routine_sleep = models.TextField(_("sleeping"), blank=True)
    routine_food = models.TextField(_("eating and drinking"), blank=True)
    routine_comfort = models.TextField(
        _("comfort"), blank=True, help_text=_("What helps when the child is sad or tired.")
    )
    interests = models.TextField(_("interests and what the child enjoys"), blank=True)
    view_on_upbringing = models.TextField(
        _("the parents' view on upbringing"), blank=True, help_text=_("What the parents find important.")
    )
    expectations_of_parents = models.TextField(_("what the parents expect from us"), blank=True)
    expectations_of_us = models.TextField(_("what we ask of the parents"), blank=True)
    # The conversation's written sections, in their order (the form, the audit's masking and
    # the removal routine all go by this list).
    SECTIONS = (
        "family_and_network",
        "languages_at_home",
        "routine_sleep",
        "routine_food",
        "routine_comfort",
        "interests",
        "view_on_upbringing",
        "expectations_of_parents",
        "expectations_of_us",
    )

    contact_every_weeks = models.PositiveSmallIntegerField(
        _("contact every … weeks"),
        null=True,
        blank=True,
        help_text=_("How often parents and mentor talk individually."),
    )
    contact_weekday = models.PositiveSmallIntegerField(
        _("preferred weekday"), choices=Weekday.choices, null=True, blank=True
    )
    contact_time = models.TimeField(_("preferred time"), null=True, blank=True)
    contact_channel = models.CharField(_("how"), max_length=12, choices=Channel.choices, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("intake conversation")
        verbose_name_plural = _("intake conversations")

    def __str__(self) -> str:
        return str(_("Intake of %(child)s") % {"child": self.child})

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class HomeVisit(models.Model):
    """A visit to the family at home: planned, then recorded or cancelled.

    The notes are for staff; parents see only the summary a professional chose to share.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="home_visits", verbose_name=_("child"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    planned_for = models.DateTimeField(_("date and time"))
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="home_visits",
        verbose_name=_("professional"),
    )
    parent_child_interaction = models.TextField(_("what was seen of the parent–child interaction"), blank=True)
    language_environment = models.TextField(_("the home language environment"), blank=True)
    follow_up = models.TextField(_("agreed follow-up"), blank=True)
    notes = models.TextField(_("other notes (staff only)"), blank=True)
    summary_for_parents = models.TextField(_("summary for the parents"), blank=True)
    summary_shared = models.BooleanField(_("share the summary with the parents"), default=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("cancelled by"),
    )

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-planned_for"]
        indexes = [models.Index(fields=["child", "status"], name="home_visit_child_status")]

    def __str__(self) -> str:
        return str(_("Home visit to %(child)s") % {"child": self.child})

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)


class Consent(models.Model):
    """One decision of a parent about one kind of consent for a child.

    Decisions are only ever added: the newest per kind is the current state, the older
    ones are the history (who decided what, and when). No decision means not given.
    """

    class Kind(models.TextChoices):
        PORTFOLIO_PHOTOS = "portfolio_photos", _("Photos of my child in the portfolio")
        GROUP_PHOTOS = "group_photos", _("Photos of my child visible to other parents of the group")
        SCHOOL_TRANSFER = "school_transfer", _("Sharing the portfolio with the primary school at the transition")
        OTHER = "other", _("Other")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents", verbose_name=_("child"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("What the consent is about, for the kind 'other'.")
    )
    given = models.BooleanField(_("given"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("decided by")
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("on behalf of parent"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent decision")
        verbose_name_plural = _("consent decisions")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["child", "kind", "-decided_at"], name="consent_child_kind_latest")]

    def __str__(self) -> str:
        return f"{self.child} – {self.get_kind_display()}: {self.given}"

    def get_additional_data(self) -> dict:
        """Tags this object's audit-trail entries (see privacy.audit)."""
        from privacy.audit import child_tags

        return child_tags(self)


class FamilyProfileChange(models.Model):
    """What a parent changed in the family profile, so the mentor sees it."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="profile_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    # {"field label": ["old value", "new value"], ...}, in readable text
    changes = models.JSONField(default=dict)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("family profile change")
        verbose_name_plural = _("family profile changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.family} – {self.changed_at:%Y-%m-%d}"
