"""The rows of list pages (the group overview, the staff home, the location page, the child page's
contact timeline and the portfolio timeline) and every page's navigation are cached, rendered,
under everything they show (the "fragments" cache): after any of it changes, the next page shows
the change, and a cached row reads exactly as a freshly rendered one."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactMoment, ContactRoutine
from families.models import Consent, HomeVisit, Intake
from tests.conftest import client_for
from tests.contacts.factories import AgreementFactory, ConversationRequestFactory
from tests.factories import ChildFactory, GuardianFactory, HomeLanguageFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_FRAGMENT_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rows-default"},
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def _overview(client, group) -> str:
    return client.get(reverse("groups:group_detail", args=[group.pk])).content.decode()


def _staff_home(client) -> str:
    return client.get(reverse("groups:staff_home")).content.decode()


def _without_tokens(content: str) -> str:
    """The page without what differs per request anyway (CSRF tokens, CSP nonces)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', r"\1", content)


def _row_of(content: str, child) -> str:
    start = content.index(f'id="child-{child.pk}"')
    return content[start : content.index("</tr>", start)]


@pytest.fixture
def overview(ours):
    """The professional's client, with the overview already rendered once (its rows cached)."""
    client = client_for(ours.professional, language="en")
    _overview(client, ours.group)
    return client


def test_a_logged_contact_shows_in_the_cached_row(ours, overview):
    assert "No contact logged yet" in _row_of(_overview(overview, ours.group), ours.child)

    ContactMoment.objects.create(child=ours.child, professional=ours.professional, child_experience="Gezongen.")

    assert "Last contact today" in _row_of(_overview(overview, ours.group), ours.child)


def test_a_renamed_mentor_and_child_show_in_the_cached_row(ours, overview):
    ours.professional.last_name = "Hernoemd"
    ours.professional.save()
    ours.child.first_name = "Nieuwenaam"
    ours.child.save()

    row = _row_of(_overview(overview, ours.group), ours.child)

    assert "Hernoemd" in row
    assert "Nieuwenaam" in row


def test_intake_home_visit_and_consent_changes_show_in_the_cached_row(ours, overview):
    Intake.objects.create(child=ours.child, status=Intake.Status.COMPLETED)
    HomeVisit.objects.create(
        child=ours.child,
        professional=ours.professional,
        planned_for=timezone.now() + datetime.timedelta(days=3),
    )
    Consent.objects.create(child=ours.child, kind=Consent.Kind.GROUP_PHOTOS, given=True, decided_by=ours.parent)

    row = _row_of(_overview(overview, ours.group), ours.child)

    assert "completed" in row
    assert "planned" in row
    assert "photos for the group<span" in row.replace('<span class="visually-hidden">: yes', "<span")


def test_the_row_follows_the_language_and_the_reader(ours, overview):
    dutch = _row_of(_overview(client_for(ours.professional), ours.group), ours.child)
    manager = _row_of(_overview(client_for(ours.manager, language="en"), ours.group), ours.child)

    assert "Nog geen contact vastgelegd" in dutch
    assert reverse("contacts:quick_log", args=[ours.child.pk]) in _row_of(_overview(overview, ours.group), ours.child)
    assert reverse("contacts:quick_log", args=[ours.child.pk]) not in manager


def test_cached_rows_read_exactly_as_freshly_rendered_ones(ours, overview):
    for number in range(4):
        child = ChildFactory(first_name=f"Kind{number}")
        PlacementFactory(child=child, group=ours.group, mentor=ours.professional if number % 2 else None)
        if number % 2:
            moment = ContactMoment.objects.create(child=child, professional=ours.professional)
            AgreementFactory(contact_moment=moment, due_on=timezone.localdate() - datetime.timedelta(days=number))
    AgreementFactory(contact_moment__child=ours.child, owner_professional=UserFactory(first_name="Collega"))
    ConversationRequestFactory(child=ours.child, reason="Over het slapen")
    _overview(overview, ours.group)
    cached_overview = _without_tokens(_overview(overview, ours.group))  # every row from the cache
    _staff_home(overview)
    cached_home = _without_tokens(_staff_home(overview))

    with override_settings(CACHES=NO_FRAGMENT_CACHE):
        assert _without_tokens(_overview(overview, ours.group)) == cached_overview
        assert _without_tokens(_staff_home(overview)) == cached_home


