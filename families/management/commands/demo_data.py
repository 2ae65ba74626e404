"""Load a realistic demo organisation; running it again updates instead of duplicating.

Two locations, five groups (two of them VE), about sixty children in families with
several home languages, professionals with mentor children, location managers, an
admin and parents with logins. Every child has an intake conversation (about one in six
still a draft), and some families a home visit. Each child has a contact routine (most
from the intake) and a history of contact moments with agreements: some children are
overdue, one family is out of sight. The demo professional offers an evening of
development conversations next week, one of them booked by the demo parent. Every demo
login shares settings.DEMO_PASSWORD.
"""

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, Subquery
from django.utils import timezone, translation

from accounts.models import User
from activities.demo import demo_activities
from contacts.models import (
    BUILT_IN_TOPICS,
    Agreement,
    Booking,
    ContactMoment,
    ContactRoutine,
    ConversationRequest,
    ConversationSlot,
    Topic,
)
from contacts.selectors import default_every_weeks
from contacts.services.moments import routine_from_intake
from families.models import Child, Family, Guardian, HomeLanguage, HomeVisit, Intake, Placement
from groups.models import Group, Location, StaffAssignment
from messaging.models import Announcement, Message, ReadMark
from portfolios.demo import demo_portfolio, demo_reviews
from portfolios.models import BUILT_IN_DOMAINS, Domain

DEMO_DOMAIN = "samenspel.test"
_NAMESPACE = uuid.UUID("6f1f4a52-2b1e-4c59-9d7e-5a3c2b1d0e9f")

# The logins `make run` prints, one per role.
DEMO_LOGINS = {
    "admin": f"admin@{DEMO_DOMAIN}",
    "manager": f"manager@{DEMO_DOMAIN}",
    "professional": f"pm@{DEMO_DOMAIN}",
    "parent": f"ouder@{DEMO_DOMAIN}",
}


@dataclass(frozen=True)
class Background:
    """Names and languages of families with one background; the languages spoken at home."""

    surnames: tuple[str, ...]
    mothers: tuple[str, ...]
    fathers: tuple[str, ...]
    children: tuple[str, ...]
    languages: tuple[str, ...]
    preferred: str
    interpreter_share: float = 0.0


BACKGROUNDS = {
    "dutch": Background(
        (
            "de Vries",
            "Jansen",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "de Groot",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
            "van Leeuwen",
            "Dekker",
            "Brouwer",
            "de Wit",
            "Dijkstra",
            "van Dijk",
        ),
        ("Sanne", "Lotte", "Eva", "Anne", "Marloes", "Iris", "Femke", "Kim", "Esther", "Linda"),
        ("Thijs", "Joost", "Ruben", "Bas", "Martijn", "Jeroen", "Sander", "Wouter", "Niels", "Erik"),
        (
            "Noah",
            "Emma",
            "Luuk",
            "Julia",
            "Sem",
            "Tess",
            "Daan",
            "Mila",
            "Finn",
            "Saar",
            "Levi",
            "Nora",
            "Bram",
            "Fenna",
            "Jesse",
            "Lieke",
            "Guus",
            "Roos",
        ),
        ("nl",),
        "nl",
    ),
    "moroccan": Background(
        ("Benali", "Bouzid", "El Idrissi", "Azzouzi", "Ait Said", "Chaouch", "Haddouchi", "Tahiri"),
        ("Fatima", "Khadija", "Naima", "Samira", "Hafsa", "Souad"),
        ("Mohamed", "Youssef", "Karim", "Rachid", "Hamza", "Said"),
        ("Adam", "Amira", "Yusuf", "Nour", "Ilyas", "Lina", "Rayan", "Sara", "Ayoub", "Imane"),
        ("ar", "ber", "nl"),
        "nl",
        0.2,
    ),
    "turkish": Background(
        ("Yilmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan"),
        ("Ayşe", "Emine", "Fatma", "Zehra", "Elif", "Merve"),
        ("Mehmet", "Murat", "Mustafa", "Emre", "Hakan", "Kemal"),
        ("Eymen", "Elif", "Ömer", "Zeynep", "Aras", "Defne", "Yusuf", "Azra", "Miraç", "Ecrin"),
        ("tr", "nl"),
        "tr",
        0.3,
    ),
    "polish": Background(
        ("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"),
        ("Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Anna"),
        ("Piotr", "Tomasz", "Paweł", "Marcin", "Krzysztof"),
        ("Zofia", "Jakub", "Hanna", "Antoni", "Julia", "Szymon", "Maja", "Filip"),
        ("pl",),
        "pl",
        0.4,
    ),
    "english": Background(
        ("Smith", "Taylor", "Brown", "Wilson", "Evans", "O'Brien", "Patel"),
        ("Sarah", "Emily", "Rachel", "Priya", "Hannah"),
        ("James", "Daniel", "Tom", "Raj", "Michael"),
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Arjun", "Freya"),
        ("en", "nl"),
        "en",
    ),
    "syrian": Background(
        ("Al-Hassan", "Haddad", "Khalil", "Al-Masri", "Darwish"),
        ("Rania", "Huda", "Lamia", "Dima"),
        ("Omar", "Ahmad", "Bilal", "Tarek"),
        ("Omar", "Layla", "Hamza", "Jana", "Karam", "Sidra"),
        ("ar",),
        "ar",
        0.6,
    ),
    "somali": Background(
        ("Ahmed", "Hassan", "Farah", "Warsame", "Abdi"),
        ("Hodan", "Amina", "Faduma", "Sahra"),
        ("Abdi", "Mahad", "Yusuf", "Liban"),
        ("Hodan", "Abdirahman", "Ayaan", "Ilhan", "Mohamed"),
        ("so", "nl"),
        "nl",
        0.5,
    ),
    "ukrainian": Background(
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk"),
        ("Olena", "Iryna", "Nataliia", "Oksana"),
        ("Andrii", "Oleksandr", "Dmytro", "Serhii"),
        ("Sofiia", "Maksym", "Anna", "Artem", "Zlata", "Mark"),
        ("uk", "ru"),
        "uk",
        0.5,
    ),
}
# How many families of each background, together about fifty families with ~60 children.
FAMILY_MIX = (
    ["dutch"] * 22
    + ["moroccan"] * 8
    + ["turkish"] * 7
    + ["polish"] * 4
    + ["english"] * 3
    + ["syrian"] * 3
    + ["somali"] * 2
    + ["ukrainian"] * 2
)

