"""`<integer field>__in` with a number the database cannot hold matches nothing.

Django 5 does this for `=`, `<` and `>` (ticket #27397) but not for `in`, so on SQLite a
forged choice such as `topics=99999999999999999999` in a form with a ModelMultipleChoiceField
raised OverflowError (a 500) instead of "not one of the available choices".
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
