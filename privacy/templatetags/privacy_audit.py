"""`{% may_read_trail child as flag %}`: whether the page's user may read the child's audit trail."""

from django import template

from families.models import Child
from privacy import audit

register = template.Library()


@register.simple_tag(takes_context=True)
def may_read_trail(context: template.Context, child: Child) -> bool:
    request = context.get("request")
    return request is not None and audit.may_read_trail_of(request.user, child)