# --- Intake conversations and home visits: what a mentor might write down (in Dutch) ---

LANGUAGES_AT_HOME = {
    "dutch": "Thuis wordt alleen Nederlands gesproken. Vader leest elke avond een prentenboek voor; "
    "{child} zingt graag de liedjes van de groep na.",
    "moroccan": "Moeder spreekt Tarifit met {child}, vader Marokkaans-Arabisch en soms Nederlands. "
    "De oudere kinderen praten Nederlands met {child}. Weinig boeken in huis, wel veel verhalen van oma.",
    "turkish": "Thuis Turks. Moeder wil graag Nederlandse liedjes leren om samen te zingen. "
    "{child} kijkt op de tablet Turkse en Nederlandse tekenfilms.",
    "polish": "Beide ouders spreken Pools met {child} en lezen Poolse prentenboeken voor. "
    "Nederlands hoort {child} vooral op de groep en bij de buren.",
    "english": "Moeder spreekt Engels met {child}, vader Nederlands: één ouder, één taal. "
    "Ze lezen in beide talen voor en willen dat zo houden.",
    "syrian": "Thuis alleen Arabisch. De ouders volgen een taalcursus Nederlands. "
    "Het gesprek ging met een tolk; de ouders willen graag weten hoe ze {child} kunnen helpen.",
    "somali": "Moeder spreekt Somalisch met {child}, de grote zussen Nederlands. "
    "Er wordt veel verteld en gezongen, er zijn weinig boeken in huis.",
    "ukrainian": "Thuis Oekraïens, met opa en oma (videobellen) Russisch. "
    "{child} zegt al een paar Nederlandse woorden, zoals 'hoi' en 'nog een keer'.",
}
FAMILY_AND_NETWORK = (
    "{child} woont met {mother} en {father} in een flat in de wijk. Oma woont om de hoek en haalt "
    "{child} op woensdag op.",
    "{child} is het jongste kind; er zijn twee oudere broers op de basisschool. De buurvrouw springt "
    "bij als de ouders moeten werken.",
    "{mother} en {father} werken allebei; op vrijdag is {child} bij opa en oma. Een tante woont in dezelfde straat.",
    "{child} is het eerste kind. De familie woont grotendeels in het buitenland; de ouders hebben "
    "hier een paar goede vrienden uit de kerk en de moskee.",
)
ROUTINE_SLEEP = (
    "Slaapt 's middags ongeveer anderhalf uur, met de knuffel (een konijn) en een slaapzak.",
    "Slaapt thuis niet meer overdag; op de groep graag een rustmoment op de bank met een boekje.",
    "Valt in slaap met muziek; wordt vaak vroeg wakker en is rond twaalf uur moe.",
)
ROUTINE_FOOD = (
    "Eet alles, behalve varkensvlees (halal). Drinkt water en melk uit een beker.",
    "Eet graag brood en fruit; vindt warm eten lastig. Geen noten (allergie in de familie, niet bij {child}).",
    "Eet zelfstandig met een lepel; houdt van rijst, soep en komkommer.",
)
ROUTINE_COMFORT = (
    "Troost met de speen en even op schoot; de speen blijft in het mandje op de groep.",
    "Een liedje uit het thuisland helpt; moeder zingt het ons voor bij het brengen.",
    "Wil even alleen zijn in het hoekje en komt dan zelf terug; niet meteen optillen.",
)
INTERESTS = (
    "Bouwt graag torens met blokken en gooit ze lachend om. Houdt van dieren, vooral van poezen.",
    "Speelt graag buiten in de zandbak, rijdt op de loopfiets, is dol op auto's en vrachtwagens.",
    "Kijkt graag in prentenboeken en wijst alles aan. Speelt graag 'eten koken' in de huishoek.",
    "Danst op muziek, doet graag mee met kringspelletjes en tekent met dikke krijtjes.",
)
VIEW_ON_UPBRINGING = (
    "De ouders vinden het belangrijk dat {child} respect heeft voor ouderen en goed leert delen. "
    "Ze willen dat {child} de thuistaal blijft spreken.",
    "De ouders laten {child} graag zelf ontdekken en vinden buiten spelen belangrijk. "
    "Grenzen stellen vinden ze soms lastig.",
    "Rust en regelmaat zijn thuis belangrijk. De ouders willen graag horen hoe wij met driftbuien omgaan.",
)
EXPECTATIONS_OF_PARENTS = (
    "Dat we vertellen wat {child} heeft gedaan en gegeten, en een foto in het portfolio zetten.",
    "Dat we {child} helpen met Nederlands leren, en laten zien welke liedjes we zingen.",
    "Dat we bellen als {child} ziek is of erg verdrietig.",
)
EXPECTATIONS_OF_US = (
    "Dat de ouders vertellen hoe {child} heeft geslapen en als er thuis iets bijzonders is gebeurd.",
    "Dat de ouders af en toe een foto van thuis in het portfolio zetten.",
    "Dat de ouders meedoen met de ouder-kindactiviteit op donderdag, als het werk het toelaat.",
)
VISIT_INTERACTION = (
    "{mother} zat met {child} op de grond en las een boekje voor; {child} wees de dieren aan en maakte de geluiden.",
    "{child} liet trots de kamer zien. {father} reageerde op alles wat {child} zei en stelde vragen terug.",
    "Moeder en {child} speelden samen met de poppen; moeder liet {child} de regie houden.",
)
VISIT_LANGUAGE = (
    "Thuis wordt vooral de thuistaal gesproken; er staan een paar prentenboeken in de kast, de tv staat vaak aan.",
    "Veel gezongen, in de thuistaal en in het Nederlands. Oudere broer of zus praat Nederlands met {child}.",
    "Weinig speelgoed met taal (boekjes, memory); moeder vertelt wel veel verhalen.",
)
VISIT_FOLLOW_UP = (
    "We geven een prentenboek in de thuistaal mee uit de bibliotheek van de groep.",
    "Moeder komt een keer meedoen met de voorleesactiviteit op de groep.",
    "Bij het volgende gesprek bespreken we hoe het zindelijk worden thuis gaat.",
)
VISIT_SUMMARY = (
    "Wat fijn dat we bij jullie thuis mochten komen! We zagen hoe graag {child} met jullie voorleest. "
    "Zo helpen jullie {child} echt met praten, in jullie eigen taal. We geven een boekje mee.",
    "Dank jullie wel voor de gastvrijheid. {child} liet ons trots de kamer zien. We gaan op de groep "
    "ook met de dieren uit het boek spelen, zodat {child} ze herkent.",
)
# What the demo sets on each of its home visits (on a rerun, everything is set again).
HOME_VISIT_FIELDS = [
    "status",
    "planned_for",
    "professional",
    "created_by",
    "parent_child_interaction",
    "language_environment",
    "follow_up",
    "notes",
    "summary_for_parents",
    "summary_shared",
    "cancel_reason",
    "recorded_at",
    "created_at",
]
CANCEL_REASON = "De familie vroeg om het bezoek te verzetten: moeder is ziek. We plannen een nieuwe afspraak."