def test_the_staff_home_group_card_follows_new_children_and_mentors(ours):
    client = client_for(ours.professional, language="en")
    _staff_home(client)
    colleague = UserFactory(first_name="Collega")
    PlacementFactory(child=ChildFactory(first_name="Nieuwkomer"), group=ours.group, mentor=colleague)

    content = _staff_home(client)

    assert "Nieuwkomer" in content
    assert "mentor: Collega" in content


def test_an_agreement_on_the_staff_home_follows_its_owner_and_date(ours):
    agreement = AgreementFactory(contact_moment__child=ours.child, due_on=timezone.localdate())
    client = client_for(ours.professional, language="en")
    assert "overdue" not in _staff_home(client).split("open-agreements")[1].split("</ul>")[0]

    agreement.due_on = timezone.localdate() - datetime.timedelta(days=1)
    agreement.owner_professional = UserFactory(first_name="Collega", last_name="Anders")
    agreement.save()

    agreements = _staff_home(client).split("open-agreements")[1].split("</ul>")[0]
    assert "overdue" in agreements
    assert "Collega Anders" in agreements


def test_a_request_and_the_mentor_children_on_the_staff_home_follow_a_renamed_child(ours):
    ConversationRequestFactory(child=ours.child, reason="Over het slapen")
    client = client_for(ours.professional, language="en")
    before = _staff_home(client)
    assert ours.child.full_name in before.split("list-group conversation-requests")[1].split("</ul>")[0]
    assert ours.child.full_name in before.split('id="mentor-heading"')[1].split("</ul>")[0]

    ours.child.first_name = "Hernoemd"
    ours.child.save()

    after = _staff_home(client)
    requests = after.split("list-group conversation-requests")[1].split("</ul>")[0]
    assert "Hernoemd" in requests
    assert "Over het slapen" in requests
    assert 'Picked up<span class="visually-hidden">: Hernoemd' in requests
    assert "Hernoemd" in after.split('id="mentor-heading"')[1].split("</ul>")[0]


def test_the_staff_home_due_row_follows_a_logged_contact(ours):
    client = client_for(ours.professional, language="en")
    assert "No contact logged yet" in _staff_home(client)

    ContactMoment.objects.create(
        child=ours.child, professional=ours.professional, occurred_at=timezone.now() - datetime.timedelta(weeks=60)
    )

    assert "No contact logged yet" not in _staff_home(client)


def test_rows_are_kept_in_the_fragments_cache(ours, overview):
    caches["fragments"].clear()

    _overview(overview, ours.group)

    assert caches["fragments"]._cache  # LocMemCache keeps its entries there


# --- The location page's rows and the child page's contact timeline ------------------------------


def _location_page(client, side) -> str:
    return client.get(reverse("groups:location_dashboard", args=[side.location.pk])).content.decode()


def test_a_location_row_follows_its_figures_and_the_groups_name(ours):
    client = client_for(ours.manager, language="en")
    before = _location_page(client, ours)
    ours.group.name = "Hernoemde groep"
    ours.group.save()
    PlacementFactory(child=ChildFactory(), group=ours.group)

    after = _location_page(client, ours)

    assert "Hernoemde groep" in after
    row = after[after.index(f'id="group-{ours.group.pk}"') :]
    assert '<td class="text-end">2</td>' in row[: row.index("</tr>")]  # two children placed now
    assert before != after


def test_location_rows_and_timeline_items_read_exactly_as_freshly_rendered_ones(ours, theirs):
    second = PlacementFactory(child=ChildFactory(), group=ours.group).child
    ContactMoment.objects.create(child=second, professional=ours.professional)
    for number in range(3):
        ContactMoment.objects.create(
            child=ours.child,
            professional=ours.professional,
            child_experience=f"Verhaal {number}",
            occurred_at=timezone.now() - datetime.timedelta(days=number),
        )
    manager = client_for(ours.manager, language="en")
    professional = client_for(ours.professional, language="en")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    _location_page(manager, ours)
    cached_location = _without_tokens(_location_page(manager, ours))
    professional.get(child_page)
    cached_child_page = _without_tokens(professional.get(child_page).content.decode())

    with override_settings(CACHES=NO_FRAGMENT_CACHE):
        assert _without_tokens(_location_page(manager, ours)) == cached_location
        assert _without_tokens(professional.get(child_page).content.decode()) == cached_child_page
    assert all(f"Verhaal {number}" in cached_child_page for number in range(3))


