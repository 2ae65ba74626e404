"""The child's portfolio as a PDF: for the parents, and for the primary school at the
transition (warme overdracht).

The parents' PDF is for everyone who reads the timeline and holds what the parents see.
The school's version is for the child's staff (professionals, the location's managers,
admins: whoever prepares the handover), only while the parents' consent to share the
portfolio with the school is given; parents download their own version (403 here).
Another family's, group's or location's child answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from accounts import access
from families.models import Child
from portfolios import pdf, selectors


def _child(request: HttpRequest, child_id) -> Child:
    return get_object_or_404(Child.objects.visible_to(request.user), pk=child_id)


def _attachment(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # Only the child's id in the name: the file lands in download folders and mail attachments.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A child's portfolio must not stay in a shared device's cache or a proxy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def portfolio_pdf(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    content = pdf.portfolio_pdf(
        child, selectors.entries_visible_to(request.user).filter(child=child), audience=pdf.Audience.PARENTS
    )
    return _attachment(pdf.render(content), filename=f"portfolio-{child.pk}.pdf")


@login_required
def school_pdf(request: HttpRequest, child_id) -> HttpResponse:
    child = _child(request, child_id)
    if not access.can_work_with_child(request.user, child):
        raise PermissionDenied
    decision = pdf.school_consent(child)
    if decision is None or not decision.given:
        return render(
            request, "portfolios/pdf/school_no_consent.html", {"child": child, "decision": decision}, status=403
        )
    content = pdf.portfolio_pdf(
        child,
        selectors.entries_visible_to(request.user).filter(child=child),
        audience=pdf.Audience.SCHOOL,
        school_consent=decision,
    )
    return _attachment(pdf.render(content), filename=f"portfolio-{child.pk}-school.pdf")


urlpatterns = [
    path("children/<uuid:child_id>/portfolio/pdf/", portfolio_pdf, name="portfolio_pdf"),
    path("children/<uuid:child_id>/portfolio/pdf/school/", school_pdf, name="school_pdf"),
]
