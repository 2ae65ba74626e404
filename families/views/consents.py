"""Consents and the family profile.

Parents give and withdraw consents for their children and keep the family profile current;
staff read both on the child page and mark the parents' changes as seen. Consent is the
parents' decision: staff cannot give it in the portal (an admin can, in the Django admin).
"""

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import access
from accounts.decorators import role_required
from config.kept_queries import kept_list
from families.forms.consents import (
    ChildConsentForm,
    FamilyProfileForm,
    GuardianContactForm,
    HomeLanguageFormSet,
    OtherConsentForm,
)
from families.models import Child, Consent, Family, FamilyProfileChange, Guardian
from families.services.consents import (
    STANDARD_KINDS,
    ProfileValues,
    children_with_unanswered_consents,
    consent_decide,
    consent_history,
    consents_record,
    current_consents,
    current_other_consents,
    family_profile_update,
    profile_change_mark_seen,
)

# Set in the session once a parent has been asked for consents after logging in.
CONSENTS_ASKED = "samenspel_consents_asked"
# How many of the family's profile changes the child page shows, unseen ones first.
PROFILE_CHANGES_SHOWN = 10


def consent_question_url(request: HttpRequest) -> str | None:
    """Where to send a parent right after logging in: the consent questions, once per
    session and only while a standard consent of one of their children is unanswered."""
    user = request.user
    if request.session.get(CONSENTS_ASKED) or not access.is_guardian(user):
        return None
    request.session[CONSENTS_ASKED] = True
    if not children_with_unanswered_consents(access.own_children(user)).exists():
        return None
    return reverse("families:consent_overview")


def _child_for_parent(request: HttpRequest, child_id: UUID) -> tuple[Child, Guardian]:
    """The child and the user's guardianship of it: 404 outside their reach, 403 for staff."""
    child = get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)
    if not access.is_parent_of(request.user, child):
        raise PermissionDenied
    return child, Guardian.objects.get(family_id=child.family_id, user=request.user)


def _consent_form(child: Child, data=None, *, prefix: str | None = None) -> ChildConsentForm:
    return ChildConsentForm(
        data,
        prefix=prefix,
        child=child,
        current=current_consents([child])[child.pk],
        others=current_other_consents([child])[child.pk],
    )


def _saved_message(request: HttpRequest, count: int) -> None:
    if count:
        text = ngettext("Thank you: %(count)d answer is saved.", "Thank you: %(count)d answers are saved.", count)
        messages.success(request, text % {"count": count})
    else:
        messages.info(request, _("Nothing was changed."))


# --- Consents: parents ------------------------------------------------------------------


@role_required(access.is_guardian)
def consent_overview(request: HttpRequest) -> HttpResponse:
    """All the parent's children on one page: asked right after the first login."""
    children = list(access.own_children(request.user).select_related("family").order_by("first_name", "last_name"))
    guardians = {
        guardian.family_id: guardian
        for guardian in Guardian.objects.filter(user=request.user, family_id__in={c.family_id for c in children})
    }
    current = current_consents(children)
    others = current_other_consents(children)
    forms = [
        ChildConsentForm(
            request.POST or None,
            prefix=str(child.pk),
            child=child,
            current=current[child.pk],
            others=others[child.pk],
        )
        for child in children
    ]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        count = 0
        for form in forms:
            guardian = guardians[form.child.family_id]
            saved = consents_record(child=form.child, answers=form.answers(), user=request.user, guardian=guardian)
            count += len(saved)
        _saved_message(request, count)
        return redirect("families:parent_home")
    return render(request, "families/consents/consent_overview.html", {"forms": forms})


