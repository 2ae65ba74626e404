"""Factories for the privacy work: removal requests, and a child with something of every kind.

`child_with_everything(side)` gives the side's child (placed in the side's group, made a VE
group) one row of every model the removal routine handles, dated within `PERIOD`, a past
period in which the child was placed, so that every dashboard figure has something to count.
"""

import datetime
import io
from dataclasses import dataclass
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from auditlog.models import LogEntry
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities.models import HomeActivityFeedback
from contacts.models import ContactMoment
from families.models import Consent, FamilyProfileChange, HomeVisit, Intake, Placement
from groups.indicators import Period
from messaging.models import Message, ReadMark
from notifications.models import Notification
from photos.images import process_photo
from portfolios.models import EntryPhoto, EntrySeen, Perspective
from privacy.models import RemovalRequest
from tests.activities.factories import (
    HomeActivityFactory,
    HomeActivityFeedbackFactory,
    ParentChildSessionFactory,
    SessionFamilyFactory,
)
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ContactRoutineFactory,
    ConversationRequestFactory,
)
from tests.factories import HomeLanguageFactory
from tests.portfolios.factories import EntryFactory, ResponseFactory, ReviewFactory


class RemovalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemovalRequest

    note = "Wij verhuizen naar het buitenland."


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - timedelta(days=days)


def noon(days: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(days_ago(days), datetime.time(12)))


# Placed from 300 to 100 days ago; the figures are compared for this period.
PLACED_FROM, PLACED_UNTIL = 300, 100
PERIOD = Period(start=days_ago(160), end=days_ago(120))


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def photo():
    return process_photo(SimpleUploadedFile("foto.png", _png(), content_type="image/png"))


@dataclass
class Everything:
    moment: ContactMoment
    message: Message
    entry_photo: EntryPhoto
    files: list[str]