# --- Contact moments: what a mentor might write down after a talk with the parents ---

CHILD_EXPERIENCE = (
    "{child} heeft lang in de bouwhoek gespeeld en een toren gebouwd die hoger was dan de tafel.",
    "{child} zat bij het voorlezen vooraan en wees alle dieren in het boek aan.",
    "{child} heeft buiten met water en zand gespeeld en samen met een vriendje een taart gebakken.",
    "{child} was 's ochtends wat stil, maar na het fruit eten ging het beter; in de kring veel gelachen.",
    "{child} heeft met de vingers geverfd en was heel trots op de tekening.",
    "{child} zong voor het eerst mee met het goedemorgenlied.",
)
HOME_NEWS = (
    "Thuis slaapt {child} sinds een week slechter; er komen tandjes door.",
    "Oma is op bezoek uit het buitenland; {child} praat veel over haar.",
    "{child} wil thuis alles zelf doen, ook de schoenen aantrekken.",
    "Het weekend waren ze naar de kinderboerderij; {child} vond de geiten spannend.",
    "Thuis lezen ze nu elke avond voor in de thuistaal.",
    "",
)
POSITIVE_NOTES = (
    "{child} helpt andere kinderen met opruimen.",
    "{child} troostte een vriendje dat verdrietig was.",
    "{child} zegt steeds meer woordjes in het Nederlands.",
    "{child} durft nu zelf van de glijbaan.",
)
STAFF_NOTES = (
    "Moeder leek moe; volgende keer vragen hoe het thuis gaat.",
    "Vader vroeg naar de VE-indicatie; doorverwezen naar de locatiemanager.",
    "",
    "",
)
CONVERSATION_SUMMARIES = (
    "Dank jullie wel voor het gesprek. {child} praat steeds meer en speelt vaker samen met andere kinderen. "
    "Thuis lezen jullie samen voor; op de groep zingen we de liedjes die {child} kent.",
    "Wat fijn om te horen hoe het thuis gaat! {child} speelt op de groep graag in de bouwhoek en zingt steeds "
    "vaker mee. We letten samen op het slapen.",
    "{child} had een fijne periode op de groep. We spraken over eten en slapen; thuis en op de groep doen we "
    "het zoveel mogelijk op dezelfde manier.",
)
PICK_UP_SUMMARIES = (
    "{child} heeft vandaag lekker buiten gespeeld en goed gegeten.",
    "{child} vertelde vandaag trots over het weekend. Fijn dat jullie het ons lieten weten!",
)
AGREEMENTS_FOR_STAFF = (
    "Een prentenboek in de thuistaal meegeven uit de groepsbibliotheek",
    "Over twee weken navragen hoe het slapen gaat",
    "Foto's van de bouwhoek in het portfolio zetten",
)
AGREEMENTS_FOR_PARENTS = (
    "Thuis elke avond samen een boekje lezen",
    "Een foto van thuis in het portfolio zetten",
    "Laten weten hoe het zindelijk worden thuis gaat",
)
TOPIC_KEYS = ("sleeping", "eating", "playing", "friends", "language", "feelings", "toilet", "family", "development")
# The demo parent's conversation with the demo professional, with an agreement for each.
DEMO_PARENT_SUMMARY = (
    "Fijn dat we elkaar spraken, Khadija. {child} speelt graag met de blokken en zegt steeds meer woorden in "
    "het Nederlands. Thuis spreken jullie Tarifit: ga daar vooral mee door, dat helpt {child} juist."
)
DEMO_PARENT_AGREEMENT = "Elke avond samen een boekje lezen, in het Tarifit of in het Nederlands"
DEMO_PROFESSIONAL_AGREEMENT = "Een prentenboek uit de groepsbibliotheek meegeven"
CONVERSATION_REQUEST_REASON = "Hij is thuis erg druk sinds zijn zusje er is. Kunnen we daar eens over praten?"
# What the demo sets on each of its contact moments (on a rerun, everything is set again).
CONTACT_MOMENT_FIELDS = [
    "occurred_at",
    "kind",
    "professional",
    "recorded_by",
    "child_experience",
    "home_news",
    "positive_note",
    "staff_notes",
    "language_used",
    "interpreter_used",
    "shared_summary",
    "summary_shared",
    "created_at",
    "updated_at",
]
AGREEMENT_FIELDS = ["description", "owner_professional", "owner_guardian", "due_on", "done_at", "done_by", "created_at"]


LOCATIONS = [
    {
        "name": "Kindcentrum De Regenboog",
        "kind": Location.Kind.CHILD_CENTRE,
        "street": "Kanaalweg 12",
        "postcode": "3526 KL",
        "city": "Utrecht",
        "phone": "030 123 45 67",
        "groups": [("Dolfijnen", 0, 24, False), ("Vlinders", 24, 48, False), ("Uilen", 30, 48, True)],
    },
    {
        "name": "Peuteropvang Het Kompas",
        "kind": Location.Kind.PRESCHOOL,
        "street": "Zwartewaalstraat 40",
        "postcode": "3081 HX",
        "city": "Rotterdam",
        "phone": "010 765 43 21",
        "groups": [("Zonnetjes", 30, 48, True), ("Beertjes", 24, 48, False)],
    },
]

