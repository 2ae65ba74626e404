"""Load a realistic demo organisation; running it again updates instead of duplicating.

Two locations, five groups (two of them VE), about sixty children in families with
several home languages, professionals with mentor children, location managers, an
admin and parents with logins. Every demo login shares settings.DEMO_PASSWORD.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from families.models import Child, Family, Guardian, HomeLanguage, Placement
from groups.models import Group, Location, StaffAssignment

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


def _stable_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts))


def _email_part(text: str) -> str:
    table = str.maketrans("şŞçÇöÖüÜğĞıİśŚźŹżŻńŃłŁąĄęĘóÓ' -", "sScCoOuUgGiIsSzZzZnNlLaAeEoO...")
    return text.translate(table).lower().strip(".")


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisation with its logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    @transaction.atomic
    def handle(self, *args, quiet: bool = False, **options) -> None:
        self.today = date.today()
        self.random = random.Random(2026)
        self.password = make_password(settings.DEMO_PASSWORD)

        groups = self._locations_and_groups()
        professionals = self._staff(groups)
        self._families(groups, professionals)
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

    def _families(self, groups: dict[str, Group], professionals: dict[str, list[User]]) -> None:
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
                spoken_by = "mother and father to the child" if position == 0 else "siblings and at the group"
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
            for number, first_name, relationship, email in guardians:
                email = email or f"{_email_part(first_name)}.{_email_part(surname)}.{index}@{DEMO_DOMAIN}"
                # Most mothers, and some fathers, use the portal.
                has_login = email == DEMO_LOGINS["parent"] or (number == 0 and rng.random() < 0.8)
                user = None
                if has_login:
                    user = self._user(email, first_name, surname, preferred_language="en" if key == "english" else "")
                Guardian.objects.update_or_create(
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
                Placement.objects.update_or_create(
                    child=child,
                    defaults={
                        "group": group,
                        "start_date": start_date,
                        "end_date": None,
                        "mentor": mentors[placed_per_group[group.name] % len(mentors)],
                    },
                )

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Log in with (password: {settings.DEMO_PASSWORD}):"))
        for role, email in DEMO_LOGINS.items():
            self.stdout.write(f"  {role:<13} {email}")
