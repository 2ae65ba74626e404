"""The intake conversation: who may read and change it, drafts, completing and corrections."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from families.models import Intake
from families.services.intake import intake_complete, intake_save
from tests.conftest import english_client_for as client_for
from tests.factories import GuardianFactory, StaffAssignmentFactory, UserFactory

# These tests read English messages; Dutch is the default language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = ("anonymous", "outsider", "parent", "professional", "manager", "org_admin")
LOGIN = "login"
SAVED = "saved"  # a redirect after a successful save


@pytest.fixture
def world(ours, theirs, org_admin, outsider) -> dict:
    return {
        "ours": ours,
        "theirs": theirs,
        "anonymous": None,
        "outsider": outsider,
        "parent": ours.parent,
        "professional": ours.professional,
        "manager": ours.manager,
        "org_admin": org_admin,
    }


def _draft(side) -> dict:
    return {"action": "draft", "family_and_network": "Oma woont om de hoek.", "held_by": side.professional.pk}


def _complete(side, **changes) -> dict:
    data = {
        "action": "complete",
        "held_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "held_by": side.professional.pk,
        "guardians_present": [side.family.guardians.get().pk],
        "family_and_network": "Oma woont om de hoek en haalt twee keer per week op.",
        "languages_at_home": "Moeder spreekt Arabisch met Amira, vader Nederlands.",
        "routine_sleep": "Slaapt 's middags anderhalf uur, met knuffel.",
        "interests": "Blokken en prentenboeken over dieren.",
        "contact_every_weeks": "6",
        "contact_weekday": "2",
        "contact_time": "17:15",
        "contact_channel": "pick_up",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable
    method: str = "get"
    data: Callable = field(default=lambda side: {})
    side: str = "ours"


def _detail(side):
    return reverse("families:intake_detail", args=[side.child.pk])


def _edit(side):
    return reverse("families:intake_edit", args=[side.child.pk])


def _statuses(*answers) -> dict:
    return dict(zip(ROLES, answers, strict=True))


# Parents never see the intake: to them it answers 404, as to outsiders. Managers read it.
TABLE = [
    (Case("detail-own", _detail), _statuses(LOGIN, 404, 404, 200, 200, 200)),
    (Case("detail-foreign", _detail, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (Case("edit-own", _edit), _statuses(LOGIN, 404, 404, 200, 403, 200)),
    (Case("edit-foreign", _edit, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, 200)),
    (Case("save-own", _edit, "post", _draft), _statuses(LOGIN, 404, 404, SAVED, 403, SAVED)),
    (Case("save-foreign", _edit, "post", _draft, side="theirs"), _statuses(LOGIN, 404, 404, 404, 404, SAVED)),
    (Case("complete-own", _edit, "post", _complete), _statuses(LOGIN, 404, 404, SAVED, 403, SAVED)),
]


@pytest.mark.parametrize(
    ("case", "role", "expected"),
    [pytest.param(case, role, answers[role], id=f"{case.label}-{role}") for case, answers in TABLE for role in ROLES],
)
def test_each_role_gets_the_expected_answer(world, case, role, expected):
    side = world[case.side]
    response = getattr(client_for(world[role]), case.method)(case.url(side), case.data(side))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == SAVED:
        assert response.status_code == 302
        assert Intake.objects.filter(child=side.child).exists()
    else:
        assert response.status_code == expected
    if expected != SAVED:
        assert not Intake.objects.filter(child=side.child).exists()


def test_a_parent_cannot_reach_another_familys_intake_by_changing_the_uuid(ours, theirs):
    Intake.objects.create(child=theirs.child, family_and_network="Geheim netwerk")

    response = client_for(ours.parent).get(_detail(theirs))

    assert response.status_code == 404
    assert "Geheim netwerk" not in response.content.decode()
    assert theirs.child.first_name not in response.content.decode()


def test_a_parent_does_not_see_the_intake_of_their_own_child(ours):
    Intake.objects.create(child=ours.child, view_on_upbringing="Notitie voor het team")
    client = client_for(ours.parent)

    assert client.get(_detail(ours)).status_code == 404
    page = client.get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()
    assert "Notitie voor het team" not in page
    assert _detail(ours) not in page


# --- The child page's section ------------------------------------------------------------


def test_the_child_page_invites_the_professional_to_start_the_intake(ours):
    page = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()

    assert 'id="intake"' in page
    assert _edit(ours) in page


def test_the_child_page_shows_the_intakes_status_who_when_and_the_routine(ours):
    intake_complete(child=ours.child, by=ours.professional, fields=_fields(ours))

    response = client_for(ours.professional).get(reverse("families:child_detail", args=[ours.child.pk]))

    page = response.content.decode()
    assert response.context["intake"].is_completed
    assert ours.professional.get_full_name() in page
    assert "Blokken en prentenboeken" in page
    assert "17:15" in page
    assert _detail(ours) in page


def test_a_manager_reads_the_intake_but_gets_no_edit_link(ours):
    intake_complete(child=ours.child, by=ours.professional, fields=_fields(ours))
    client = client_for(ours.manager)

    child_page = client.get(reverse("families:child_detail", args=[ours.child.pk])).content.decode()
    detail = client.get(_detail(ours)).content.decode()

    assert _detail(ours) in child_page
    assert _edit(ours) not in child_page
    assert "Blokken en prentenboeken" in detail
    assert _edit(ours) not in detail


# --- Draft, complete, correct ----------------------------------------------------------------


def _fields(side, **changes) -> dict:
    fields = {
        "held_on": timezone.localdate() - datetime.timedelta(days=1),
        "held_by": side.professional,
        "interests": "Blokken en prentenboeken",
        "contact_every_weeks": 6,
        "contact_weekday": Intake.Weekday.TUESDAY,
        "contact_time": datetime.time(17, 15),
        "contact_channel": Intake.Channel.PICK_UP,
    }
    fields.update(changes)
    return fields


def test_the_form_suggests_the_professional_as_the_one_who_held_it(ours):
    response = client_for(ours.professional).get(_edit(ours))

    assert response.context["form"]["held_by"].value() == ours.professional.pk


def test_a_draft_may_be_saved_half_filled_in(ours):
    response = client_for(ours.professional).post(_edit(ours), {"action": "draft", "interests": "Zingen"})

    assert response.status_code == 302
    assert response.url == _edit(ours)
    intake = Intake.objects.get(child=ours.child)
    assert intake.status == Intake.Status.DRAFT
    assert intake.interests == "Zingen"
    assert intake.updated_by == ours.professional
    assert intake.completed_at is None


def test_completing_it_stores_everything_and_returns_to_the_child_page(ours):
    response = client_for(ours.professional).post(_edit(ours), _complete(ours))

    assert response.status_code == 302
    assert response.url == reverse("families:child_detail", args=[ours.child.pk]) + "#intake"
    intake = Intake.objects.get(child=ours.child)
    assert intake.is_completed
    assert intake.completed_at is not None
    assert intake.held_by == ours.professional
    assert list(intake.guardians_present.all()) == [ours.family.guardians.get()]
    assert (intake.contact_every_weeks, intake.contact_weekday) == (6, Intake.Weekday.TUESDAY)
    assert intake.contact_time == datetime.time(17, 15)
    assert intake.contact_channel == Intake.Channel.PICK_UP


def test_completing_needs_the_date_who_held_it_and_the_contact_routine_with_a_message_per_field(ours):
    data = _complete(
        ours,
        held_on="",
        held_by="",
        contact_every_weeks="",
        contact_weekday="",
        contact_time="",
        contact_channel="",
    )

    response = client_for(ours.professional).post(_edit(ours), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "held_on",
        "held_by",
        "contact_every_weeks",
        "contact_weekday",
        "contact_time",
        "contact_channel",
    }
    assert errors["held_on"] == ["Fill in when the conversation was held."]
    assert errors["contact_every_weeks"] == ["Fill in how often parents and mentor will talk."]
    page = response.content.decode()
    assert "Moeder spreekt Arabisch met Amira" in page, "what was typed is kept"
    assert not Intake.objects.filter(child=ours.child).exists(), "nothing is saved"


def test_an_intake_cannot_be_completed_before_it_was_held(ours):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client_for(ours.professional).post(_edit(ours), _complete(ours, held_on=tomorrow))

    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    assert tomorrow in response.content.decode()


def test_a_date_in_the_future_is_fine_in_a_draft(ours):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client_for(ours.professional).post(_edit(ours), {"action": "draft", "held_on": tomorrow.isoformat()})

    assert response.status_code == 302
    assert Intake.objects.get(child=ours.child).held_on == tomorrow


@pytest.mark.parametrize("weeks", ["0", "53", "vier"])
def test_the_contact_frequency_must_be_a_sensible_number_of_weeks(ours, weeks):
    response = client_for(ours.professional).post(_edit(ours), _complete(ours, contact_every_weeks=weeks))

    assert response.status_code == 200
    assert "contact_every_weeks" in response.context["form"].errors
    assert f'value="{weeks}"' in response.content.decode()


def test_only_the_childs_professionals_can_be_chosen_as_the_one_who_held_it(ours, theirs):
    response = client_for(ours.professional).post(_edit(ours), _complete(ours, held_by=theirs.professional.pk))

    assert response.status_code == 200
    assert "held_by" in response.context["form"].errors
    choices = set(response.context["form"].fields["held_by"].queryset)
    assert choices == {ours.professional}


def test_only_the_childs_own_parents_can_be_present(ours, theirs):
    foreign = theirs.family.guardians.get()

    response = client_for(ours.professional).post(_edit(ours), _complete(ours, guardians_present=[foreign.pk]))

    assert response.status_code == 200
    assert "guardians_present" in response.context["form"].errors


def test_a_completed_intake_can_be_corrected_by_a_colleague_who_is_recorded(ours):
    colleague = UserFactory(first_name="Collega")
    StaffAssignmentFactory(user=colleague, group=ours.group)
    intake = intake_complete(child=ours.child, by=ours.professional, fields=_fields(ours))
    completed_at = intake.completed_at

    response = client_for(colleague).post(_edit(ours), _complete(ours, action="save", interests="Buiten spelen"))

    assert response.status_code == 302
    assert response.url == _detail(ours)
    intake.refresh_from_db()
    assert intake.is_completed
    assert intake.interests == "Buiten spelen"
    assert intake.updated_by == colleague
    assert intake.held_by == ours.professional
    assert intake.completed_at == completed_at


def test_a_correction_cannot_leave_out_what_a_completed_intake_needs(ours):
    intake = intake_complete(child=ours.child, by=ours.professional, fields=_fields(ours))

    response = client_for(ours.professional).post(_edit(ours), _complete(ours, action="save", contact_time=""))

    assert response.status_code == 200
    assert "contact_time" in response.context["form"].errors
    intake.refresh_from_db()
    assert intake.contact_time == datetime.time(17, 15)


def test_the_completed_intake_form_offers_corrections_not_a_draft(ours):
    intake_complete(child=ours.child, by=ours.professional, fields=_fields(ours))

    page = client_for(ours.professional).get(_edit(ours)).content.decode()

    assert 'value="save"' in page
    assert 'value="draft"' not in page


def test_whoever_held_an_earlier_version_stays_a_choice_after_leaving_the_group(ours):
    former = UserFactory(first_name="Vertrokken")
    assignment = StaffAssignmentFactory(user=former, group=ours.group)
    intake_complete(child=ours.child, by=former, fields=_fields(ours, held_by=former))
    assignment.delete()

    response = client_for(ours.professional).post(_edit(ours), _complete(ours, action="save", held_by=former.pk))

    assert response.status_code == 302
    assert Intake.objects.get(child=ours.child).held_by == former


def test_the_detail_page_lists_what_a_draft_still_needs(ours):
    intake_save(child=ours.child, by=ours.professional, fields={"interests": "Puzzels"})

    response = client_for(ours.professional).get(_detail(ours))

    assert set(response.context["missing"]) >= {"held_on", "held_by", "contact_channel"}
    assert "Puzzels" in response.content.decode()


# --- The services on their own -----------------------------------------------------------------


def test_intake_complete_says_per_field_what_is_missing(ours):
    with pytest.raises(ValidationError) as raised:
        intake_complete(child=ours.child, by=ours.professional, fields={"interests": "Puzzels"})

    assert set(raised.value.message_dict) == {
        "held_on",
        "held_by",
        "contact_every_weeks",
        "contact_weekday",
        "contact_time",
        "contact_channel",
    }
    assert not Intake.objects.exists()


def test_intake_save_refuses_parents_of_another_family(ours, theirs):
    with pytest.raises(ValidationError) as raised:
        intake_save(
            child=ours.child,
            by=ours.professional,
            fields={},
            guardians_present=[GuardianFactory(family=theirs.family, user=None, email="")],
        )

    assert "guardians_present" in raised.value.message_dict


def test_intake_save_refuses_fields_the_form_does_not_edit(ours):
    with pytest.raises(TypeError):
        intake_save(child=ours.child, by=ours.professional, fields={"status": Intake.Status.COMPLETED})
