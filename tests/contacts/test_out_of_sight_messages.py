"""A family that writes messages is not out of sight, even without a logged contact; the
group writing to a family that never answers does not bring it back in sight."""

import datetime

import pytest
from django.utils import timezone

from contacts.selectors import contact_status, out_of_sight_by, with_contact_status
from families.models import Child
from messaging.models import Message
from tests.contacts.factories import ContactMomentFactory
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def long_unseen(ours):
    """Ours' child: placed 20 weeks ago, last contact 12 weeks ago (default routine 6 + margin 2)."""
    ours.child.placements.update(start_date=TODAY - datetime.timedelta(weeks=20))
    ContactMomentFactory(child=ours.child, professional=ours.professional, occurred_at=_days_ago(7 * 12))
    return ours


def _status(child):
    return contact_status(with_contact_status(Child.objects.filter(pk=child.pk)).get())


def test_without_messages_the_family_is_out_of_sight(long_unseen):
    assert _status(long_unseen.child).out_of_sight is True
    assert Child.objects.filter(pk=long_unseen.child.pk).exists()
    assert with_contact_status(Child.objects.all()).filter(out_of_sight_by(TODAY)).count() == 1


def test_a_recent_message_from_a_parent_brings_the_family_back_in_sight(long_unseen):
    Message.objects.create(
        child=long_unseen.child,
        author=long_unseen.parent,
        side=Message.Side.PARENTS,
        body="Hoi!",
        created_at=_days_ago(3),
    )

    status = _status(long_unseen.child)
    assert status.out_of_sight is False
    # The routine still counts from the last contact moment: a message is not a conversation.
    assert status.is_overdue is True
    assert with_contact_status(Child.objects.all()).filter(out_of_sight_by(TODAY)).count() == 0


def test_a_message_about_a_sibling_counts_for_the_family(long_unseen):
    sibling = ChildFactory(family=long_unseen.family)
    PlacementFactory(child=sibling, group=long_unseen.group)
    Message.objects.create(child=sibling, author=long_unseen.parent, side=Message.Side.PARENTS, body="Vraagje")

    assert _status(long_unseen.child).out_of_sight is False


@pytest.mark.parametrize("withdrawn", [False, True])
def test_messages_from_the_group_or_withdrawn_ones_do_not_count(long_unseen, withdrawn):
    Message.objects.create(
        child=long_unseen.child, author=long_unseen.professional, side=Message.Side.STAFF, body="Hoe gaat het?"
    )
    if withdrawn:
        Message.objects.create(
            child=long_unseen.child,
            author=long_unseen.parent,
            side=Message.Side.PARENTS,
            body="oeps",
            withdrawn_at=timezone.now(),
        )

    assert _status(long_unseen.child).out_of_sight is True
