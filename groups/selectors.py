from django.db.models import Q, QuerySet

from accounts.models import User
from groups.models import Group, StaffAssignment


def professionals_of(group: Group) -> QuerySet[User]:
    """The professionals who work in `group`: assigned to it, or to its whole location."""
    return (
        User.objects.filter(is_active=True, assignments__role=StaffAssignment.Role.PROFESSIONAL)
        .filter(Q(assignments__group=group) | Q(assignments__location_id=group.location_id))
        .distinct()
        .order_by("first_name", "last_name")
    )


def professionals_by_group(groups: QuerySet[Group]) -> dict[int, list[User]]:
    """Each group's professionals, in one query (for mentor pickers)."""
    groups = list(groups)
    location_ids = {group.location_id for group in groups}
    assignments = (
        StaffAssignment.objects.filter(role=StaffAssignment.Role.PROFESSIONAL, user__is_active=True)
        .filter(Q(group__in=groups) | Q(location_id__in=location_ids))
        .select_related("user")
    )
    result: dict[int, list[User]] = {group.pk: [] for group in groups}
    for assignment in assignments:
        for group in groups:
            works_here = assignment.group_id == group.pk or assignment.location_id == group.location_id
            if works_here and assignment.user not in result[group.pk]:
                result[group.pk].append(assignment.user)
    return result
