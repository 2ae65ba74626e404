"""Hostile input to every form of the app: never a 500, and stored markup always comes back escaped.

No list of forms is kept here: the pages come from the access table (tests/test_access_table.py),
and the forms from the pages themselves. Each page that a role opens with a 200 is read, and
every <form> on it is posted (or, for a search form, submitted) with what a careless, curious
or malicious user might send: every payload kind of tests/hostile.py once, then examples drawn
by hypothesis (derandomized, so CI sees the same ones). A form met again (the language switch
on every page, the same button on two pages) is tried once. Then markup is stored through
every form and every page is read again: it must come back escaped.
"""

import importlib
import inspect
import json
import os
import pathlib
import pkgutil
import re
from datetime import timedelta
from urllib.parse import quote_plus, urlsplit

import pytest
from django import forms
from django.apps import apps as django_apps
from django.core import mail
from django.db import connection, models
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from families.models import Family
from tests import hostile
from tests.conftest import client_for

# The access table's world: every page's objects, for both sides (the parameter shadows it: F811).
from tests.test_access_table import (
    LOGIN,
    ROLES,
    TABLE,
    Page,
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db

# CI tries a few examples per form, always the same ones. HOSTILE_EXAMPLES=50 asks for a
# deeper run with fresh random examples (hypothesis prints the seed of a failure).
EXAMPLES_PER_FORM = int(os.environ.get("HOSTILE_EXAMPLES", "5"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize="HOSTILE_EXAMPLES" not in os.environ,
    database=None,
)

OUR_APPS = ("accounts", "groups", "families", "contacts", "notifications", "messaging", "portfolios", "activities")
OUR_APPS += ("privacy", "photos")
# Fields a person types into; the others take a choice, a number, a date or a file.
TEXT_KINDS = {"text", "textarea", "email", "url", "tel", "search", "password"}
# Forms not to post: logging out would end the test's session.
NOT_POSTED = {"account_logout"}
# Done last in the sweep, so that what is stored stays visible while the pages are read.
DESTRUCTIVE = re.compile(r"cancel|withdraw|delete|remove|logout")


@pytest.fixture(autouse=True)
def _nul_refused_as_postgresql_does():
    """PostgreSQL refuses a query parameter with a NUL character (an error, a 500); SQLite
    takes it. Refuse it here too, so that these tests find what production would."""

    def refuse_nul(execute, sql, params, many, context):
        rows = params if many else [params]
        for row in rows or ():
            for value in row.values() if isinstance(row, dict) else row or ():
                if isinstance(value, str) and "\x00" in value:
                    raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_nul):
        yield


def _is_own(page: Page) -> bool:
    return not page.label.startswith(("foreign_", "unknown_"))


def _roles(expected: dict, wanted) -> list[str]:
    return [role for role in ROLES if wanted(expected[role])]


# One test per page: each role that opens it (200) brings the forms it sees there.
GET_CASES = [
    pytest.param(page, _roles(expected, lambda answer: answer == 200), id=page.label)
    for page, expected in TABLE
    if page.method == "get" and _is_own(page) and 200 in expected.values()
]
# The buttons that post without a page of their own, as the first role allowed to press them.
POST_CASES = [
    pytest.param(page, allowed[0], id=page.label)
    for page, expected in TABLE
    if page.method == "post" and _is_own(page)
    if (allowed := _roles(expected, lambda answer: answer != LOGIN and answer not in (403, 404)))
]


def _view_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def _check(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    if "text/html" in response.get("Content-Type", "") and not response.streaming:
        html = response.content.decode(response.charset or "utf-8", "replace")
        for unescaped in hostile.UNESCAPED:
            assert unescaped not in html, f"{what} shows {unescaped!r} unescaped: {_around(html, unescaped)}"


def _get(client: Client, url: str, query: dict, what: str) -> None:
    try:
        response = client.get(url, query)
    except Exception as error:
        raise AssertionError(f"{what} raised {error!r}") from error
    _check(response, what)


def _around(html: str, needle: str) -> str:
    at = html.find(needle)
    return html[max(0, at - 200) : at + 200]


def _submit(client: Client, form: hostile.Form, data: dict, files: dict | None = None, **headers):
    if form.method == "post":
        return client.post(form.action, {**data, **(files or {})}, **headers)
    # A search or filter form: its fields go into the query string.
    return client.get(form.action, data, **headers)


def _grouped(form: hostile.Form) -> dict[str, list[hostile.Field]]:
    grouped: dict[str, list[hostile.Field]] = {}
    for fld in form.fields:
        grouped.setdefault(fld.name, []).append(fld)
    return grouped


def _baseline(fields: list[hostile.Field]) -> list[str]:
    """What a sensible person sends for the fields of one name (radios: one of them)."""
    values = [value for fld in fields if (value := hostile.baseline(fld)) is not None]
    if not values and fields[0].kind == "radio":
        values = [fields[0].value]
    return values


def _fixed_cases(form: hostile.Form) -> list[tuple[str, dict, dict]]:
    """One submission per payload kind: sensible values, and the payload where it fits best."""
    grouped = _grouped(form)
    base = {name: _baseline(fields) for name, fields in grouped.items()}
    typed = [name for name, fields in grouped.items() if fields[0].kind not in TEXT_KINDS | {"file", "hidden"}]
    texts = [name for name, fields in grouped.items() if fields[0].kind in TEXT_KINDS]
    hidden = [name for name, fields in grouped.items() if fields[0].is_hidden]
    cases = [
        (kind, {**base, **{name: [payload] for name in texts or typed}}, {})
        for kind, payload in hostile.PAYLOADS.items()
    ]
    cases += [
        ("wrong_types", {**base, **{name: ["not a number <b>x</b>"] for name in typed + hidden}}, {}),
        (
            "edge_values",
            {
                **base,
                **{name: [_edge(grouped[name][0])] for name in typed},
                **{name: ["00000000-0000-0000-0000-000000000000"] for name in hidden},
            },
            {},
        ),
        ("missing_fields", {name: base[name] for name in hidden}, {}),
    ]
    for name, fields in grouped.items():
        if fields[0].kind == "file":
            cases += [(f"file_{kind}", base, {name: hostile.hostile_file(kind)}) for kind in hostile.HOSTILE_FILES]
    return cases


def _edge(fld: hostile.Field) -> str:
    return {
        "number": "99999999999999999999999999",
        "range": "-9223372036854775809",
        "date": "0001-01-01",
        "datetime-local": "9999-12-31T23:59",
        "time": "25:61",
        "month": "0000-00",
    }.get(fld.kind, "99999999999999999999999999")  # a choice: an id no database column holds


def _invalid_utf8(client: Client, form: hostile.Form):
    """Bytes that are not UTF-8 in every field (a browser with a broken charset)."""
    grouped = _grouped(form)
    pairs = [f"{quote_plus(name)}=%FF%FE%C0%AF" for name in grouped]
    body = "&".join(pairs).encode()
    if form.method == "post":
        return client.post(form.action, body, content_type="application/x-www-form-urlencoded")
    return client.get(f"{form.action.split('?')[0]}?{body.decode()}")


@st.composite
def _submission(draw, form: hostile.Form) -> tuple[dict, dict, dict]:
    """Each field sensible, hostile, of the wrong type, missing or sent twice; hidden fields mostly kept."""
    data: dict = {}
    files: dict = {}
    for name, fields in _grouped(form).items():
        kind = fields[0].kind
        if kind == "file":
            choice = draw(st.sampled_from([None, *hostile.HOSTILE_FILES]))
            if choice:
                files[name] = hostile.hostile_file(choice)
            continue
        how = draw(
            st.sampled_from(["keep", "keep", "keep", "keep", "hostile", "missing"])
            if kind == "hidden"
            else st.sampled_from(["keep", "hostile", "hostile", "wrong", "missing", "twice"])
        )
        if how == "keep":
            data[name] = _baseline(fields)
        elif how == "hostile":
            data[name] = [draw(hostile.hostile_text)]
        elif how == "wrong":
            data[name] = [draw(st.sampled_from(hostile.WRONG_TYPES) | st.sampled_from(fields[0].options or ["x"]))]
        elif how == "twice":
            data[name] = [*_baseline(fields), draw(hostile.hostile_text)]
    if form.submits:
        button = draw(st.sampled_from(form.submits))
        data[button[0]] = [button[1]]
    extra_keys = st.sampled_from(["next", "action", "id", "pk", "x\x00"])
    extra = draw(st.dictionaries(extra_keys, hostile.hostile_text, max_size=2))
    headers = {"HTTP_HX_REQUEST": "true"} if draw(st.booleans()) else {}
    return {**{k: [v] for k, v in extra.items()}, **data}, files, headers


def _exercise(client: Client, form: hostile.Form, what: str) -> list[str]:
    """Every fixed case, then the drawn ones; returns where successful posts sent the user."""
    landed: list[str] = []

    def send(case: str, submit) -> None:
        try:
            response = submit()
        except Exception as error:
            raise AssertionError(f"{what} ({case}) raised {error!r}") from error
        _check(response, f"{what} ({case})")
        if response.status_code == 302 and response.url.startswith("/"):
            landed.append(response.url)

    for case, data, files in _fixed_cases(form):
        send(case, lambda data=data, files=files: _submit(client, form, data, files))
    send("invalid_utf8", lambda: _invalid_utf8(client, form))

    # A search or filter form only reads: fewer drawn examples than a form that stores.
    @settings(HYPOTHESIS, max_examples=EXAMPLES_PER_FORM if form.method == "post" else EXAMPLES_PER_FORM // 2)
    @given(_submission(form))
    def drawn(submission) -> None:
        data, files, headers = submission
        send("drawn", lambda: _submit(client, form, data, files, **headers))

    drawn()
    return landed


def _query_keys() -> list[str]:
    """Every query parameter our views read (`request.GET.get("page")` and the like)."""
    keys: set[str] = set()
    for app in OUR_APPS:
        for path in pathlib.Path(importlib.import_module(app).__path__[0]).rglob("*.py"):
            keys |= set(re.findall(r"request\.GET(?:\.get|\.getlist)?[\[(]\s*[\"'](\w+)[\"']", path.read_text()))
    return sorted(keys)


# Forms met before in this run (the language switch is on every page, the same button on
# several): what is validated does not depend on who posts, so each is tried once.
_seen: set = set()


def _new_forms(html: str, url: str) -> list[hostile.Form]:
    found = []
    for form in hostile.forms_of(html, url):
        view = _view_name(form.action)
        key = (view, form.signature())
        if view in NOT_POSTED or key in _seen:
            continue
        _seen.add(key)
        found.append(form)
    return found


@pytest.mark.parametrize(("page", "roles"), GET_CASES)
def test_hostile_input_to_the_forms_of_each_page_never_answers_500(world, page, roles):  # noqa: F811
    url = reverse(page.name, args=page.args(world))
    for role in roles:
        client = client_for(world[role])
        response = client.get(url)
        if response.status_code != 200 and role != roles[0]:
            continue  # the posts of the role before closed it (a visit cancelled, a word removed)
        assert response.status_code == 200, f"{page.label} as {role}"
        if "text/html" not in response.get("Content-Type", ""):
            return  # a photo, a PDF, a calendar file: no forms, whoever asks

        new_forms = _new_forms(response.content.decode(), url)
        landed = []
        for index, form in enumerate(new_forms):
            what = f"form {index} of {page.label} as {role}: {form.method} {form.action}"
            landed += _exercise(client, form, what)
        for after in [url, *dict.fromkeys(landed)] if new_forms else []:
            _get(client, after, {}, f"{after} after the hostile posts of {page.label} as {role}")
        if role == roles[0]:
            for value in ("²", "\x00<script>alert(1)</script>"):
                what = f"{page.label} as {role} with every query parameter {value!r}"
                _get(client, url, dict.fromkeys(QUERY_KEYS, value), what)
    assert _database_would_refuse() == [], f"after the hostile posts of {page.label}"


QUERY_KEYS = _query_keys()
POST_KEYS = ["next", "done", "reply", "published", "since", "after", "group", "language", "token", "cancel", "back"]


@pytest.mark.parametrize(("page", "role"), POST_CASES)
def test_hostile_data_posted_to_each_button_never_answers_500(world, page, role):  # noqa: F811
    client = client_for(world[role])
    url = reverse(page.name, args=page.args(world))
    keys = sorted({*page.data, *POST_KEYS})

    for kind, payload in hostile.PAYLOADS.items():
        _check(client.post(url, dict.fromkeys(keys, payload)), f"{page.label} as {role} ({kind})")

    @HYPOTHESIS
    @given(st.dictionaries(st.sampled_from(keys) | hostile.hostile_text, hostile.hostile_text, max_size=5))
    def drawn(data) -> None:
        _check(client.post(url, data), f"{page.label} as {role}")

    drawn()
    assert _database_would_refuse() == [], f"after the hostile posts to {page.label}"


# --- what PostgreSQL would refuse (the tests run on SQLite, which stores anything)


def _database_would_refuse() -> list[str]:
    """Stored text PostgreSQL refuses (a 500 in production): NUL characters, and text longer
    than its column. SQLite takes both, so the tests look for themselves."""
    problems = []
    for model in django_apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        texts = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        jsons = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not texts and not jsons:
            continue
        names = [f.attname for f in texts + jsons]
        for pk, *values in model._base_manager.values_list("pk", *names):
            for fld, value in zip(texts + jsons, values, strict=True):
                text = json.dumps(value) if fld in jsons else (value or "")
                if "\x00" in text or "\\u0000" in text:
                    problems.append(f"{model.__name__}.{fld.name} of {pk} holds a NUL character")
                if fld in texts and isinstance(fld, models.CharField) and fld.max_length and len(text) > fld.max_length:
                    problems.append(f"{model.__name__}.{fld.name} of {pk} is longer than {fld.max_length}")
    return problems


def _fields_in_error(response) -> set[str]:
    """The (prefixed) names of the fields a re-rendered form complains about."""
    names: set[str] = set()
    contexts = response.context if isinstance(response.context, list) else [response.context or {}]
    values = [value for context in contexts for value in dict(context.flatten() if context else {}).values()]
    for value in values:
        bound = value.forms if isinstance(value, forms.BaseFormSet) else [value]
        for form in bound:
            if isinstance(form, forms.BaseForm) and form.is_bound:
                names |= {form.add_prefix(name) for name in form.errors if name != forms.forms.NON_FIELD_ERRORS}
    return names


def _store_markup(client: Client, form: hostile.Form, tag: str) -> list[str]:
    """Post markup in every text field, the rest filled in as a person would; a field the
    form refuses is tried again plainly (a date in the past, an empty phone number)."""
    grouped = _grouped(form)
    data = {name: _baseline(fields) for name, fields in grouped.items()}
    hours = iter(range(10, 24))
    for name, fields in grouped.items():
        kind, options = fields[0].kind, [option for option in fields[0].options if option]
        if kind in ("text", "textarea", "search"):
            max_length = int(fields[0].attrs["maxlength"]) if fields[0].attrs.get("maxlength") else None
            data[name] = [hostile.marker_payload(tag, max_length)]
        elif kind in ("select", "select-multiple") and not any(data[name]) and options:
            data[name] = options[:1]  # a person chooses one
        elif kind == "checkbox" and len(fields) > 1 and not data[name]:
            data[name] = [fields[0].value]
        elif kind == "time":
            data[name] = [f"{next(hours)}:00"]  # a start before its end
    for _attempt in range(3):
        response = client.post(form.action, data)
        _check(response, f"posting markup to {form.action}")
        if response.status_code != 200:
            break
        refused = _fields_in_error(response) & set(grouped)
        if not refused:
            break
        for name in refused:
            kind = grouped[name][0].kind
            past = timezone.localtime() - timedelta(days=400)
            data[name] = [
                {"date": past.date().isoformat(), "datetime-local": past.strftime("%Y-%m-%dT10:00")}.get(kind, "")
            ]
    return [response.url] if response.status_code == 302 and response.url.startswith("/") else []


SWEEP_ROLES = ("parent", "professional", "manager", "org_admin", "outsider")


def test_stored_markup_comes_back_escaped_on_every_page(world):  # noqa: F811
    """Markup typed into every text field of every form (the other fields filled in sensibly,
    so that it is stored), then every page read by every role: it shows as text, never as
    markup. The tag in each payload (`xss-f<number>x`) names the form that stored it."""
    clients = {role: client_for(world[role]) for role in SWEEP_ROLES}
    pages: dict[str, list[str]] = {role: [] for role in SWEEP_ROLES}
    to_post: list[tuple[str, hostile.Form]] = []
    signatures: set = set()
    for role in SWEEP_ROLES:
        for page, expected in TABLE:
            if page.method != "get" or not _is_own(page) or expected[role] != 200:
                continue
            if role == "org_admin" and any(expected[other] == 200 for other in ("professional", "manager")):
                continue  # the admin reads what the location's staff read: the same page
            url = reverse(page.name, args=page.args(world))
            response = clients[role].get(url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            pages[role].append(url)
            for form in hostile.forms_of(response.content.decode(), url):
                view = _view_name(form.action)
                if form.method == "post" and view not in NOT_POSTED and (view, form.signature()) not in signatures:
                    signatures.add((view, form.signature()))
                    to_post.append((role, form))
    to_post.sort(key=lambda item: bool(DESTRUCTIVE.search(_view_name(item[1].action))))

    posted_by = {}
    for number, (role, form) in enumerate(to_post):
        tag = f"f{number}x"
        posted_by[tag] = f"{form.action} as {role}"
        landed = _store_markup(clients[role], form, tag)
        pages[role] += landed

    stored = 0
    for role in SWEEP_ROLES:
        for url in dict.fromkeys(pages[role]):
            response = clients[role].get(url)
            try:
                _check(response, f"{url} as {role} after the markup was stored")
            except AssertionError as error:
                tags = re.findall(r"xss-(f\d+x)", str(error))
                raise AssertionError(f"{error}\nstored by: {[posted_by[tag] for tag in tags]}") from None
            if "text/html" in response.get("Content-Type", ""):
                stored += response.content.count(b"&lt;script&gt;alert(&quot;xss-f")
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            assert "text/html" not in mimetype or not any(u in content for u in hostile.UNESCAPED), message.subject
    assert stored, "no markup was stored anywhere: the sweep posts nothing valid any more"
    assert _database_would_refuse() == []


# --- every form class of our apps, without HTTP


def _form_classes() -> dict[str, type]:
    """Every Form, ModelForm and formset class our apps define (admin and view modules too)."""
    found: dict[str, type] = {}
    for app in OUR_APPS:
        package = importlib.import_module(app)
        names = [app] + [
            module.name
            for module in pkgutil.walk_packages(package.__path__, f"{app}.")
            if not re.search(r"\.(migrations|management|tests)\b", module.name)
        ]
        for name in names:
            for attribute, obj in vars(importlib.import_module(name)).items():
                if not inspect.isclass(obj) or not issubclass(obj, forms.BaseForm | forms.BaseFormSet):
                    continue
                if issubclass(obj, forms.BaseFormSet):
                    # formset_factory's classes belong to Django: ours are those of our forms
                    if getattr(getattr(obj, "form", None), "__module__", None) == name:
                        found.setdefault(f"{name}.{attribute}", obj)
                elif obj.__module__ == name:
                    found.setdefault(f"{name}.{obj.__qualname__}", obj)
    return found


FORM_CLASSES = _form_classes()


def _review_row(review):
    from portfolios.services.reviews import with_domains_of

    return with_domains_of(review)[0]


def _consents(child) -> dict:
    from families.services.consents import current_consents, current_other_consents

    return {
        "child": child,
        "current": current_consents([child])[child.pk],
        "others": current_other_consents([child])[child.pk],
    }


def _hand_out(w) -> dict:
    from django.utils import timezone

    from activities.home_selectors import hand_out_targets

    return {"targets": hand_out_targets(w["professional"]), "today": timezone.localdate()}


def _attendance(session) -> dict:
    from activities.services.sessions import walk_in_candidates

    return {"invited": session.families.select_related("family"), "candidates": walk_in_candidates(session)}


def _removal_requests():
    from privacy.models import RemovalRequest

    return RemovalRequest.objects.all()


def _names(w) -> dict:
    return {"languages": ["ar", "tr", "en"], "translations": {"ar": "كلمة"}, "max_length": 80}


# What the views pass to the forms that need more than data (as the view modules do).
FORM_KWARGS = {
    "families.forms.consents.ChildConsentForm": lambda w: _consents(w["ours"].child),
    "families.forms.consents.HomeLanguageFormSet": lambda w: {
        "instance": w["ours"].family,
        "prefix": "languages",
    },
    "families.forms.home_visits.HomeVisitPlanForm": lambda w: {
        "child": w["ours"].child,
        "user": w["professional"],
    },
    "families.forms.intake.IntakeForm": lambda w: {"child": w["ours"].child, "user": w["professional"]},
    "families.forms.onboarding.OnboardingUploadForm": lambda w: {"user": w["manager"]},
    "families.forms.records.PlacementForm": lambda w: {
        "groups": w["ours"].location.groups.all(),
        "prefix": "placement",
    },
    "contacts.forms.moments.ContactMomentForm": lambda w: {
        "child": w["ours"].child,
        "user": w["professional"],
    },
    "contacts.forms.moments.AgreementFormSet": lambda w: {"child": w["ours"].child, "prefix": "agreements"},
    "contacts.forms.moments.AgreementForm": lambda w: {"owners": [("", "–"), ("pro:1", "Pm")]},
    "contacts.forms.quick.QuickContactForm": lambda w: {"child": w["ours"].child},
    "messaging.forms_announcements.AnnouncementReplyForm": lambda w: {
        "children": w["ours"].family.children.all(),
        "prefix": "reply",
    },
    "portfolios.forms.EntryForm": lambda w: {"parent": False, "photos_allowed": True},
    "portfolios.forms.EntryEditForm": lambda w: {"entry": w["ours"].entry, "photos_allowed": True},
    "portfolios.review_forms.ReviewForm": lambda w: {"child": w["ours"].child},
    "portfolios.review_forms.ReviewDomainForm": lambda w: {"row": _review_row(w["ours"].review_draft)},
    "portfolios.review_forms.ParentViewForm": lambda w: {"row": _review_row(w["ours"].review_asked)},
    "activities.home_forms.HandOutForm": _hand_out,
    "activities.library_forms.TranslationForm": lambda w: {"language": "ar"},
    "activities.library_forms._TranslatedNamesForm": _names,
    "activities.library_forms.ThemeForm": _names,
    "activities.library_forms.WordForm": _names,
    "privacy.forms.RemovalAskForm": lambda w: {"families": Family.objects.filter(pk=w["ours"].family.pk)},
    "privacy.forms.WithdrawForm": lambda w: {"requests": _removal_requests()},
    "activities.session_forms.AttendanceForm": lambda w: _attendance(w["ours"].session_past),
}


def _keys(form) -> list[str]:
    if isinstance(form, forms.BaseFormSet):
        management = [form.add_prefix(name) for name in forms.formsets.ManagementForm.base_fields]
        fields = [f"{form.add_prefix(index)}-{name}" for index in range(2) for name in form.empty_form.fields]
        return management + fields
    return [form.add_prefix(name) for name in form.fields]


def _file_keys(form) -> list[str]:
    fields = form.empty_form.fields if isinstance(form, forms.BaseFormSet) else form.fields
    return [form.add_prefix(name) for name, fld in fields.items() if isinstance(fld, forms.FileField)]


@pytest.mark.parametrize("path", sorted(FORM_CLASSES))
def test_every_form_class_of_our_apps_validates_hostile_data_without_raising(request, db, path):
    form_class = FORM_CLASSES[path]
    if issubclass(form_class, forms.BaseFormSet) and not hasattr(form_class, "form"):
        pytest.skip("a base class: its formset (made by formset_factory) is tried")
    kwargs = FORM_KWARGS[path](request.getfixturevalue("world")) if path in FORM_KWARGS else {}
    try:
        unbound = form_class(**kwargs)
    except TypeError as error:
        pytest.skip(f"needs what its view passes ({error}): covered through the pages")
    keys, file_keys = _keys(unbound), _file_keys(unbound)

    def validate(data: dict, files: dict, case: str) -> None:
        bound = form_class(MultiValueDict(data), MultiValueDict(files), **kwargs)
        try:
            bound.is_valid()
            html = str(bound) if case in hostile.PAYLOADS else ""
        except Exception as error:
            raise AssertionError(f"{path} ({case}) raised {error!r} for {data!r}"[:2000]) from error
        assert not any(unescaped in html for unescaped in hostile.UNESCAPED), f"{path} ({case}) shows markup"

    for kind, payload in hostile.PAYLOADS.items():
        validate({key: [payload] for key in keys}, {}, kind)
    for value in ("not a number", "99999999999999999999999999", "-1", "2024-02-30"):
        validate({key: [value] for key in keys}, {}, f"wrong type {value}")
    for kind in hostile.HOSTILE_FILES if file_keys else ():
        validate({}, {key: [hostile.hostile_file(kind)] for key in file_keys}, f"file {kind}")

    values = st.lists(hostile.hostile_text | st.sampled_from(hostile.WRONG_TYPES), min_size=1, max_size=2)

    @settings(HYPOTHESIS, max_examples=10)
    @given(st.dictionaries(st.sampled_from(keys) if keys else st.just("x"), values))
    def drawn(data) -> None:
        validate(data, {}, "drawn")

    drawn()
