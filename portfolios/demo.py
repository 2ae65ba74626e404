"""The demo portfolios: observations of the group and entries from home, side by side, with
responses and a few pictures drawn here (no photos of real children, no binary files).

Called by `manage.py demo_data`. Entries have stable ids: a rerun adds nothing twice, and
responses and pictures come only with an entry that is new. The demo parent's children get
no photo consent, so that the demo parent still meets the consent questions at login.
"""

from __future__ import annotations

import io
import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from families.models import Consent
from photos.images import process_photo
from portfolios.models import Domain, EntryPhoto, EntrySeen, Perspective, PortfolioEntry, Response

if TYPE_CHECKING:
    from accounts.models import User
    from families.models import Child, Guardian

_NAMESPACE = uuid.UUID("0b7c1f36-51d8-4f4e-a3a4-6c2f8e1d9a70")

# What the group sees, per domain; {child} is the child's first name.
OBSERVATIONS = {
    "language": (
        "{child} wees bij het voorlezen de eend aan en zei: 'Eend zwemt!' Een zin van twee woorden, voor het eerst.",
        "Tijdens de kring vertelde {child} over het weekend: 'Oma. Taart. Kaarsjes uitblazen.' Iedereen luisterde.",
        "{child} zong het herfstliedje mee en deed de gebaren erbij. Bij 'blaadjes' wees {child} naar het raam.",
    ),
    "motor": (
        "{child} bouwde een toren van acht blokken zonder dat die omviel, en klapte daarna voor zichzelf.",
        "Buiten klom {child} voor het eerst zelf de glijbaan op, trede voor trede, en gleed er stralend af.",
        "{child} knipte met de kinderschaar een strook papier in stukjes en hield de schaar al goed vast.",
    ),
    "social_emotional": (
        "{child} gaf een huilend kindje de eigen knuffel en bleef ernaast zitten tot het weer lachte.",
        "Bij het afscheid van papa was {child} even verdrietig; na een knuffel met de mentor ging {child} spelen.",
        "{child} wachtte netjes op de beurt bij de glijbaan en zei tegen een ander kind: 'Jij eerst!'",
    ),
    "thinking": (
        "{child} sorteerde de knopen op kleur: rood bij rood, blauw bij blauw. Bij groen was het even twijfelen.",
        "{child} ontdekte dat de bal sneller van de steile plank rolt dan van de lage, en probeerde het vijf keer.",
        "Bij de watertafel vulde {child} steeds een groot bekertje met kleine bekertjes: 'Nog één, nog één!'",
    ),
    "play": (
        "{child} kookte in de huishoek soep voor de poppen en vroeg of wij ook wilden proeven.",
        "{child} maakte met verf een grote gele zon en vertelde dat het 'de zon van ons huis' is.",
        "In de bouwhoek speelde {child} met twee kinderen een garage na, met een auto die 'kapot' was.",
    ),
    "self_care": (
        "{child} trok zelf de jas aan, met de jas-truc op de grond. Alleen de rits was nog lastig.",
        "{child} schonk zelf water in het bekertje uit het kannetje en morste bijna niets.",
        "Na het buitenspelen waste {child} zelf de handen, met zeep, en zong het handenwasliedje.",
    ),
}

# What the parents see at home; the domain key, or None for "no particular domain".
AT_HOME = (
    (
        "language",
        "Thuis wijst {child} alles aan in het prentenboek en zegt de woorden in onze taal en in het Nederlands.",
    ),
    ("play", "{child} speelt elke middag 'groep': de knuffels zitten in een kring en {child} leest voor."),
    ("self_care", "{child} wil nu alles zelf doen: zelf de schoenen aan, zelf de boterham smeren."),
    ("motor", "In het park fietst {child} al een stukje op de loopfiets, zonder te vallen."),
    (None, "{child} heeft een nieuw zusje en is heel lief voor haar: vandaag kreeg ze de eigen speen van {child}."),
    ("social_emotional", "Bij oma wilde {child} niet meer weg en zei: 'Oma ook mee naar huis!'"),
)

RESPONSES_OF_PARENTS = (
    "Wat leuk om te lezen! Thuis doet {child} dat ook.",
    "Dank jullie wel! Dit hadden we thuis nog niet gezien.",
    "Mooi! We gaan het thuis ook proberen.",
)
RESPONSES_OF_STAFF = (
    "Wat fijn dat je dit deelt! Op de groep zien we het ook.",
    "Dank je! We gaan er morgen op de groep op verder.",
    "Leuk! Zullen we het daar bij het volgende gesprek over hebben?",
)