STAFF = [
    # email local part, first, last, role, location index, group names
    ("admin", "Anouk", "de Vries", "admin", None, ()),
    ("manager", "Marieke", "Bakker", "manager", 0, ()),
    ("manager.kompas", "Hasan", "Koç", "manager", 1, ()),
    ("pm", "Fatima", "El Amrani", "professional", 0, ("Uilen", "Vlinders")),
    ("lisa.jansen", "Lisa", "Jansen", "professional", 0, ("Dolfijnen",)),
    ("kevin.smit", "Kevin", "Smit", "professional", 0, ("Dolfijnen", "Vlinders")),
    ("ewa.nowak", "Ewa", "Nowak", "professional", 0, ("Uilen",)),
    ("sevda.kaya", "Sevda", "Kaya", "professional", 1, ("Zonnetjes",)),
    ("joyce.pinas", "Joyce", "Pinas", "professional", 1, ("Zonnetjes", "Beertjes")),
    ("mark.visser", "Mark", "Visser", "professional", 1, ("Beertjes",)),
]


ANNOUNCEMENT = (
    "Morgen gaan we met de groep naar het park om bladeren te zoeken. "
    "Willen jullie je kind laarzen en een regenjas meegeven? Dank jullie wel!"
)


@dataclass(frozen=True)
class DemoChild:
    """A demo child with what its intake and home visits are written from."""

    child: Child
    background: str
    guardians: list[Guardian]
    placement: Placement
    of_demo_parent: bool


def _text(rng: random.Random, options: tuple[str, ...], names: dict[str, str | None]) -> str:
    """One of the texts, about this family: none that names a parent the family does not have."""
    fitting = [text for text in options if all(names[name] or "{" + name + "}" not in text for name in names)]
    return rng.choice(fitting).format(**names)


def _set_changed(obj: models.Model, fields: dict) -> bool:
    """Set the demo's values on `obj`; whether any of them differed from what it had."""
    changed = False
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)
        wanted = value.pk if isinstance(value, models.Model) else value
        if current != wanted:
            setattr(obj, name, value)
            changed = True
    return changed


def _stable_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts))