def child_with_everything(side, *, ended: bool = True) -> Everything:
    """Something of every kind about `side.child` and its family (see the module's docstring)."""
    child, family, parent, professional = side.child, side.family, side.parent, side.professional
    side.group.is_ve = True
    side.group.save(update_fields=["is_ve"])
    child.external_id = f"K-{child.pk.hex[:8]}"
    child.save(update_fields=["external_id"])
    family.phone, family.street, family.postcode, family.city = "06 12345678", "Dorpsstraat 1", "1234 AB", "Utrecht"
    family.save()
    Placement.objects.filter(child=child).update(
        start_date=days_ago(PLACED_FROM), end_date=days_ago(PLACED_UNTIL) if ended else None
    )
    guardian = family.guardians.get()
    HomeLanguageFactory(family=family, language="tr", spoken_by="Moeder tegen het kind")

    intake = Intake.objects.create(
        child=child,
        held_by=professional,
        held_on=days_ago(290),
        status=Intake.Status.COMPLETED,
        completed_at=noon(290),
        interests="Houdt van dinosaurussen",
        view_on_upbringing="Zelfstandigheid",
    )
    intake.guardians_present.add(guardian)
    HomeVisit.objects.create(
        child=child,
        professional=professional,
        planned_for=noon(140),
        status=HomeVisit.Status.DONE,
        notes="Grote broer helpt met voorlezen",
        summary_for_parents="Fijn bezoek",
    )
    Consent.objects.create(child=child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=True, decided_by=parent)
    ContactRoutineFactory(child=child, every_weeks=4)
    moment = ContactMomentFactory(
        child=child,
        professional=professional,
        occurred_at=noon(130),
        home_news="Oma is op bezoek",
        staff_notes="Let op het slapen",
        shared_summary="Een goede week",
        summary_shared=True,
    )
    moment.guardians_present.add(guardian)
    AgreementFactory(contact_moment=moment, owner_professional=None, owner_guardian=guardian)
    ConversationRequestFactory(child=child, requested_by=parent)
    booking = BookingFactory(slot__mentor=professional, child=child, booked_by=parent, note="Over het eten")

    picture = photo()
    message = Message(child=child, author=parent, side=Message.Side.PARENTS, body="Hallo groep", created_at=noon(125))
    message.photo.save(picture.image.name, picture.image, save=False)
    message.photo_thumbnail.save(picture.thumbnail.name, picture.thumbnail, save=False)
    message.save()
    ReadMark.objects.create(child=child, user=professional, read_up_to=timezone.now())

    entry = EntryFactory(child=child, author=professional, observed_on=days_ago(135))
    entry_photo = EntryPhoto(entry=entry, width=picture.width, height=picture.height)
    entry_photo.image.save(picture.image.name, picture.image, save=False)
    entry_photo.thumbnail.save(picture.thumbnail.name, picture.thumbnail, save=False)
    entry_photo.save()
    parent_entry = EntryFactory(
        child=child, author=parent, perspective=Perspective.PARENT, observed_on=days_ago(128), text="Thuis ook"
    )
    ResponseFactory(entry=entry, author=parent, perspective=Perspective.PARENT)
    EntrySeen.objects.create(entry=entry, user=parent)
    # Dated in the period: the parents' view counts them by when they were written.
    type(entry).objects.filter(pk__in=[entry.pk, parent_entry.pk]).update(created_at=noon(128))
    entry.responses.update(created_at=noon(127))
    ReviewFactory(child=child, created_by=professional, agreed=True, rows={"language": {"next_steps": "Voorlezen"}})

    FamilyProfileChange.objects.create(family=family, changed_by=parent, changes={"Phone": ["", "06 12345678"]})
    monday = days_ago(140) - timedelta(days=days_ago(140).weekday())
    for home_activity in (
        HomeActivityFactory(group=side.group, handed_out_by=professional, week_start=monday),
        HomeActivityFactory(family=family, group=None, handed_out_by=professional, week_start=monday, note="Voor Kind"),
    ):
        HomeActivityFeedbackFactory(home_activity=home_activity, family=family, written_by=parent, comment="Leuk!")
    session = ParentChildSessionFactory(group=side.group, starts_at=noon(138), ends_at=noon(138) + timedelta(hours=1))
    SessionFamilyFactory(session=session, family=family, attended=True)
    RemovalRequestFactory(family=family, requested_by=parent, status=RemovalRequest.Status.DECLINED)

    for subject, params, recipient in (
        (f"child:{child.pk}", {"child": child.first_name}, parent),
        (f"contact:{moment.pk}", {"child": child.first_name}, parent),
        (f"booking:{booking.pk}:moved", {"child": child.first_name}, professional),
        (f"portfolio-entry:{entry.pk}", {"child": child.first_name}, parent),
        (f"messages:{child.pk}:1", {"child": child.first_name, "child_id": str(child.pk)}, professional),
    ):
        Notification.objects.create(
            kind="contact_summary", recipient=recipient, subject=subject, on_date=timezone.localdate(), params=params
        )
    Notification.objects.create(
        kind="digest", recipient=professional, subject="digest", on_date=timezone.localdate(), params={}
    )

    # The audit trail (whatever privacy.audit records by itself, plus one entry of each tag).
    for tags, model, pk in (
        ({"child": str(child.pk)}, type(child), child.pk),
        ({"family": str(family.pk)}, type(family), family.pk),
    ):
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_pk=str(pk),
            object_repr=str(model.objects.get(pk=pk)),
            action=LogEntry.Action.UPDATE,
            changes={"first_name": ["Oud", "Nieuw"]},
            actor=parent,
            actor_email=parent.email,
            additional_data=tags,
        )
    AdminLogEntry.objects.log_actions(
        user_id=professional.pk,
        queryset=[child, family, guardian, intake, child.placements.get()],
        action_flag=CHANGE,
        change_message="x",
    )

    EmailAddress.objects.create(user=parent, email=parent.email, primary=True, verified=True)
    TOTP.activate(parent, generate_totp_secret())
    HomeActivityFeedback.objects.filter(family=family).update(child_said="Geel blad")
    return Everything(
        moment=moment,
        message=message,
        entry_photo=entry_photo,
        files=[message.photo.name, message.photo_thumbnail.name, entry_photo.image.name, entry_photo.thumbnail.name],
    )