def _stable_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "-".join(str(part) for part in parts))


def _picture(kind: int, rng: random.Random) -> bytes:
    """A child's-eye picture drawn here: a tower of blocks, a painted sun, a row of beads."""
    image = Image.new("RGB", (800, 600), (246, 241, 228))
    draw = ImageDraw.Draw(image)
    colours = [(214, 69, 65), (66, 133, 244), (244, 180, 0), (15, 157, 88), (171, 71, 188)]
    if kind == 0:
        for level in range(rng.randint(5, 8)):
            left = 330 + rng.randint(-20, 20)
            draw.rectangle([left, 540 - level * 60, left + 140, 598 - level * 60], fill=rng.choice(colours))
    elif kind == 1:
        draw.rectangle([0, 430, 800, 600], fill=(120, 180, 90))
        draw.ellipse([520, 60, 700, 240], fill=(250, 205, 60))
        for _ in range(30):
            x, y = rng.randint(0, 800), rng.randint(260, 430)
            draw.line([x, y, x + rng.randint(-60, 60), y + rng.randint(-30, 30)], fill=rng.choice(colours), width=9)
    else:
        for column in range(9):
            colour = rng.choice(colours)
            draw.ellipse([50 + column * 80, 260, 120 + column * 80, 330], fill=colour, outline=(60, 60, 60), width=3)
        draw.line([40, 295, 760, 295], fill=(60, 60, 60), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def _add_picture(entry: PortfolioEntry, kind: int, rng: random.Random) -> None:
    processed = process_photo(SimpleUploadedFile("tekening.jpg", _picture(kind, rng), content_type="image/jpeg"))
    photo = EntryPhoto(entry=entry, width=processed.width, height=processed.height)
    photo.image.save(processed.image.name, processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    photo.save()


def demo_portfolio(
    *,
    child: Child,
    guardians: list[Guardian],
    mentor: User | None,
    placed_on: date,
    today: date,
    position: int,
    photos: bool,
) -> None:
    """Three to five entries about the child since its placement, from the group and (when a
    parent has a login) from home; one draft of the group; responses both ways; with
    `photos`, the parents' photo consent and a picture on some observations."""
    if mentor is None or placed_on >= today:  # nothing to see yet of a child who starts later
        return
    rng = random.Random(f"portfolio-{child.pk}")
    parent = next((guardian for guardian in guardians if guardian.user_id), None)
    domains = {domain.key: domain for domain in Domain.objects.exclude(key="")}
    if photos and not Consent.objects.filter(child=child, kind=Consent.Kind.PORTFOLIO_PHOTOS).exists():
        Consent.objects.create(
            child=child,
            kind=Consent.Kind.PORTFOLIO_PHOTOS,
            given=True,
            decided_by=parent.user if parent else None,
            guardian=parent,
            decided_at=timezone.make_aware(datetime.combine(placed_on, time(9))),
        )
    days_placed = max((today - placed_on).days, 1)
    names = {"child": child.first_name}
    plan = [("professional", key) for key in rng.sample(sorted(OBSERVATIONS), k=rng.randint(2, 3))]
    if parent is not None:
        plan += [("parent", number) for number in rng.sample(range(len(AT_HOME)), k=rng.randint(1, 2))]
    for number, (side, choice) in enumerate(plan):
        entry_id = _stable_uuid(child.pk, number)
        if PortfolioEntry.objects.filter(pk=entry_id).exists():
            continue
        observed_on = today - timedelta(days=rng.randint(1, min(days_placed, 120)))
        written = timezone.make_aware(datetime.combine(observed_on, time(15, rng.randint(0, 59))))
        if side == "professional":
            draft = number == 0 and position % 3 == 0  # now and then a draft for the team
            entry = PortfolioEntry.objects.create(
                id=entry_id,
                child=child,
                author=mentor,
                perspective=Perspective.PROFESSIONAL,
                domain=domains[choice],
                observed_on=observed_on,
                text=rng.choice(OBSERVATIONS[choice]).format(**names),
                shared_at=None if draft else written,
            )
            if photos and number == 0:
                _add_picture(entry, (position + number) % 3, rng)
            if not draft and parent is not None and rng.random() < 0.5:
                _respond(entry, parent.user, Perspective.PARENT, rng.choice(RESPONSES_OF_PARENTS), names, written)
        else:
            key, text = AT_HOME[choice]
            entry = PortfolioEntry.objects.create(
                id=entry_id,
                child=child,
                author=parent.user,
                perspective=Perspective.PARENT,
                domain=domains[key] if key else None,
                observed_on=observed_on,
                text=text.format(**names),
                shared_at=written,
            )
            if rng.random() < 0.6:
                _respond(entry, mentor, Perspective.PROFESSIONAL, rng.choice(RESPONSES_OF_STAFF), names, written)
        PortfolioEntry.objects.filter(pk=entry.pk).update(created_at=written)


def _respond(entry: PortfolioEntry, author: User, perspective: str, text: str, names: dict, after: datetime) -> None:
    response = Response.objects.create(entry=entry, author=author, perspective=perspective, text=text.format(**names))
    Response.objects.filter(pk=response.pk).update(created_at=after + timedelta(hours=5))
    # Whoever answered an entry has seen it.
    EntrySeen.objects.get_or_create(entry=entry, user=author)


# A portfolio conversation the demo mentor held with the demo parent: per domain what each
# side saw, and what they agreed to do next.
AGREED_REVIEW = {
    "language": (
        "{child} praat op de groep steeds meer Nederlands: zinnen van twee, drie woorden. Bij het voorlezen wijst "
        "{child} aan en benoemt.",
        "Thuis praat {child} vooral Tarifit met ons en Nederlands met de grote zus. Het liefst zingt {child} liedjes.",
        "Thuis elke avond een boekje lezen in de eigen taal; op de groep de liedjes van het thema meegeven.",
    ),
    "social_emotional": (
        "{child} speelt graag samen in de huishoek en wacht al beter op de beurt.",
        "Sinds het zusje er is, wil {child} meer aandacht. Bij het slapengaan is het soms moeilijk.",
        "Op de groep een vast knuffelmoment bij het afscheid; thuis een vast ritueel voor het slapengaan.",
    ),
    "play": (
        "{child} bouwt lange treinen van blokken en vertelt waar ze naartoe gaan.",
        "Thuis speelt {child} het liefst met de keukenspullen: koken voor iedereen.",
        "",
    ),
}
# Another review, with the parents now: the group wrote its view, the parents are asked for theirs.
ASKED_REVIEW = {
    "motor": ("{child} klimt en klautert graag; met de schaar knippen gaat al goed.", "", ""),
    "self_care": ("{child} wil alles zelf: jas aan, handen wassen. Dat lukt steeds beter.", "", ""),
}


def demo_reviews(*, child: Child, mentor: User, parent: User | None, today: date, agreed: bool) -> None:
    """One review of the child's last half year: agreed (linked to the latest development
    conversation, when there is one) or with the parents, who are asked for their view."""
    from contacts.models import ContactMoment
    from portfolios.models import PortfolioReview, ReviewDomain

    review_id = _stable_uuid("review", child.pk)
    if PortfolioReview.objects.filter(pk=review_id).exists():
        return
    conversation = (
        ContactMoment.objects.filter(child=child, kind=ContactMoment.Kind.DEVELOPMENT, occurred_at__lte=timezone.now())
        .order_by("-occurred_at")
        .first()
    )
    end = timezone.localdate(conversation.occurred_at) if agreed and conversation else today - timedelta(days=1)
    now = timezone.now()
    review = PortfolioReview.objects.create(
        id=review_id,
        child=child,
        period_start=end - timedelta(days=182),
        period_end=end,
        contact_moment=conversation if agreed else None,
        status=PortfolioReview.Status.AGREED if agreed else PortfolioReview.Status.WITH_PARENTS,
        created_by=mentor,
        parents_asked_at=now - timedelta(days=3),
        agreed_by=mentor if agreed else None,
        agreed_at=now - timedelta(days=1) if agreed else None,
    )
    texts = AGREED_REVIEW if agreed else ASKED_REVIEW
    names = {"child": child.first_name}
    ReviewDomain.objects.bulk_create(
        ReviewDomain(
            review=review,
            domain=domain,
            professional_view=texts.get(domain.key, ("", "", ""))[0].format(**names),
            parent_view=texts.get(domain.key, ("", "", ""))[1].format(**names),
            parent_view_by=parent if agreed and domain.key in texts else None,
            next_steps=texts.get(domain.key, ("", "", ""))[2],
        )
        for domain in Domain.objects.filter(is_active=True)
    )
