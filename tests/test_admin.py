"""The Django admin: every registered model's pages load for the organisation admin, nobody else gets in."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group as PermissionGroup
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from families.models import Consent, FamilyProfileChange, HomeVisit, Intake
from messaging.models import Announcement, Message
from notifications.models import Notification
from tests.activities.factories import (
    ActivityTranslationFactory,
    GroupThemeFactory,
    HomeActivityFactory,
    HomeActivityFeedbackFactory,
    ParentChildSessionFactory,
    SessionFamilyFactory,
    ThemeFactory,
    ThemeTranslationFactory,
    ThemeWordFactory,
    WordTranslationFactory,
)
from tests.conftest import client_for
from tests.contacts.factories import (
    AgreementFactory,
    BookingFactory,
    ContactMomentFactory,
    ContactRoutineFactory,
    ConversationRequestFactory,
)
from tests.factories import HomeLanguageFactory
from tests.portfolios.factories import EntryFactory, ReviewFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODELS = [pytest.param(model, model_admin, id=model._meta.label) for model, model_admin in REGISTERED]


@pytest.fixture
def one_of_each(ours, theirs, org_admin):
    """At least one object of every model the admin shows."""
    HomeLanguageFactory(family=ours.family, language="tr")
    EmailAddress.objects.create(user=ours.parent, email=ours.parent.email, primary=True, verified=True)
    TOTP.activate(ours.professional, generate_totp_secret())
    PermissionGroup.objects.create(name="Planners")
    assert Authenticator.objects.exists()
    Consent.objects.create(child=ours.child, kind=Consent.Kind.PORTFOLIO_PHOTOS, given=True, decided_by=ours.parent)
    FamilyProfileChange.objects.create(family=ours.family, changed_by=ours.parent, changes={"Phone": ["", "06 1"]})
    Intake.objects.create(child=ours.child, held_by=ours.professional)
    HomeVisit.objects.create(child=ours.child, professional=ours.professional, planned_for=timezone.now())
    moment = ContactMomentFactory(child=ours.child, professional=ours.professional)
    AgreementFactory(contact_moment=moment)
    ContactRoutineFactory(child=ours.child)
    ConversationRequestFactory(child=ours.child, requested_by=ours.parent)
    BookingFactory(slot__mentor=ours.professional, child=ours.child, booked_by=ours.parent)
    EntryFactory(child=ours.child, author=ours.professional)
    ReviewFactory(child=ours.child, created_by=ours.professional, agreed=True)
    Message.objects.create(child=ours.child, author=ours.parent, side=Message.Side.PARENTS, body="Hallo")
    translation = ActivityTranslationFactory()
    word = ThemeWordFactory(theme=translation.activity.theme or ThemeFactory())
    WordTranslationFactory(word=word)
    ThemeTranslationFactory(theme=word.theme)
    GroupThemeFactory(group=ours.group, theme=word.theme)
    handed_out = HomeActivityFactory(activity=translation.activity, group=ours.group, handed_out_by=ours.professional)
    HomeActivityFeedbackFactory(home_activity=handed_out, family=ours.family, written_by=ours.parent)
    session = ParentChildSessionFactory(group=ours.group, activity=translation.activity, created_by=ours.professional)
    SessionFamilyFactory(session=session, family=ours.family)
    Announcement.objects.create(group=ours.group, author=ours.professional, body="Morgen naar het bos")
    Notification.objects.create(
        kind="contact_summary",
        recipient=ours.parent,
        subject=f"contact:{moment.pk}",
        on_date=timezone.localdate(),
        params={"child": ours.child.first_name},
    )
    # The removal work's models (privacy.removal): a request and a record of a removal.
    from privacy.models import RemovalRecord, RemovalRequest

    request = RemovalRequest.objects.create(family=theirs.family, requested_by=theirs.parent)
    RemovalRecord.objects.create(
        reason="request", child_ref=theirs.child.pk, removed={"families.Child": 1}, request=request
    )


def _url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_the_admin_index_loads_for_the_organisation_admin(org_admin):
    response = client_for(org_admin).get(reverse("admin:index"))
    assert response.status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), MODELS)
def test_every_changelist_loads_with_a_search(one_of_each, org_admin, model, model_admin):
    client = client_for(org_admin)

    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "changelist"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), MODELS)
def test_every_changelist_filter_loads(one_of_each, org_admin, model, model_admin):
    client = client_for(org_admin)
    changelist = client.get(_url(model, "changelist"))

    for spec in changelist.context["cl"].filter_specs:
        for choice in list(spec.choices(changelist.context["cl"]))[1:2]:
            response = client.get(_url(model, "changelist") + choice["query_string"])
            assert response.status_code == 200, choice["query_string"]


@pytest.mark.parametrize(("model", "model_admin"), MODELS)
def test_every_add_page_loads(org_admin, model, model_admin):
    request = RequestFactory().get("/")
    request.user = org_admin
    expected = 200 if model_admin.has_add_permission(request) else 403

    assert client_for(org_admin).get(_url(model, "add")).status_code == expected


@pytest.mark.parametrize(("model", "model_admin"), MODELS)
def test_every_change_page_loads_for_an_existing_object(one_of_each, org_admin, model, model_admin):
    obj = model._default_manager.first()
    assert obj is not None, f"add an object of {model._meta.label} to the one_of_each fixture"

    response = client_for(org_admin).get(_url(model, "change", quote(obj.pk)))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["professional", "manager", "parent"])
def test_the_admin_is_closed_to_users_who_are_not_staff(ours, role):
    client = client_for(getattr(ours, role))

    response = client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403
    assert client.get(_url(PermissionGroup, "changelist")).status_code in (302, 403)


def test_the_admin_index_redirects_an_anonymous_visitor_to_the_allauth_login(db):
    response = Client().get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert response.status_code == 200
    assert 'name="login"' in response.content.decode()


def test_the_admin_login_page_itself_sends_visitors_to_the_allauth_login(db):
    response = Client().get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_admin_logs_in_through_allauth_and_reaches_the_admin(org_admin):
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": org_admin.email, "password": settings.DEMO_PASSWORD, "next": reverse("admin:index")},
    )

    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_searching_families_by_a_guardians_email_finds_the_family_once(ours, theirs, org_admin):
    from tests.factories import GuardianFactory

    GuardianFactory(family=ours.family, user=None, email="tweede@example.test")

    response = client_for(org_admin).get(_url(ours.family.__class__, "changelist"), {"q": "example.test"})

    assert list(response.context["cl"].result_list).count(ours.family) == 1
