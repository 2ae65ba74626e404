"""Changes to a group's set-up that managers make from the dashboard."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from families.models import Placement
from groups.selectors import professionals_of


def placement_reassign_mentor(*, placement: Placement, mentor: User | None, by: User) -> Placement:
    """Make `mentor` the mentor of the child in this placement. Only the mentor changes.

    `by` must manage the group (a location manager of its location, or an admin); the
    placement must not have ended; the mentor must be one of the group's professionals.
    Raises PermissionDenied or ValidationError({"mentor": [...]}) and then changes nothing.
    """
    with transaction.atomic():
        placement = Placement.objects.select_for_update().select_related("group").get(pk=placement.pk)
        if not access.can_manage_group(by, placement.group):
            raise PermissionDenied
        if not placement.is_current(timezone.localdate()):
            raise ValidationError({"mentor": [_("This placement has ended: its mentor can no longer change.")]})
        if mentor is None:
            raise ValidationError({"mentor": [_("Choose the new mentor.")]})
        if not professionals_of(placement.group).filter(pk=mentor.pk).exists():
            raise ValidationError(
                {
                    "mentor": [
                        _("%(name)s is not a professional of the group %(group)s, so cannot be the mentor.")
                        % {"name": mentor.get_full_name() or mentor.email, "group": placement.group.name}
                    ]
                }
            )
        placement.mentor = mentor
        placement.save(update_fields=["mentor"])
    return placement
