from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Location(models.Model):
    class Kind(models.TextChoices):
        DAYCARE = "daycare", _("Day nursery (kinderdagverblijf)")
        PRESCHOOL = "preschool", _("Preschool / VE (peuteropvang)")
        OUT_OF_SCHOOL = "out_of_school", _("Out-of-school care (BSO)")
        CHILD_CENTRE = "child_centre", _("Child centre (kindcentrum)")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="groups", verbose_name=_("location"))
    name = models.CharField(_("name"), max_length=120)
    age_from_months = models.PositiveSmallIntegerField(_("age from (months)"), default=0)
    age_to_months = models.PositiveSmallIntegerField(_("age to (months)"), default=48)
    is_ve = models.BooleanField(
        _("VE group"), default=False, help_text=_("Early-childhood education for toddlers with a language indication.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["location__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="group_name_unique_per_location"),
            models.CheckConstraint(
                condition=Q(age_to_months__gte=models.F("age_from_months")), name="group_age_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.location.name})"


class StaffAssignment(models.Model):
    """Ties a staff member to the groups or locations they work for.

    A professional is assigned to a group (or to a whole location, e.g. a flexible
    colleague); a location manager is assigned to a location.
    """

    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("Pedagogical professional")
        LOCATION_MANAGER = "location_manager", _("Location manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("staff member"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("group"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("location"),
    )

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(group__isnull=False, location__isnull=True) | Q(group__isnull=True, location__isnull=False)
                ),
                name="assignment_group_xor_location",
            ),
            models.CheckConstraint(
                condition=~Q(role="location_manager") | Q(location__isnull=False),
                name="manager_assigned_to_location",
            ),
            models.UniqueConstraint(fields=["user", "role", "group"], name="assignment_unique_group"),
            models.UniqueConstraint(fields=["user", "role", "location"], name="assignment_unique_location"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.group or self.location}"