def test_a_corrected_moment_shows_in_the_cached_timeline(ours):
    moment = ContactMoment.objects.create(child=ours.child, professional=ours.professional, child_experience="Eerst")
    client = client_for(ours.professional, language="en")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    assert "Eerst" in client.get(child_page).content.decode()

    moment.child_experience = "Verbeterd"
    moment.save()

    content = client.get(child_page).content.decode()
    assert "Verbeterd" in content
    assert "Eerst" not in content


def test_a_row_without_its_key_is_an_error_not_a_shared_row():
    from django.template import Context, Template, TemplateSyntaxError

    row = Template("{% load row_cache %}{% cached_row some_row missing.row_key %}{{ name }}{% endcached_row %}")

    with pytest.raises(TemplateSyntaxError, match="not a row key"):
        row.render(Context({"name": "Anna"}))


def test_the_same_key_in_another_language_is_another_row():
    from django.template import Context, Template
    from django.utils import translation

    row = Template("{% load i18n row_cache %}{% cached_row some_row key %}{% translate 'Home' %}{% endcached_row %}")
    key = ("same", 1)

    with translation.override("en"):
        english = row.render(Context({"key": key}))
    with translation.override("nl"):
        dutch = row.render(Context({"key": key}))

    assert english == "Home"
    assert dutch != english


# --- The portfolio timeline's entries ----------------------------------------------------------


def _timeline(client, child) -> str:
    return client.get(reverse("portfolios:timeline", args=[child.pk])).content.decode()


def test_a_response_an_edit_and_a_reader_show_in_the_cached_entry(ours):
    from portfolios.models import EntrySeen
    from tests.portfolios.factories import EntryFactory, ResponseFactory

    entry = EntryFactory(child=ours.child, author=ours.professional, shared_at=timezone.now(), text="Eerste tekst")
    staff = client_for(ours.professional, language="en")
    assert "Not seen yet by the other side" in _timeline(staff, ours.child)

    ResponseFactory(entry=entry, author=ours.parent, perspective="parent", text="Wat mooi")
    EntrySeen.objects.create(entry=entry, user=ours.parent)
    entry.text = "Verbeterde tekst"
    entry.save()

    content = _timeline(staff, ours.child)
    assert "Wat mooi" in content
    assert "Verbeterde tekst" in content
    assert "Eerste tekst" not in content
    assert f"Seen by {ours.parent.get_full_name()}" in content


def test_timeline_entries_read_exactly_as_freshly_rendered_ones_for_each_side(ours):
    from tests.portfolios.factories import EntryFactory, ResponseFactory

    for number in range(3):
        entry = EntryFactory(
            child=ours.child, author=ours.professional, shared_at=timezone.now(), text=f"Tekst {number}"
        )
        if number:
            ResponseFactory(entry=entry, author=ours.parent, perspective="parent", text=f"Antwoord {number}")
    clients = [client_for(ours.professional, language="en"), client_for(ours.parent, language="en")]
    for client in clients:  # each side's visit marks the entries seen: first both, then compare
        _timeline(client, ours.child)
    cached = [_without_tokens(_timeline(client, ours.child)) for client in clients]

    with override_settings(CACHES=NO_FRAGMENT_CACHE):
        assert [_without_tokens(_timeline(client, ours.child)) for client in clients] == cached
    assert "Antwoord 2" in cached[1]
    assert "You (at home)" in cached[1]
    assert f"Seen by {ours.parent.get_full_name()}" in cached[0]


# --- The navigation of every page --------------------------------------------------------------


def _navigation(content: str) -> str:
    return content[content.index("<nav") : content.index("</nav>")]


def test_the_navigation_follows_the_unread_counts_the_name_and_the_language(ours):
    from messaging.models import Message
    from notifications.models import Notification

    client = client_for(ours.professional, language="en")
    before = _navigation(_staff_home(client))
    assert "unread messages" not in before
    assert "unread notifications" not in before

    Message.objects.create(child=ours.child, author=ours.parent, side=Message.Side.PARENTS, body="Hallo")
    Notification.objects.create(
        recipient=ours.professional, kind="message", subject="Nieuw bericht", on_date=timezone.localdate()
    )
    ours.professional.first_name = "Hernoemd"
    ours.professional.save()
    after = _navigation(_staff_home(client))

    assert '1<span class="visually-hidden"> unread messages' in after
    assert '1<span class="visually-hidden"> unread notifications' in after
    assert "Hernoemd" in after
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Mijn groepen" in _navigation(_staff_home(client))


