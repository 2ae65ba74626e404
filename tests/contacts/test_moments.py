"""The full contact form with agreements, the detail page, and marking agreements done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Agreement, ContactMoment, Topic
from notifications.models import Notification
from tests.conftest import client_for, english_client_for
from tests.contacts.factories import AgreementFactory, ContactMomentFactory
from tests.factories import GuardianFactory

pytestmark = pytest.mark.django_db

STAFF_NOTE = "Moeder maakt zich zorgen over de verhuizing; alleen voor het team."


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _rows(*rows: dict) -> dict:
    data = {
        "agreements-TOTAL_FORMS": "3",
        "agreements-INITIAL_FORMS": "0",
        "agreements-MIN_NUM_FORMS": "0",
        "agreements-MAX_NUM_FORMS": "10",
    }
    for number in range(3):
        row = rows[number] if number < len(rows) else {}
        for name in ("description", "owner", "due_on"):
            data[f"agreements-{number}-{name}"] = row.get(name, "")
    return data


def _form(side, *rows: dict, **fields) -> dict:
    return {
        "occurred_at": _local(timezone.now() - datetime.timedelta(hours=1)),
        "kind": ContactMoment.Kind.DEVELOPMENT,
        "professional": side.professional.pk,
        "guardians_present": [str(side.parent.guardianships.get().pk)],
        "language_used": "nl",
        "child_experience": "Bouwt hoge torens en telt tot tien.",
        "home_news": "Slaapt thuis slecht sinds de verhuizing.",
        "positive_note": "Helpt andere kinderen opruimen.",
        "staff_notes": STAFF_NOTE,
        "shared_summary": "Wat fijn om te horen hoe het thuis gaat. We lezen samen over verhuizen.",
        "summary_shared": "on",
        **_rows(*rows),
        **fields,
    }


def _for_parent(side, description="Elke avond samen een boekje lezen", days=14) -> dict:
    return {
        "description": description,
        "owner": f"guardian:{side.parent.guardianships.get().pk}",
        "due_on": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
    }


def _new(side) -> str:
    return reverse("contacts:contact_new", args=[side.child.pk])


# --- Recording a conversation ------------------------------------------------------------


def test_the_form_opens_with_now_the_professional_and_the_familys_parents(ours):
    GuardianFactory(family=ours.family, user=None, email="", first_name="Tweede")

    response = english_client_for(ours.professional).get(_new(ours))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["professional"] == ours.professional.pk
    assert abs(form.initial["occurred_at"] - timezone.now()) < datetime.timedelta(minutes=2)
    assert set(form.fields["guardians_present"].queryset) == set(ours.family.guardians.all())
    content = response.content.decode()
    assert "Tweede" in content
    assert "Only this summary is what the parents see" in content
    assert len(response.context["agreements"].forms) == 3


def test_the_kind_is_preselected_from_the_link(ours):
    response = client_for(ours.professional).get(_new(ours), {"kind": "development"})
    assert response.context["form"]["kind"].value() == "development"


def test_the_agreement_owner_choices_combine_professionals_and_parents(ours, theirs):
    response = client_for(ours.professional).get(_new(ours))

    owners = response.context["agreements"].forms[0].fields["owner"].choices
    values = {value for _label, group in owners[1:] for value, _name in group}
    assert f"professional:{ours.professional.pk}" in values
    assert f"guardian:{ours.parent.guardianships.get().pk}" in values
    assert f"professional:{theirs.professional.pk}" not in values
    assert f"guardian:{theirs.parent.guardianships.get().pk}" not in values


def test_a_conversation_is_saved_with_its_agreement_and_blank_rows_are_ignored(ours):
    topic = Topic.objects.get(key="sleeping")
    data = _form(ours, _for_parent(ours), topics=[topic.pk])

    response = client_for(ours.professional).post(_new(ours), data)

    moment = ContactMoment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("contacts:contact_detail", args=[moment.pk])
    assert moment.kind == ContactMoment.Kind.DEVELOPMENT
    assert moment.professional == ours.professional
    assert moment.recorded_by == ours.professional
    assert moment.staff_notes == STAFF_NOTE
    assert moment.summary_shared
    assert list(moment.topics.all()) == [topic]
    assert list(moment.guardians_present.all()) == [ours.parent.guardianships.get()]
    agreement = Agreement.objects.get()
    assert agreement.owner_guardian == ours.parent.guardianships.get()
    assert agreement.owner_professional is None
    assert agreement.contact_moment == moment


def test_the_parents_hear_of_a_shared_summary_and_of_their_agreement(ours):
    client_for(ours.professional).post(_new(ours), _form(ours, _for_parent(ours)))

    kinds = set(Notification.objects.filter(recipient=ours.parent).values_list("kind", flat=True))
    assert kinds == {"contact_summary", "agreement_new"}


def test_an_agreement_can_be_for_a_professional(ours):
    row = {**_for_parent(ours), "owner": f"professional:{ours.professional.pk}"}

    client_for(ours.professional).post(_new(ours), _form(ours, {}, row))

    assert Agreement.objects.get().owner_professional == ours.professional


def _refused(response, *texts: str) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    for text in texts:
        assert text in content, text
    assert not ContactMoment.objects.exists()
    assert not Agreement.objects.exists()
    return content


def test_a_contact_in_the_future_is_refused_and_the_input_kept(ours):
    tomorrow = _local(timezone.now() + datetime.timedelta(days=1))

    response = english_client_for(ours.professional).post(
        _new(ours), _form(ours, _for_parent(ours), occurred_at=tomorrow)
    )

    content = _refused(response, "This moment is still to come")
    assert "Bouwt hoge torens en telt tot tien." in content
    assert "Elke avond samen een boekje lezen" in content
    assert "Nothing was saved yet" in content


def test_an_agreement_due_in_the_past_is_refused_on_its_row(ours):
    past = _for_parent(ours, days=-2)

    response = english_client_for(ours.professional).post(_new(ours), _form(ours, {}, past))

    _refused(response, "The date is in the past")
    rows = response.context["agreements"].forms
    assert not rows[0].errors
    assert "The date is in the past" in str(rows[1].non_field_errors())


def test_an_agreement_without_owner_is_refused(ours):
    row = {**_for_parent(ours), "owner": ""}

    response = english_client_for(ours.professional).post(_new(ours), _form(ours, row))

    _refused(response, "Choose who will do it")


def test_an_agreement_without_a_date_is_refused(ours):
    row = {**_for_parent(ours), "due_on": ""}

    response = english_client_for(ours.professional).post(_new(ours), _form(ours, row))

    _refused(response, "Choose by when it will be done.")


def test_a_shared_summary_that_is_empty_is_refused(ours):
    response = english_client_for(ours.professional).post(
        _new(ours), _form(ours, _for_parent(ours), shared_summary="  ")
    )

    _refused(response, "Write the summary the parents will read")
    assert response.context["form"].errors["shared_summary"]


def test_one_bad_agreement_saves_nothing_of_the_others(ours):
    response = english_client_for(ours.professional).post(
        _new(ours), _form(ours, _for_parent(ours), {}, _for_parent(ours, "Te laat", days=-1))
    )

    _refused(response, "The date is in the past")
    assert "Te laat" in response.content.decode()


def test_an_owner_of_another_family_cannot_be_forged(ours, theirs):
    row = {**_for_parent(ours), "owner": f"guardian:{theirs.parent.guardianships.get().pk}"}

    response = english_client_for(ours.professional).post(_new(ours), _form(ours, row))

    _refused(response)


def test_a_professional_of_another_group_cannot_be_chosen(ours, theirs):
    response = english_client_for(ours.professional).post(_new(ours), _form(ours, professional=theirs.professional.pk))

    _refused(response)
    assert response.context["form"].errors["professional"]


def test_a_conversation_needs_something_written_down(ours):
    empty = dict.fromkeys(("child_experience", "home_news", "positive_note", "staff_notes", "shared_summary"), "")
    empty["summary_shared"] = ""

    response = english_client_for(ours.professional).post(_new(ours), _form(ours, **empty))

    _refused(response, "Write down at least one thing")


def test_an_admin_may_record_a_conversation_as_themselves(ours, org_admin):
    response = client_for(org_admin).post(_new(ours), _form(ours, professional=org_admin.pk))

    assert response.status_code == 302
    assert ContactMoment.objects.get().professional == org_admin


# --- Correcting ------------------------------------------------------------------------------


def test_a_correction_changes_the_moment_and_adds_agreements(ours):
    moment = ContactMomentFactory(child=ours.child, professional=ours.professional)
    kept = AgreementFactory(contact_moment=moment)
    url = reverse("contacts:contact_edit", args=[moment.pk])

    page = client_for(ours.professional).get(url)
    response = client_for(ours.professional).post(url, _form(ours, _for_parent(ours), staff_notes="Gecorrigeerd"))

    assert kept.description in page.content.decode()
    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.staff_notes == "Gecorrigeerd"
    assert moment.agreements.count() == 2


def test_a_correction_with_bad_input_changes_nothing(ours):
    moment = ContactMomentFactory(child=ours.child, professional=ours.professional, staff_notes="Origineel")
    url = reverse("contacts:contact_edit", args=[moment.pk])
    later = _local(timezone.now() + datetime.timedelta(days=2))

    response = client_for(ours.professional).post(
        url, _form(ours, _for_parent(ours), occurred_at=later, staff_notes="Nieuw")
    )

    assert response.status_code == 200
    moment.refresh_from_db()
    assert moment.staff_notes == "Origineel"
    assert not Agreement.objects.exists()


def test_a_correction_keeps_a_professional_who_left_the_group(ours):
    from tests.factories import UserFactory

    former = UserFactory()
    moment = ContactMomentFactory(child=ours.child, professional=former)

    response = client_for(ours.professional).post(
        reverse("contacts:contact_edit", args=[moment.pk]), _form(ours, professional=former.pk)
    )

    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.professional == former


# --- The detail page ---------------------------------------------------------------------------


def test_the_detail_page_shows_everything_to_staff(ours):
    moment = ContactMomentFactory(
        child=ours.child, professional=ours.professional, recorded_by=ours.professional, staff_notes=STAFF_NOTE
    )
    AgreementFactory(contact_moment=moment, description="Logopedie navragen")

    for user in (ours.professional, ours.manager):
        content = english_client_for(user).get(reverse("contacts:contact_detail", args=[moment.pk])).content.decode()
        assert STAFF_NOTE in content
        assert "Logopedie navragen" in content
        assert f"Recorded by {ours.professional.get_full_name()}" in content


def test_the_detail_page_offers_corrections_and_done_buttons_only_to_who_may_log(ours):
    moment = ContactMomentFactory(child=ours.child, professional=ours.professional)
    agreement = AgreementFactory(contact_moment=moment)
    edit = reverse("contacts:contact_edit", args=[moment.pk])
    done = reverse("contacts:agreement_done", args=[agreement.pk])
    detail = reverse("contacts:contact_detail", args=[moment.pk])

    professional = client_for(ours.professional).get(detail).content.decode()
    manager = client_for(ours.manager).get(detail).content.decode()

    assert edit in professional and done in professional
    assert edit not in manager and done not in manager


# --- Marking agreements done -------------------------------------------------------------------


def test_the_professional_marks_an_agreement_done_and_open_again(ours):
    agreement = AgreementFactory(contact_moment__child=ours.child, contact_moment__professional=ours.professional)
    url = reverse("contacts:agreement_done", args=[agreement.pk])
    client = client_for(ours.professional)

    client.post(url, {"done": "1"})
    agreement.refresh_from_db()
    assert agreement.is_done and agreement.done_by == ours.professional

    client.post(url, {"done": "0"})
    agreement.refresh_from_db()
    assert not agreement.is_done and agreement.done_by is None


def test_marking_done_returns_to_the_page_it_came_from_but_never_elsewhere(ours):
    agreement = AgreementFactory(contact_moment__child=ours.child, contact_moment__professional=ours.professional)
    url = reverse("contacts:agreement_done", args=[agreement.pk])
    client = client_for(ours.professional)

    back = client.post(url, {"done": "1", "next": "/groups/"})
    away = client.post(url, {"done": "1", "next": "https://evil.example/"})

    assert back.url == "/groups/"
    assert away.url == reverse("families:child_detail", args=[ours.child.pk]) + "#contact"


def test_a_parent_marks_their_own_agreement_done(ours):
    guardian = ours.parent.guardianships.get()
    agreement = AgreementFactory(contact_moment__child=ours.child, owner_professional=None, owner_guardian=guardian)

    response = client_for(ours.parent).post(reverse("contacts:agreement_done", args=[agreement.pk]), {"done": "1"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.done_by == ours.parent


def test_marking_done_needs_a_post(ours):
    agreement = AgreementFactory(contact_moment__child=ours.child)
    response = client_for(ours.professional).get(reverse("contacts:agreement_done", args=[agreement.pk]))
    assert response.status_code == 405


# --- Who reaches which page -----------------------------------------------------------------------

ROLES = [
    # role, whose child, expected for: new/edit (log), detail (read)
    ("anonymous", "ours", 302, 302),
    ("outsider", "ours", 404, 404),
    ("parent", "ours", 404, 404),
    ("parent", "theirs", 404, 404),
    ("professional", "ours", 200, 200),
    ("professional", "theirs", 404, 404),
    ("manager", "ours", 403, 200),
    ("manager", "theirs", 404, 404),
    ("admin", "ours", 200, 200),
]


def _user(role, ours, outsider, org_admin):
    if role == "anonymous":
        return None
    return {"outsider": outsider, "admin": org_admin}.get(role) or getattr(ours, role)


@pytest.mark.parametrize(("role", "whose", "to_log", "to_read"), ROLES)
def test_who_reaches_the_contact_pages(ours, theirs, outsider, org_admin, role, whose, to_log, to_read):
    side = {"ours": ours, "theirs": theirs}[whose]
    moment = ContactMomentFactory(child=side.child, professional=side.professional, staff_notes=STAFF_NOTE)
    client = client_for(_user(role, ours, outsider, org_admin))

    new = client.get(reverse("contacts:contact_new", args=[side.child.pk]))
    edit = client.get(reverse("contacts:contact_edit", args=[moment.pk]))
    detail = client.get(reverse("contacts:contact_detail", args=[moment.pk]))

    assert (new.status_code, edit.status_code, detail.status_code) == (to_log, to_log, to_read)
    if to_read != 200:
        assert STAFF_NOTE not in detail.content.decode()


def test_a_manager_cannot_post_a_conversation(ours):
    response = client_for(ours.manager).post(_new(ours), _form(ours))
    assert response.status_code == 403
    assert not ContactMoment.objects.exists()


AGREEMENT_ROLES = [
    # role, whose child, who owns the agreement, expected status
    ("anonymous", "ours", "professional", 302),
    ("outsider", "ours", "professional", 404),
    ("parent", "ours", "guardian", 302),
    ("parent", "ours", "professional", 404),
    ("parent", "theirs", "guardian", 404),
    ("professional", "ours", "guardian", 302),
    ("professional", "theirs", "professional", 404),
    ("manager", "ours", "professional", 403),
    ("manager", "theirs", "professional", 404),
    ("admin", "ours", "professional", 302),
]


@pytest.mark.parametrize(("role", "whose", "owner", "expected"), AGREEMENT_ROLES)
def test_who_may_mark_an_agreement_done(ours, theirs, outsider, org_admin, role, whose, owner, expected):
    side = {"ours": ours, "theirs": theirs}[whose]
    owners = (
        {"owner_professional": None, "owner_guardian": side.parent.guardianships.get()}
        if owner == "guardian"
        else {"owner_professional": side.professional}
    )
    agreement = AgreementFactory(contact_moment__child=side.child, **owners)
    client = client_for(_user(role, ours, outsider, org_admin))

    response = client.post(reverse("contacts:agreement_done", args=[agreement.pk]), {"done": "1"})

    assert response.status_code == expected
    agreement.refresh_from_db()
    assert agreement.is_done == (expected == 302 and role != "anonymous")


def test_the_full_form_starts_as_a_planned_conversation(ours):
    response = client_for(ours.professional).get(_new(ours))
    assert response.context["form"]["kind"].value() == ContactMoment.Kind.PLANNED


def test_a_tampered_number_of_agreement_rows_saves_nothing(ours):
    data = {**_form(ours, _for_parent(ours)), "agreements-TOTAL_FORMS": "50"}

    response = english_client_for(ours.professional).post(_new(ours), data)

    _refused(response)


def test_marking_done_with_a_next_that_is_not_a_path_answers_a_redirect_not_a_500(ours):
    # Found by tests/test_hostile_input.py: redirect() took the value for the name of a view.
    agreement = AgreementFactory(contact_moment__child=ours.child, contact_moment__professional=ours.professional)
    url = reverse("contacts:agreement_done", args=[agreement.pk])

    response = client_for(ours.professional).post(url, {"done": "1", "next": "00000000-0000-0000-0000-000000000000"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_done
