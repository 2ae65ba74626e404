import datetime

import factory
from django.utils import timezone

from portfolios.models import Domain, Perspective, PortfolioEntry, PortfolioReview, Response, ReviewDomain


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


class ReviewFactory(factory.django.DjangoModelFactory):
    """A draft review of the last three months with an empty row per domain in use;
    `ReviewFactory(asked=True)` is with the parents, `ReviewFactory(agreed=True)` agreed."""

    class Meta:
        model = PortfolioReview
        skip_postgeneration_save = True

    class Params:
        asked = factory.Trait(
            status=PortfolioReview.Status.WITH_PARENTS, parents_asked_at=factory.LazyFunction(timezone.now)
        )
        agreed = factory.Trait(status=PortfolioReview.Status.AGREED, agreed_at=factory.LazyFunction(timezone.now))

    period_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    period_end = factory.LazyFunction(timezone.localdate)
    created_by = factory.LazyAttribute(lambda review: review.child.placements.first().mentor)

    @factory.post_generation
    def rows(review, create, extracted, **kwargs):
        """`rows={"language": {"next_steps": "…"}}` fills the named domains' texts."""
        if not create:
            return
        texts = extracted or {}
        ReviewDomain.objects.bulk_create(
            ReviewDomain(review=review, domain=domain, **texts.get(domain.key, {}))
            for domain in Domain.objects.filter(is_active=True)
        )