def test_the_navigation_differs_per_role_and_is_the_same_cached_or_fresh(ours):
    pages = {
        "professional": (client_for(ours.professional, language="en"), reverse("groups:staff_home")),
        "parent": (client_for(ours.parent, language="en"), reverse("families:parent_home")),
        "manager": (client_for(ours.manager, language="en"), reverse("groups:manager_home")),
    }
    cached = {}
    for role, (client, url) in pages.items():
        client.get(url)
        cached[role] = _without_tokens(client.get(url).content.decode())

    with override_settings(CACHES=NO_FRAGMENT_CACHE):
        for role, (client, url) in pages.items():
            assert _without_tokens(client.get(url).content.decode()) == cached[role]
    assert "My groups" in _navigation(cached["professional"])
    assert "My children" in _navigation(cached["parent"])
    assert "Locations" in _navigation(cached["manager"])
    assert "My children" not in _navigation(cached["professional"])


def test_the_forms_of_the_cached_navigation_get_their_token_and_return_address_from_outside_it(ours):
    content = client_for(ours.professional, language="en").get(reverse("groups:staff_home")).content.decode()
    navigation = _navigation(content)

    assert "csrfmiddlewaretoken" not in navigation
    assert 'id="language-form"' in navigation
    assert 'id="logout-form"' in navigation
    assert re.search(r'<input type="hidden" form="language-form" name="csrfmiddlewaretoken" value="\w+">', content)
    assert f'<input type="hidden" form="language-form" name="next" value="{reverse("groups:staff_home")}">' in content
    assert re.search(r'<input type="hidden" form="logout-form" name="csrfmiddlewaretoken" value="\w+">', content)


def test_an_anonymous_page_has_no_logout_token_and_its_own_navigation():
    from django.test import Client

    content = Client().get(reverse("account_login")).content.decode()

    assert 'form="logout-form"' not in content
    assert 'form="language-form"' in content


# --- The child page's contact section (staff), cached whole ---------------------------------


def _section(content: str, marker: str) -> str:
    """The child page's section that starts at `marker`, up to its end."""
    start = content.index(marker)
    return content[start : content.index("</section>", start)]


def _contact_section(content: str) -> str:
    return _section(content, 'id="contact"')


def test_the_contact_section_follows_requests_agreements_moments_and_the_routine(ours):
    client = client_for(ours.professional, language="en")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    before = _contact_section(client.get(child_page).content.decode())
    assert "No open agreements." in before

    request = ConversationRequestFactory(child=ours.child, requested_by=ours.parent, reason="Over het slapen")
    moment = ContactMoment.objects.create(child=ours.child, professional=ours.professional, child_experience="Eerst")
    agreement = AgreementFactory(contact_moment=moment, description="Samen lezen")
    section = _contact_section(client.get(child_page).content.decode())
    assert "Over het slapen" in section
    assert "Samen lezen" in section
    assert "Eerst" in section
    assert "overdue" not in section

    agreement.due_on = timezone.localdate() - datetime.timedelta(days=2)
    agreement.save()
    request.reason = "Over het eten"
    request.save()
    ours.parent.first_name = "Hernoemd"
    ours.parent.save()
    section = _contact_section(client.get(child_page).content.decode())
    assert "overdue" in section
    assert "Over het eten" in section
    assert "Hernoemd" in section

    ContactRoutine.objects.create(child=ours.child, every_weeks=3)
    assert "Every 3 weeks" in _contact_section(client.get(child_page).content.decode())


def test_the_contact_section_reads_exactly_as_freshly_rendered_and_holds_no_token(ours):
    moment = ContactMoment.objects.create(child=ours.child, professional=ours.professional, child_experience="Verhaal")
    AgreementFactory(contact_moment=moment, description="Samen lezen")
    ConversationRequestFactory(child=ours.child, requested_by=ours.parent, reason="Over het slapen")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    for user in (ours.professional, ours.manager):
        client = client_for(user, language="en")
        client.get(child_page)
        cached = client.get(child_page).content.decode()
        with override_settings(CACHES=NO_FRAGMENT_CACHE):
            assert _without_tokens(client.get(child_page).content.decode()) == _without_tokens(cached)
        assert "csrfmiddlewaretoken" not in _contact_section(cached)
    # The professional may log: the buttons submit the form outside the section, with its token.
    content = client_for(ours.professional, language="en").get(child_page).content.decode()
    assert re.search(r'<form id="contact-actions" [^>]*hidden><input type="hidden" name="csrfmiddlewaretoken"', content)
    assert 'form="contact-actions" formaction="' in _contact_section(content)


