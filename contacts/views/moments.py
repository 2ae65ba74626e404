"""The full contact form (planned and development conversations) with its agreements, the
contact routine, and parents asking for a conversation.

Staff who work with the child read contact moments; the child's professionals (and admins)
log and correct them. Parents never reach these staff pages (404): they read what was shared
with them on the child page.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from contacts.forms.moments import (
    BaseAgreementFormSet,
    ContactMomentForm,
    ConversationRequestForm,
    RoutineForm,
    agreement_formset,
)
from contacts.models import Agreement, Booking, ContactMoment, ContactRoutine, ConversationRequest
from contacts.services import moments as services
from families.models import Child, Intake

CONTACT_SECTION = "#contact"


def _child_page(child: Child) -> str:
    return reverse("families:child_detail", args=[child.pk]) + CONTACT_SECTION


def _check_contacts(request: HttpRequest, child: Child, *, to_write: bool = False) -> None:
    """404 to whoever does not read the staff side of the child's contacts (parents too: the
    page does not reveal it exists); 403 to staff who read but do not log, such as managers."""
    if not access.can_read_contacts(request.user, child):
        raise Http404
    if to_write and not access.can_log_contact(request.user, child):
        raise PermissionDenied


def _child_for_contacts(request: HttpRequest, child_id, *, to_write: bool = False) -> Child:
    child = get_object_or_404(Child.objects.visible_to(request.user).select_related("family"), pk=child_id)
    _check_contacts(request, child, to_write=to_write)
    return child


def _moment_for_staff(request: HttpRequest, moment_id: int, *, to_write: bool = False) -> ContactMoment:
    moments = ContactMoment.objects.filter(child__in=Child.objects.visible_to(request.user))
    moment = get_object_or_404(
        moments.select_related("child__family", "professional", "recorded_by", "booking__slot"), pk=moment_id
    )
    _check_contacts(request, moment.child, to_write=to_write)
    return moment


def _next_or(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Back to where the button was, if that is a page of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        # Not redirect(): a target without "/" or "." would be looked up as a view name (a 500).
        return HttpResponseRedirect(target)
    return redirect(fallback)


def _put_errors(error: ValidationError, form: ContactMomentForm, agreements: BaseAgreementFormSet) -> None:
    """The service names the n-th agreement it was given "agreements-<n>": show that on its row."""
    rows = [index for index, _form in agreements.filled_in()]
    for key, messages_ in error.message_dict.items():
        if key.startswith("agreements-"):
            number = int(key.removeprefix("agreements-"))
            agreements.forms[rows[number]].add_error(None, messages_)
        elif key in form.fields:
            form.add_error(key, messages_)
        else:
            form.add_error(None, messages_)


def _booking_to_write_down(request: HttpRequest, child: Child) -> Booking | None:
    """The booked conversation this contact records (`?booking=<id>` from the mentor's
    conversation times): the child's, held or begun, and not written down yet."""
    try:
        booking_id = uuid.UUID(request.GET.get("booking", ""))
    except ValueError:
        return None
    bookings = Booking.objects.filter(
        child=child, cancelled_at__isnull=True, contact_moment__isnull=True, slot__starts_at__lte=timezone.now()
    )
    return bookings.select_related("slot").filter(pk=booking_id).first()


def _contact_form_page(request: HttpRequest, *, child: Child, moment: ContactMoment | None) -> HttpResponse:
    """The new and the edit page: one form, the agreements below it, all saved or none."""
    data = request.POST if request.method == "POST" else None
    initial = {}
    booking = None
    if moment is None:
        # The quick log covers pick-up talks; this form is mostly for conversations.
        wanted = request.GET.get("kind")
        initial["kind"] = wanted if wanted in ContactMoment.Kind.values else ContactMoment.Kind.PLANNED
        booking = _booking_to_write_down(request, child)
        if booking is not None:
            initial["kind"] = booking.slot.kind
            initial["occurred_at"] = timezone.localtime(booking.slot.starts_at)
    form = ContactMomentForm(
        data, instance=moment or ContactMoment(child=child), initial=initial, child=child, user=request.user
    )
    agreements = agreement_formset(data, child=child)
    if data is not None and form.is_valid() & agreements.is_valid():
        fields = form.moment_fields()
        try:
            if moment is None:
                moment = services.contact_log(
                    child=child, by=request.user, agreements=agreements.drafts(), booking=booking, **fields
                )
                messages.success(request, _("The conversation is saved."))
            else:
                services.contact_update(moment=moment, by=request.user, agreements=agreements.drafts(), **fields)
                messages.success(request, _("Your corrections were saved."))
        except ValidationError as error:
            _put_errors(error, form, agreements)
        else:
            return redirect("contacts:contact_detail", moment_id=moment.pk)
    existing = list(moment.agreements.select_related("owner_professional", "owner_guardian")) if moment else []
    return render(
        request,
        "contacts/moments/form.html",
        {
            "child": child,
            "moment": moment,
            "form": form,
            "agreements": agreements,
            "existing_agreements": existing,
            "booking": booking,
        },
    )


