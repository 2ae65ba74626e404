"""`{% cached_row name key [more …] %}…{% endcached_row %}`: a list page's row, rendered once per
process for each key, from the "fragments" cache.

The key is a tuple of everything the row shows, made where the row's data is loaded
(e.g. `groups.views._row_key`); the more values are what else the row reads from the page
(e.g. the path its links return to), and the active language is always part of it. A changed
input is a new key, so a cached row is never stale and nothing needs invalidating. A key that
is not such a tuple (a missing attribute reads as "" in a template, and would give every row
the same key) is an error, not a cache miss.
"""

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

register = template.Library()


class CachedRowNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, key, more: list) -> None:
        self.nodelist, self.name, self.key, self.more = nodelist, name, key, more

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if not isinstance(key, tuple) or not key:
            raise template.TemplateSyntaxError(f"cached_row {self.name}: {self.key.token} is not a row key ({key!r})")
        vary_on = [get_language(), key, *(value.resolve(context) for value in self.more)]
        cache_key = make_template_fragment_key(self.name, vary_on)
        fragments = caches["fragments"]
        row = fragments.get(cache_key)
        if row is None:
            row = self.nodelist.render(context)
            fragments.set(cache_key, row)
        return row


@register.tag
def cached_row(parser: template.base.Parser, token: template.base.Token) -> CachedRowNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a name, a row key and more values to vary on")
    nodelist = parser.parse(("endcached_row",))
    parser.delete_first_token()
    key, *more = (parser.compile_filter(bit) for bit in bits[2:])
    return CachedRowNode(nodelist, bits[1], key, more)
