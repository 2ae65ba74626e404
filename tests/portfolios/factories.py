import datetime

import factory
from django.utils import timezone

from portfolios.models import Domain, Perspective, PortfolioEntry, Response


def domain(key: str = "language") -> Domain:
    return Domain.objects.get(key=key)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioEntry

    perspective = Perspective.PROFESSIONAL
    domain = factory.LazyFunction(domain)
    observed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    text = "Bouwde een hoge toren en telde de blokken."
    shared_at = factory.LazyFunction(timezone.now)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    perspective = Perspective.PARENT
    text = "Thuis telt ze ook alles!"