def _email_part(text: str) -> str:
    table = str.maketrans("şŞçÇöÖüÜğĞıİśŚźŹżŻńŃłŁąĄęĘóÓ' -", "sScCoOuUgGiIsSzZzZnNlLaAeEoO...")
    return text.translate(table).lower().strip(".")


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisation with its logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")
        parser.add_argument(
            "--scale",
            type=float,
            help="Instead: a large organisation for the benchmark into an empty database "
            "(1.0: 60 locations, 20,000 children; see families/demo_scale.py).",
        )

    def handle(self, *args, quiet: bool = False, scale: float | None = None, **options) -> None:
        if scale is not None:
            from families.demo_scale import SCALE_LOGINS, scale_demo_load

            scale_demo_load(scale=scale, stdout=self.stdout)
            if not quiet:
                self.stdout.write(self.style.SUCCESS(f"Log in with (password: {settings.DEMO_PASSWORD}):"))
                for role, email in SCALE_LOGINS.items():
                    self.stdout.write(f"  {role:<13} {email}")
            return
        self._load(quiet=quiet)

    @transaction.atomic
    def _load(self, *, quiet: bool) -> None:
        self.today = date.today()
        self.now = timezone.now()
        self.random = random.Random(2026)
        self.password = make_password(settings.DEMO_PASSWORD)

        groups = self._locations_and_groups()
        professionals = self._staff(groups)
        children = self._families(groups, professionals)
        self._intakes(children)
        self._home_visits(children)
        self._routines(children)
        self._contact_moments(children)
        self._conversation_request(children)
        self._conversation_evening(children)
        self._messages(children)
        self._built_in_domains()
        self._portfolios(children)
        demo_activities(groups=list(groups.values()), today=self.today)
        if not quiet:
            self._print_logins()

    def _user(self, email: str, first_name: str, last_name: str, **extra) -> User:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={"first_name": first_name, "last_name": last_name, "password": self.password, **extra},
        )
        return user

    def _locations_and_groups(self) -> dict[str, Group]:
        groups = {}
        for spec in LOCATIONS:
            fields = {key: value for key, value in spec.items() if key not in ("name", "groups")}
            location, _ = Location.objects.update_or_create(name=spec["name"], defaults=fields)
            for name, age_from, age_to, is_ve in spec["groups"]:
                group, _ = Group.objects.update_or_create(
                    location=location,
                    name=name,
                    defaults={"age_from_months": age_from, "age_to_months": age_to, "is_ve": is_ve},
                )
                groups[name] = group
        return groups

    def _staff(self, groups: dict[str, Group]) -> dict[str, list[User]]:
        locations = list(Location.objects.filter(name__in=[spec["name"] for spec in LOCATIONS]).order_by("name"))
        by_name = {location.name: location for location in locations}
        professionals: dict[str, list[User]] = {name: [] for name in groups}
        for local, first, last, role, location_index, group_names in STAFF:
            is_admin = role == "admin"
            user = self._user(f"{local}@{DEMO_DOMAIN}", first, last, is_staff=is_admin, is_superuser=is_admin)
            if role == "manager":
                location = by_name[LOCATIONS[location_index]["name"]]
                StaffAssignment.objects.get_or_create(
                    user=user, role=StaffAssignment.Role.LOCATION_MANAGER, location=location
                )
            for group_name in group_names:
                StaffAssignment.objects.get_or_create(
                    user=user, role=StaffAssignment.Role.PROFESSIONAL, group=groups[group_name]
                )
                professionals[group_name].append(user)
        return professionals

    def _families(self, groups: dict[str, Group], professionals: dict[str, list[User]]) -> list[DemoChild]:
        demo_children = []
        group_cycle = list(groups.values())
        used_surnames: dict[str, int] = {}
        placed = 0  # children are spread evenly over the groups, and over each group's mentors
        placed_per_group: dict[str, int] = {}
        demo_parent_done = False
        for index, key in enumerate(FAMILY_MIX):
            background = BACKGROUNDS[key]
            rng = random.Random(f"family-{index}")
            surname = background.surnames[used_surnames.get(key, 0) % len(background.surnames)]
            used_surnames[key] = used_surnames.get(key, 0) + 1
            family, _ = Family.objects.update_or_create(
                id=_stable_uuid("family", index),
                defaults={
                    "name": surname,
                    "preferred_language": background.preferred,
                    "interpreter_needed": rng.random() < background.interpreter_share,
                    "phone": f"06 {rng.randint(10000000, 99999999)}",
                },
            )
            for position, language in enumerate(background.languages):
                spoken_by = "moeder en vader tegen het kind" if position == 0 else "broers en zussen, en op de groep"
                HomeLanguage.objects.update_or_create(
                    family=family, language=language, defaults={"spoken_by": spoken_by}
                )

            mother = rng.choice(background.mothers)
            father = rng.choice(background.fathers)
            # The demo parent login belongs to a Moroccan-Dutch family with two children.
            parent_email = None
            if not demo_parent_done and key == "moroccan":
                parent_email = DEMO_LOGINS["parent"]
                demo_parent_done = True
            guardians = [
                (0, mother, Guardian.Relationship.MOTHER, parent_email),
                (1, father, Guardian.Relationship.FATHER, None),
            ]
            if rng.random() < 0.15:
                guardians = guardians[:1]  # a single-parent family
            family_guardians = []
            for number, first_name, relationship, email in guardians:
                email = email or f"{_email_part(first_name)}.{_email_part(surname)}.{index}@{DEMO_DOMAIN}"
                # Most mothers, and some fathers, use the portal.
                has_login = email == DEMO_LOGINS["parent"] or (number == 0 and rng.random() < 0.8)
                user = None
                if has_login:
                    user = self._user(email, first_name, surname, preferred_language="en" if key == "english" else "")
                guardian, _ = Guardian.objects.update_or_create(
                    id=_stable_uuid("guardian", index, number),
                    defaults={
                        "family": family,
                        "user": user,
                        "first_name": first_name,
                        "last_name": surname,
                        "relationship": relationship,
                        "email": email,
                        "phone": f"06 {rng.randint(10000000, 99999999)}",
                        "preferred_language": background.preferred,
                    },
                )
                family_guardians.append(guardian)

            child_count = 2 if (index % 5 == 0 or parent_email) else 1
            for number in range(child_count):
                group = group_cycle[placed % len(group_cycle)]
                placed += 1
                placed_per_group[group.name] = placed_per_group.get(group.name, 0) + 1
                age_months = rng.randint(
                    group.age_from_months + 1, max(group.age_from_months + 2, group.age_to_months - 1)
                )
                birth_date = self.today - timedelta(days=int(age_months * 30.4) + rng.randint(0, 20))
                first_name = background.children[(index * 3 + number) % len(background.children)]
                child, _ = Child.objects.update_or_create(
                    id=_stable_uuid("child", index, number),
                    defaults={
                        "family": family,
                        "first_name": first_name,
                        "last_name": surname,
                        "birth_date": birth_date,
                    },
                )
                start_date = max(birth_date + timedelta(days=60), self.today - timedelta(days=rng.randint(30, 500)))
                mentors = professionals[group.name]
                # One placement per demo child, so that a changed demo layout moves it instead of adding one.
                placement, _ = Placement.objects.update_or_create(
                    child=child,
                    defaults={
                        "group": group,
                        "start_date": start_date,
                        "end_date": None,
                        "mentor": mentors[placed_per_group[group.name] % len(mentors)],
                    },
                )
                demo_children.append(DemoChild(child, key, family_guardians, placement, bool(parent_email)))
        return demo_children

    def _intakes(self, children: list[DemoChild]) -> None:
        """One intake per child, held by the mentor soon after the start; about one in six a draft."""
        for position, demo in enumerate(children):
            child, placement = demo.child, demo.placement
            rng = random.Random(f"intake-{child.pk}")
            names = self._names(demo)
            # The intake is held in the weeks before the child starts.
            held_on = min(placement.start_date - timedelta(days=rng.randint(3, 21)), self.today - timedelta(days=1))
            draft = position % 6 == 5
            fields = {
                "status": Intake.Status.DRAFT if draft else Intake.Status.COMPLETED,
                "held_on": held_on,
                "held_by": placement.mentor,
                "interpreter_used": child.family.interpreter_needed,
                "family_and_network": _text(rng, FAMILY_AND_NETWORK, names),
                "languages_at_home": LANGUAGES_AT_HOME[demo.background].format(**names),
                "routine_sleep": _text(rng, ROUTINE_SLEEP, names),
                "routine_food": "" if draft else _text(rng, ROUTINE_FOOD, names),
                "routine_comfort": "" if draft else _text(rng, ROUTINE_COMFORT, names),
                "interests": _text(rng, INTERESTS, names),
                "view_on_upbringing": "" if draft else _text(rng, VIEW_ON_UPBRINGING, names),
                "expectations_of_parents": "" if draft else _text(rng, EXPECTATIONS_OF_PARENTS, names),
                "expectations_of_us": "" if draft else _text(rng, EXPECTATIONS_OF_US, names),
                # A draft's contact routine is still to be agreed.
                "contact_every_weeks": None if draft else rng.choice((4, 6, 6, 8)),
                "contact_weekday": None if draft else rng.choice(Intake.Weekday.values),
                "contact_time": None if draft else rng.choice((time(8, 15), time(12, 30), time(17, 0), time(17, 30))),
                "contact_channel": ""
                if draft
                else rng.choice(
                    (Intake.Channel.PICK_UP, Intake.Channel.PICK_UP, Intake.Channel.PLANNED, Intake.Channel.PHONE)
                ),
                "completed_at": None if draft else self._moment(held_on, time(16, 0)),
                "updated_by": placement.mentor,
            }
            intake, _ = Intake.objects.update_or_create(child=child, defaults=fields)
            present = demo.guardians if rng.random() < 0.5 else demo.guardians[:1]
            intake.guardians_present.set(present)

    def _home_visits(self, children: list[DemoChild]) -> None:
        """A few home visits: some planned, some recorded (most with a summary shared with the
        parents), one cancelled. A child's demo visits are its oldest ones, updated in place."""
        wanted = {demo.child.pk: self._home_visits_of(position, demo) for position, demo in enumerate(children)}
        existing = defaultdict(list)
        for visit in HomeVisit.objects.filter(child_id__in=wanted).order_by("pk"):
            existing[visit.child_id].append(visit)
        to_update, to_create = [], []
        for child_id, visits in wanted.items():
            for position, fields in enumerate(visits):
                if position < len(existing[child_id]):
                    visit = existing[child_id][position]
                    for name, value in fields.items():
                        setattr(visit, name, value)
                    to_update.append(visit)
                else:
                    to_create.append(HomeVisit(child_id=child_id, **fields))
        created = HomeVisit.objects.bulk_create(to_create)
        # Again for the new ones too: creating sets created_at to now, the demo wants it earlier.
        HomeVisit.objects.bulk_update([*to_update, *created], HOME_VISIT_FIELDS)

    def _home_visits_of(self, position: int, demo: DemoChild) -> list[dict]:
        names = self._names(demo)
        rng = random.Random(f"home-visits-{demo.child.pk}")
        planned = {"status": HomeVisit.Status.PLANNED}
        done = {
            "status": HomeVisit.Status.DONE,
            "parent_child_interaction": _text(rng, VISIT_INTERACTION, names),
            "language_environment": _text(rng, VISIT_LANGUAGE, names),
            "follow_up": _text(rng, VISIT_FOLLOW_UP, names),
            "notes": "Gastvrij ontvangen; de ouders hadden thee en koekjes klaargezet.",
            "summary_for_parents": _text(rng, VISIT_SUMMARY, names),
            "summary_shared": True,
        }
        kind = rng.random()  # spread over the groups: placements go round the groups in turn
        if position == 8:
            cancelled = {"status": HomeVisit.Status.CANCELLED, "cancel_reason": CANCEL_REASON}
            visits = [
                {**cancelled, "planned_for": self._days_ago(4)},
                {**planned, "planned_for": self._days_ago(-10)},
            ]
        elif position == 3:
            visits = [{**planned, "planned_for": self._days_ago(1)}]  # took place, still to be recorded
        elif demo.of_demo_parent or kind < 0.2:
            visits = [{**done, "planned_for": self._days_ago(rng.randint(10, 60))}]
        elif kind < 0.4:
            visits = [{**planned, "planned_for": self._days_ago(-rng.randint(3, 21))}]
        elif kind < 0.6 and demo.placement.group.is_ve:
            visits = [{**done, "summary_shared": False, "planned_for": self._days_ago(rng.randint(5, 40))}]
        else:
            visits = []
        mentor = demo.placement.mentor
        blank = {
            **dict.fromkeys(("parent_child_interaction", "language_environment", "follow_up", "notes"), ""),
            "summary_for_parents": "",
            "summary_shared": False,
            "cancel_reason": "",
        }
        return [
            {
                **blank,
                **visit,
                "professional": mentor,
                "created_by": mentor,
                "recorded_at": (
                    visit["planned_for"] + timedelta(hours=20) if visit["status"] == HomeVisit.Status.DONE else None
                ),
                "created_at": min(visit["planned_for"] - timedelta(days=14), self.now),
            }
            for visit in visits
        ]

    def _routines(self, children: list[DemoChild]) -> None:
        """The routine agreed in each completed intake; for half of the drafts one agreed since."""
        intakes = {intake.child_id: intake for intake in Intake.objects.filter(child__in=[d.child for d in children])}
        for position, demo in enumerate(children):
            intake = intakes[demo.child.pk]
            if intake.is_completed:
                routine_from_intake(intake, demo.placement.mentor)
            elif (position // 6) % 2:
                ContactRoutine.objects.update_or_create(
                    child=demo.child,
                    defaults={
                        "every_weeks": 6,
                        "weekday": Intake.Weekday.THURSDAY,
                        "time": time(17, 0),
                        "channel": Intake.Channel.PICK_UP,
                        "agreed_on": self.today - timedelta(days=20),
                        "from_intake": False,
                        "updated_by": demo.placement.mentor,
                    },
                )

    def _contact_moments(self, children: list[DemoChild]) -> None:
        """A history of contact moments per child, updated in place on a rerun: a child's demo
        moments are its oldest ones, and so are its moments' demo agreements."""
        weeks = dict(
            ContactRoutine.objects.filter(child__in=[d.child for d in children]).values_list("child_id", "every_weeks")
        )
        out_of_sight = next(
            demo.child.pk
            for demo in children
            if demo.placement.mentor.email == DEMO_LOGINS["professional"]
            and not demo.of_demo_parent
            and sum(other.child.family_id == demo.child.family_id for other in children) == 1
            and demo.placement.start_date < self.today - timedelta(days=120)
        )
        topics = self._built_in_topics()
        wanted = {
            demo.child.pk: self._moments_of(
                position, demo, weeks.get(demo.child.pk, default_every_weeks()), demo.child.pk == out_of_sight
            )
            for position, demo in enumerate(children)
        }
        existing = defaultdict(list)
        for moment in ContactMoment.objects.filter(child_id__in=wanted).order_by("pk"):
            existing[moment.child_id].append(moment)
        pairs, to_update, to_create = [], [], []
        for child_id, moments in wanted.items():
            for position, spec in enumerate(moments):
                if position < len(existing[child_id]):
                    moment = existing[child_id][position]
                    if _set_changed(moment, spec["fields"]):
                        to_update.append(moment)
                else:
                    moment = ContactMoment(child_id=child_id, **spec["fields"])
                    to_create.append(moment)
                pairs.append((moment, spec))
        ContactMoment.objects.bulk_create(to_create)
        # Creating sets created_at to now; the demo's moments were written down soon after the talk.
        written = ExpressionWrapper(F("occurred_at") + timedelta(minutes=20), output_field=DateTimeField())
        ContactMoment.objects.filter(pk__in=[moment.pk for moment in to_create]).update(
            created_at=written, updated_at=written
        )
        # Only what changed since the last run (on another day, the dates move along).
        ContactMoment.objects.bulk_update(to_update, CONTACT_MOMENT_FIELDS, batch_size=200)

        moment_ids = [moment.pk for moment, _spec in pairs]
        topic_links = ContactMoment.topics.through
        guardian_links = ContactMoment.guardians_present.through
        topic_links.objects.filter(contactmoment_id__in=moment_ids).delete()
        guardian_links.objects.filter(contactmoment_id__in=moment_ids).delete()
        topic_links.objects.bulk_create(
            topic_links(contactmoment_id=moment.pk, topic_id=topics[key].pk)
            for moment, spec in pairs
            for key in spec["topics"]
        )
        guardian_links.objects.bulk_create(
            guardian_links(contactmoment_id=moment.pk, guardian_id=guardian.pk)
            for moment, spec in pairs
            for guardian in spec["guardians"]
        )
        self._agreements(pairs)

    def _agreements(self, pairs: list[tuple[ContactMoment, dict]]) -> None:
        existing = defaultdict(list)
        for agreement in Agreement.objects.filter(contact_moment__in=[moment for moment, _spec in pairs]).order_by(
            "pk"
        ):
            existing[agreement.contact_moment_id].append(agreement)
        to_update, to_create = [], []
        for moment, spec in pairs:
            for position, fields in enumerate(spec["agreements"]):
                if position < len(existing[moment.pk]):
                    agreement = existing[moment.pk][position]
                    if _set_changed(agreement, fields):
                        to_update.append(agreement)
                else:
                    to_create.append(Agreement(contact_moment=moment, **fields))
        Agreement.objects.bulk_create(to_create)
        made_in = ContactMoment.objects.filter(pk=OuterRef("contact_moment_id")).values("occurred_at")[:1]
        Agreement.objects.filter(pk__in=[agreement.pk for agreement in to_create]).update(created_at=Subquery(made_in))
        Agreement.objects.bulk_update(to_update, AGREEMENT_FIELDS, batch_size=200)

    def _built_in_domains(self) -> None:
        """The portfolio's development domains a migration adds; a test database emptied
        between tests lacks them."""
        for position, key in enumerate(BUILT_IN_DOMAINS):
            Domain.objects.get_or_create(key=key, defaults={"position": position})

    def _portfolios(self, children: list[DemoChild]) -> None:
        """Entries from both sides for every child; photo consent (and pictures) for every
        other child, but not for the demo parent's (they meet the consent questions); reviews."""
        for position, demo in enumerate(children):
            demo_portfolio(
                child=demo.child,
                guardians=demo.guardians,
                mentor=demo.placement.mentor,
                placed_on=demo.placement.start_date,
                today=self.today,
                position=position,
                photos=position % 2 == 0 and not demo.of_demo_parent,
            )
        # The demo parent's children: one review agreed with the demo professional, the other
        # with the parents for their view.
        for demo in children:
            if demo.of_demo_parent and demo.placement.start_date < self.today:
                demo_reviews(
                    child=demo.child,
                    mentor=demo.placement.mentor,
                    parent=demo.guardians[0].user,
                    today=self.today,
                    agreed=demo.placement.mentor.email == DEMO_LOGINS["professional"],
                )

    def _built_in_topics(self) -> dict[str, Topic]:
        """The topics a migration adds; a test database emptied between tests lacks them."""
        topics = {}
        with translation.override("nl"):
            for position, (key, name) in enumerate(BUILT_IN_TOPICS.items()):
                topics[key], _ = Topic.objects.get_or_create(
                    key=key, defaults={"name": str(name), "position": position}
                )
        return topics

    def _moments_of(self, position: int, demo: DemoChild, every_weeks: int, out_of_sight: bool) -> list[dict]:
        """From the placement's start, a contact about every routine period; the last one
        recent for most children, a little too long ago for some (overdue), and long ago for
        the family that is out of sight."""
        rng = random.Random(f"contacts-{demo.child.pk}")
        names = self._names(demo)
        period = every_weeks * 7
        if out_of_sight:
            last = period + 14 + rng.randint(10, 20)  # beyond the routine plus the out-of-sight margin
        elif demo.of_demo_parent:
            last = rng.randint(7, 14)
        elif position % 7 == 0:
            last = period + rng.randint(3, 10)  # overdue, not yet out of sight
        elif position % 7 == 1:
            last = period - rng.randint(0, 5)  # due this week
        else:
            last = rng.randint(3, max(4, period - 10))
        first_possible = (self.today - demo.placement.start_date).days
        days_ago = [days for days in range(last, min(first_possible, 180), period) if days >= 1]
        specs = []
        for number, days in enumerate(reversed(days_ago)):  # oldest first
            latest = number == len(days_ago) - 1
            conversation = number % 3 == 2 or (demo.of_demo_parent and latest)
            specs.append(self._moment_spec(rng, demo, names, days, conversation=conversation, latest=latest))
        return specs

    def _moment_spec(
        self, rng: random.Random, demo: DemoChild, names: dict, days: int, *, conversation: bool, latest: bool
    ) -> dict:
        mentor = demo.placement.mentor
        family = demo.child.family
        day = self.today - timedelta(days=days)
        occurred_at = self._moment(day, time(19, 30) if conversation else time(17, rng.choice((0, 10, 20, 40))))
        kind = ContactMoment.Kind.PICK_UP
        if conversation:
            kind = ContactMoment.Kind.DEVELOPMENT
        elif rng.random() < 0.15:
            kind = ContactMoment.Kind.PHONE
        summary = ""
        if conversation:
            summary = _text(rng, CONVERSATION_SUMMARIES, names)
        elif demo.of_demo_parent and days < 60:
            summary = _text(rng, PICK_UP_SUMMARIES, names)
        agreements = []
        if conversation:
            done = days > 28
            due_on = day + timedelta(days=21)
            common = {"done_at": self._moment(due_on, time(9, 0)) if done else None, "created_at": occurred_at}
            agreements = [
                {
                    **common,
                    "description": rng.choice(AGREEMENTS_FOR_STAFF),
                    "owner_professional": mentor,
                    "owner_guardian": None,
                    "due_on": due_on,
                    "done_by": mentor if done else None,
                },
                {
                    **common,
                    "description": rng.choice(AGREEMENTS_FOR_PARENTS),
                    "owner_professional": None,
                    "owner_guardian": demo.guardians[0],
                    "due_on": due_on,
                    "done_by": (demo.guardians[0].user or mentor) if done else None,
                },
            ]
        if demo.of_demo_parent and latest and mentor.email == DEMO_LOGINS["professional"]:
            # What the README's walk-through shows: Khadija's open agreement and one of Fatima's.
            summary = DEMO_PARENT_SUMMARY.format(**names)
            open_ = {"done_at": None, "done_by": None, "created_at": occurred_at}
            agreements = [
                {
                    **open_,
                    "description": DEMO_PARENT_AGREEMENT,
                    "owner_professional": None,
                    "owner_guardian": demo.guardians[0],
                    "due_on": self.today + timedelta(days=10),
                },
                {
                    **open_,
                    "description": DEMO_PROFESSIONAL_AGREEMENT,
                    "owner_professional": mentor,
                    "owner_guardian": None,
                    "due_on": self.today + timedelta(days=5),
                },
            ]
        return {
            "fields": {
                "occurred_at": occurred_at,
                "kind": kind,
                "professional": mentor,
                "recorded_by": mentor,
                "child_experience": _text(rng, CHILD_EXPERIENCE, names),
                "home_news": _text(rng, HOME_NEWS, names),
                "positive_note": _text(rng, POSITIVE_NOTES, names) if rng.random() < 0.7 else "",
                "staff_notes": rng.choice(STAFF_NOTES),
                "language_used": family.preferred_language if conversation else "nl",
                "interpreter_used": conversation and family.interpreter_needed,
                "shared_summary": summary,
                "summary_shared": bool(summary),
                "created_at": occurred_at + timedelta(minutes=20),
                "updated_at": occurred_at + timedelta(minutes=20),
            },
            "topics": rng.sample(TOPIC_KEYS, rng.randint(1, 2)),
            "guardians": demo.guardians if conversation else demo.guardians[:1],
            "agreements": agreements,
        }

    def _conversation_request(self, children: list[DemoChild]) -> None:
        """One open request for a conversation, from a parent of one of the demo professional's children."""
        demo = next(
            demo
            for demo in children
            if demo.placement.mentor.email == DEMO_LOGINS["professional"]
            and not demo.of_demo_parent
            and demo.guardians[0].user is not None
        )
        request, _ = ConversationRequest.objects.update_or_create(
            child=demo.child,
            requested_by=demo.guardians[0].user,
            reason=CONVERSATION_REQUEST_REASON,
            defaults={"handled_at": None, "handled_by": None},
        )
        ConversationRequest.objects.filter(pk=request.pk).update(created_at=self.now - timedelta(days=2))

    def _conversation_evening(self, children: list[DemoChild]) -> None:
        """The demo professional offers 15-minute development conversations on Tuesday evening
        next week; the demo parent booked one for the child in her group."""
        mentor = User.objects.get(email=DEMO_LOGINS["professional"])
        tuesday = self.today + timedelta(days=7 - self.today.weekday() + 1)
        demo = next(demo for demo in children if demo.of_demo_parent and demo.placement.mentor == mentor)
        slots = []
        for number in range(8):
            starts_at = self._moment(tuesday, time(19, 0)) + timedelta(minutes=15 * number)
            slot, _ = ConversationSlot.objects.get_or_create(
                mentor=mentor,
                starts_at=starts_at,
                defaults={
                    "ends_at": starts_at + timedelta(minutes=15),
                    "kind": ContactMoment.Kind.DEVELOPMENT,
                    "place": f"Groepsruimte {demo.placement.group.name}",
                },
            )
            slots.append(slot)
        booked = Booking.objects.filter(child=demo.child, cancelled_at__isnull=True, slot__starts_at__gte=self.now)
        taken = set(Booking.objects.filter(slot__in=slots, cancelled_at__isnull=True).values_list("slot_id", flat=True))
        free = [slot for slot in slots[2:] + slots[:2] if slot.pk not in taken]
        if not booked.exists() and free:
            Booking.objects.create(
                slot=free[0],
                child=demo.child,
                booked_by=demo.guardians[0].user,
                note="Hoe gaat het met praten, in het Nederlands en thuis in het Tarifit?",
            )

    def _messages(self, children: list[DemoChild]) -> None:
        """A short conversation about the demo parent's child in the demo professional's group
        (the last message unread by the professional), and an announcement to that group."""
        mentor = User.objects.get(email=DEMO_LOGINS["professional"])
        demo = next(demo for demo in children if demo.of_demo_parent and demo.placement.mentor == mentor)
        parent = demo.guardians[0].user
        name = demo.child.first_name
        conversation = [
            (mentor, Message.Side.STAFF, 26, f"Goedemorgen! {name} heeft vandaag met klei een taart gemaakt."),
            (parent, Message.Side.PARENTS, 25, "Wat leuk! Thuis wil hij ook steeds taarten bakken."),
            (
                parent,
                Message.Side.PARENTS,
                2,
                f"{name} heeft vannacht slecht geslapen en is wat moe. Letten jullie op een middagslaapje?",
            ),
        ]
        if not Message.objects.filter(child=demo.child).exists():
            for author, side, hours_ago, body in conversation:
                sent_at = self.now - timedelta(hours=hours_ago)
                Message.objects.create(child=demo.child, author=author, side=side, body=body, created_at=sent_at)
            ReadMark.objects.update_or_create(
                child=demo.child, user=parent, defaults={"read_up_to": self.now - timedelta(hours=26)}
            )
            ReadMark.objects.update_or_create(
                child=demo.child, user=mentor, defaults={"read_up_to": self.now - timedelta(hours=25)}
            )
        Announcement.objects.get_or_create(
            group=demo.placement.group,
            author=mentor,
            body=ANNOUNCEMENT,
            defaults={"created_at": self.now - timedelta(hours=20)},
        )

    @staticmethod
    def _names(demo: DemoChild) -> dict[str, str | None]:
        first_names = {guardian.relationship: guardian.first_name for guardian in demo.guardians}
        return {
            "child": demo.child.first_name,
            "mother": first_names.get(Guardian.Relationship.MOTHER),
            "father": first_names.get(Guardian.Relationship.FATHER),
        }

    def _moment(self, day: date, at: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, at))

    def _days_ago(self, days: int) -> datetime:
        return self._moment(self.today - timedelta(days=days), time(10, 0) if days % 2 else time(15, 30))

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Log in with (password: {settings.DEMO_PASSWORD}):"))
        for role, email in DEMO_LOGINS.items():
            self.stdout.write(f"  {role:<13} {email}")
