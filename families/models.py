import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

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

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.end_date is None or self.end_date >= on