@login_required
def consent_child(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child, guardian = _child_for_parent(request, child_id)
    form = _consent_form(child, request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = consents_record(child=child, answers=form.answers(), user=request.user, guardian=guardian)
        _saved_message(request, len(saved))
        return redirect(reverse("families:child_detail", args=[child.pk]) + "#consents")
    return _render_consent_child(request, child, form, OtherConsentForm())


@login_required
@require_POST
def consent_other_add(request: HttpRequest, child_id: UUID) -> HttpResponse:
    """A parent notes another consent, with what it is about."""
    child, guardian = _child_for_parent(request, child_id)
    other_form = OtherConsentForm(request.POST)
    if not other_form.is_valid():
        return _render_consent_child(request, child, _consent_form(child), other_form)
    consent_decide(
        child=child,
        kind=Consent.Kind.OTHER,
        description=other_form.cleaned_data["description"],
        given=other_form.given,
        user=request.user,
        guardian=guardian,
    )
    _saved_message(request, 1)
    return redirect("families:consent_child", child_id=child.pk)


def _render_consent_child(
    request: HttpRequest, child: Child, form: ChildConsentForm, other_form: OtherConsentForm
) -> HttpResponse:
    context = {"child": child, "form": form, "other_form": other_form, "consent_history": consent_history(child)}
    return render(request, "families/consents/consent_child.html", context)


# --- The family profile -------------------------------------------------------------------


@role_required(access.is_guardian)
def profile_mine(request: HttpRequest) -> HttpResponse:
    """The parent's family profile; a parent in two households chooses which."""
    families = list(Family.objects.visible_to(request.user).filter(guardians__user=request.user).distinct())
    if len(families) == 1:
        return redirect("families:profile_edit", family_id=families[0].pk)
    return render(request, "families/consents/profile_choose.html", {"families": families})


@login_required
def profile_edit(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """A parent keeps the family's languages and their own contact details current."""
    family = get_object_or_404(Family.objects.visible_to(request.user), pk=family_id)
    guardian = Guardian.objects.filter(family=family, user=request.user).first()
    if guardian is None:
        # Staff keep the records through their own forms; this page is the parents' own.
        raise PermissionDenied
    data = request.POST or None
    family_form = FamilyProfileForm(data, instance=family, prefix="family")
    guardian_form = GuardianContactForm(data, instance=guardian, prefix="me")
    languages = HomeLanguageFormSet(data, instance=family, prefix="languages")
    forms_valid = data is not None and all(
        [family_form.is_valid(), guardian_form.is_valid(), languages.is_valid()]  # validate all, show every error
    )
    if forms_valid:
        values = ProfileValues(
            preferred_language=family_form.cleaned_data["preferred_language"],
            interpreter_needed=family_form.cleaned_data["interpreter_needed"],
            phone=guardian_form.cleaned_data["phone"],
            own_preferred_language=guardian_form.cleaned_data["preferred_language"],
            home_languages=languages.spoken(),
        )
        change = family_profile_update(family=family, guardian=guardian, user=request.user, values=values)
        if change is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("Thank you: your family's details are saved. The mentor will see the change."))
        return redirect("families:parent_home")
    context = {
        "family": family,
        "family_form": family_form,
        "guardian_form": guardian_form,
        "languages": languages,
        "has_errors": data is not None,
    }
    return render(request, "families/consents/profile_edit.html", context)


@login_required
@require_POST
def profile_change_seen(request: HttpRequest, child_id: UUID, change_id: int) -> HttpResponse:
    """The child's professionals mark a change by the parents as seen (managers only read)."""
    child = get_object_or_404(Child.objects.visible_to(request.user), pk=child_id)
    if not access.can_write_about_child(request.user, child):
        raise PermissionDenied
    change = get_object_or_404(FamilyProfileChange, pk=change_id, family_id=child.family_id)
    change = profile_change_mark_seen(change=change, user=request.user)
    if request.htmx:
        context = {"change": change, "child": child, "profile_changes_markable": True}
        return render(request, "families/consents/_profile_change.html", context)
    messages.success(request, _("Marked as seen."))
    return redirect(reverse("families:child_detail", args=[child.pk]) + "#profile-changes")


urlpatterns = [
    path("parent/consents/", consent_overview, name="consent_overview"),
    path("children/<uuid:child_id>/consents/", consent_child, name="consent_child"),
    path("children/<uuid:child_id>/consents/other/", consent_other_add, name="consent_other_add"),
    path("parent/family/", profile_mine, name="profile_mine"),
    path("families/<uuid:family_id>/profile/", profile_edit, name="profile_edit"),
    path(
        "children/<uuid:child_id>/profile-changes/<int:change_id>/seen/",
        profile_change_seen,
        name="profile_change_seen",
    ),
]


# --- The child page ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    """One consent question of a child as the child page shows it."""

    label: str
    current: Consent | None
    ever_given: bool

    @property
    def status(self) -> str:
        if self.current is None:
            return "unanswered"
        if self.current.given:
            return "given"
        return "withdrawn" if self.ever_given else "refused"


def _consent_states(history: list[Consent]) -> list[ConsentState]:
    """Per question the newest decision, from the history (newest first)."""
    newest: dict[tuple[str, str], Consent] = {}
    ever_given: set[tuple[str, str]] = set()
    for consent in history:
        key = (consent.kind, consent.description)
        newest.setdefault(key, consent)
        if consent.given:
            ever_given.add(key)
    keys = [(kind, "") for kind in STANDARD_KINDS]
    keys += sorted((key for key in newest if key[0] == Consent.Kind.OTHER), key=lambda key: key[1].lower())
    return [
        ConsentState(
            label=description or Consent.Kind(kind).label,
            current=newest.get((kind, description)),
            ever_given=(kind, description) in ever_given,
        )
        for kind, description in keys
    ]


def _changes(family_id: int):
    """The family's latest profile changes, those nobody marked seen yet first."""
    unseen_first = ExpressionWrapper(Q(seen_at__isnull=True), output_field=BooleanField())
    return (
        FamilyProfileChange.objects.filter(family_id=family_id)
        .select_related("changed_by", "seen_by")
        .order_by(unseen_first.desc(), "-changed_at")[:PROFILE_CHANGES_SHOWN]
    )


def child_page_context(user, child) -> dict:
    """What the child page shows of this part; see families.views.pages.child_detail."""
    history = consent_history(child)
    context = {
        "consent_states": _consent_states(history),
        "consent_history": history,
        "consents_editable": access.is_parent_of(user, child),
    }
    markable = access.can_write_about_child(user, child)
    if markable or access.can_work_with_child(user, child):  # who may mark a change, works with the child
        context["profile_changes"] = kept_list(("consents", "profile_changes"), _changes, family_id=child.family_id)
        context["profile_changes_markable"] = markable
    return context