@login_required
def contact_new(request: HttpRequest, child_id) -> HttpResponse:
    child = _child_for_contacts(request, child_id, to_write=True)
    return _contact_form_page(request, child=child, moment=None)


@login_required
def contact_edit(request: HttpRequest, moment_id: int) -> HttpResponse:
    moment = _moment_for_staff(request, moment_id, to_write=True)
    return _contact_form_page(request, child=moment.child, moment=moment)


@login_required
def contact_detail(request: HttpRequest, moment_id: int) -> HttpResponse:
    moment = _moment_for_staff(request, moment_id)
    return render(
        request,
        "contacts/moments/detail.html",
        {
            "moment": moment,
            "child": moment.child,
            "guardians_present": list(moment.guardians_present.all()),
            "topics": list(moment.topics.all()),
            "agreements": list(moment.agreements.select_related("owner_professional", "owner_guardian", "done_by")),
            "portfolio_reviews": list(moment.portfolio_reviews.all()),
            "may_edit": access.can_log_contact(request.user, moment.child),
            "today": timezone.localdate(),
            "labels": {field.name: field.verbose_name for field in ContactMoment._meta.get_fields() if field.concrete},
        },
    )


def _owned_by_the_family(agreement: Agreement, child: Child) -> bool:
    return agreement.owner_guardian is not None and agreement.owner_guardian.family_id == child.family_id


@login_required
@require_POST
def agreement_done(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Mark an agreement done, or open again (done=0). The child's professionals may for any
    agreement; a parent for the agreements a parent of the family took on."""
    agreements = Agreement.objects.filter(contact_moment__child__in=Child.objects.visible_to(request.user))
    agreement = get_object_or_404(agreements.select_related("contact_moment__child", "owner_guardian"), pk=agreement_id)
    child = agreement.contact_moment.child
    parent_may = access.is_parent_of(request.user, child) and _owned_by_the_family(agreement, child)
    if not (parent_may or access.can_log_contact(request.user, child)):
        if access.can_read_contacts(request.user, child):
            raise PermissionDenied  # a manager reads, but does not tick off
        raise Http404
    done = request.POST.get("done", "1") != "0"
    services.agreement_set_done(agreement=agreement, by=request.user, done=done)
    messages.success(request, _("Marked as done.") if done else _("The agreement is open again."))
    return _next_or(request, _child_page(child))


@login_required
def routine_edit(request: HttpRequest, child_id) -> HttpResponse:
    """Change the contact routine with the parents; from then on the intake no longer changes it."""
    child = _child_for_contacts(request, child_id, to_write=True)
    routine = ContactRoutine.objects.filter(child=child).select_related("updated_by").first()
    form = RoutineForm(request.POST or None, instance=routine or ContactRoutine(child=child))
    if request.method == "POST" and form.is_valid():
        try:
            services.routine_set(child=child, by=request.user, **form.routine_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact routine is saved."))
            return redirect(_child_page(child))
    intake = Intake.objects.filter(child=child, status=Intake.Status.COMPLETED).first()
    return render(
        request, "contacts/moments/routine.html", {"child": child, "routine": routine, "form": form, "intake": intake}
    )


@login_required
def request_new(request: HttpRequest, child_id) -> HttpResponse:
    """A parent asks for a conversation with the mentor, with a short reason."""
    child = get_object_or_404(Child.objects.visible_to(request.user), pk=child_id)
    if not access.is_parent_of(request.user, child):
        raise PermissionDenied  # staff talk to the parents another way
    form = ConversationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_request_create(child=child, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your question was sent to the mentor, who will contact you."))
            return redirect(_child_page(child))
    return render(request, "contacts/moments/request_new.html", {"child": child, "form": form})


@login_required
@require_POST
def request_handled(request: HttpRequest, request_id: int) -> HttpResponse:
    requests = ConversationRequest.objects.filter(child__in=Child.objects.visible_to(request.user))
    conversation_request = get_object_or_404(requests.select_related("child"), pk=request_id)
    _check_contacts(request, conversation_request.child, to_write=True)
    services.conversation_request_handle(request=conversation_request, by=request.user)
    messages.success(request, _("The request is marked as handled."))
    return _next_or(request, _child_page(conversation_request.child))


urlpatterns = [
    path("children/<uuid:child_id>/contacts/new/", contact_new, name="contact_new"),
    path("contacts/<int:moment_id>/", contact_detail, name="contact_detail"),
    path("contacts/<int:moment_id>/edit/", contact_edit, name="contact_edit"),
    path("agreements/<int:agreement_id>/done/", agreement_done, name="agreement_done"),
    path("children/<uuid:child_id>/routine/", routine_edit, name="routine_edit"),
    path("children/<uuid:child_id>/conversation-request/", request_new, name="request_new"),
    path("conversation-requests/<int:request_id>/handled/", request_handled, name="request_handled"),
]