def test_the_contact_sections_buttons_mark_an_agreement_done_and_a_request_handled(ours):
    moment = ContactMoment.objects.create(child=ours.child, professional=ours.professional)
    agreement = AgreementFactory(contact_moment=moment, description="Samen lezen")
    request = ConversationRequestFactory(child=ours.child, requested_by=ours.parent)
    client = client_for(ours.professional, language="en")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    content = client.get(child_page).content.decode()
    done_url = reverse("contacts:agreement_done", args=[agreement.pk])
    handled_url = reverse("contacts:request_handled", args=[request.pk])
    assert f'formaction="{done_url}" name="done" value="1"' in content
    assert f'formaction="{handled_url}"' in content

    # What the browser sends for a click: the outer form's fields and the button's name and value.
    response = client.post(done_url, {"next": f"{child_page}#contact", "done": "1"})
    assert response.status_code == 302
    assert response.url == f"{child_page}#contact"
    response = client.post(handled_url, {"next": f"{child_page}#contact"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    request.refresh_from_db()
    assert agreement.done_at is not None
    assert request.handled_at is not None
    section = _contact_section(client.get(child_page).content.decode())
    assert "Samen lezen" not in section


# --- The child page's family section, cached whole ---------------------------------------------


def _family_section(content: str) -> str:
    return _section(content, 'aria-labelledby="family-heading"')


def test_the_family_section_follows_guardians_invitations_languages_and_siblings(ours):
    client = client_for(ours.professional, language="en")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    guardian = ours.family.guardians.get()
    guardian.user.last_login = None
    guardian.user.save()
    section = _family_section(client.get(child_page).content.decode())
    assert "Invite to the portal" in section
    assert "interpreter needed" not in section

    guardian.phone = "0612345678"
    guardian.save()
    guardian.user.invited_at = timezone.now()
    guardian.user.save()
    HomeLanguageFactory(family=ours.family, language="ar")
    ours.family.interpreter_needed = True
    ours.family.save()
    PlacementFactory(child=ChildFactory(family=ours.family, first_name="Nieuwtje"), group=ours.group)
    section = _family_section(client.get(child_page).content.decode())
    assert "0612345678" in section
    assert "Invite again" in section
    assert "Arabic" in section
    assert "interpreter needed" in section
    assert "Nieuwtje" in section

    guardian.user.last_login = timezone.now()
    guardian.user.save()
    assert "uses the portal" in _family_section(client.get(child_page).content.decode())


def test_the_family_section_reads_exactly_as_freshly_rendered_and_holds_no_token(ours):
    HomeLanguageFactory(family=ours.family, language="tr", spoken_by="moeder")
    ChildFactory(family=ours.family, first_name="Zusje")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    for user in (ours.professional, ours.manager, ours.parent):
        client = client_for(user, language="en")
        client.get(child_page)
        cached = client.get(child_page).content.decode()
        with override_settings(CACHES=NO_FRAGMENT_CACHE):
            assert _without_tokens(client.get(child_page).content.decode()) == _without_tokens(cached)
        assert "csrfmiddlewaretoken" not in _family_section(cached)
    # Staff and parent see different sections (the parent: no contact details, no buttons).
    staff = _family_section(client_for(ours.professional, language="en").get(child_page).content.decode())
    parent = _family_section(client_for(ours.parent, language="en").get(child_page).content.decode())
    assert "Home languages" in staff
    assert "Home languages" not in parent
    assert 'form="family-actions"' not in parent


def test_the_family_sections_invitation_button_submits_the_form_outside_it(ours):
    guardian = GuardianFactory(family=ours.family, user=None, email="nieuw@example.test", first_name="Nieuw")
    client = client_for(ours.professional, language="en")
    child_page = reverse("families:child_detail", args=[ours.child.pk])
    content = client.get(child_page).content.decode()
    invite_url = reverse("families:guardian_invite", args=[guardian.pk])
    assert re.search(r'<form id="family-actions" [^>]*hidden><input type="hidden" name="csrfmiddlewaretoken"', content)
    assert f'<input type="hidden" name="child" value="{ours.child.pk}"></form>' in content
    assert f'form="family-actions" formaction="{invite_url}"' in _family_section(content)

    # What the browser sends for a click: the outer form's fields. (Invitations are queued when
    # the transaction commits; the test's transaction never does.)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(invite_url, {"child": str(ours.child.pk)})
    assert response.status_code == 302
    assert response.url == child_page
    guardian.refresh_from_db()
    assert guardian.user.invited_at is not None
    assert "Invite again" in _family_section(client.get(child_page).content.decode())
