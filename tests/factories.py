import datetime

import factory
from django.conf import settings
from django.utils import timezone
from faker import Faker

from accounts.models import User
from families.models import Child, Family, Guardian, HomeLanguage, Placement
from groups.models import Group, Location, StaffAssignment

_DUTCH = Faker("nl_NL")


def dutch_last_name() -> factory.LazyFunction:
    """A Dutch surname as a page prints it: without the "'" of names like "van 't Erve", which
    templates escape (&#x27;), so that a test looking for a name finds it whatever was drawn.
    Escaping is tested on purpose, with hostile text (tests/test_hostile_input.py)."""
    return factory.LazyFunction(lambda: _DUTCH.last_name().replace("'", ""))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = dutch_last_name()
    password = factory.django.Password(settings.DEMO_PASSWORD)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Kindcentrum {n}")
    kind = Location.Kind.CHILD_CENTRE
    city = "Utrecht"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    age_from_months = 0
    age_to_months = 48
    is_ve = False


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory)
    role = StaffAssignment.Role.PROFESSIONAL
    group = factory.SubFactory(GroupFactory)
    location = None


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    name = dutch_last_name()
    preferred_language = "nl"


class HomeLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeLanguage

    family = factory.SubFactory(FamilyFactory)
    language = "nl"


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    family = factory.SubFactory(FamilyFactory)
    user = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.SelfAttribute("family.name")
    relationship = Guardian.Relationship.PARENT
    email = factory.SelfAttribute("user.email")


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.SelfAttribute("family.name")
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=800))


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory)
    group = factory.SubFactory(GroupFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    end_date = None
    mentor = None

    class Params:
        # A placement that ran for a year and ended yesterday.
        ended = factory.Trait(
            start_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400)),
            end_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1)),
        )
