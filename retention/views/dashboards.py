"""The dashboards of work supervisors and employees: what needs doing now."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access as portal_access
from portal.http import return_address
from portal.kept_pages import kept_for_viewer

from .. import absence
from ..access import (
    EMPLOYMENT_SESSION_KEY,
    employee_view,
    own_employee_record,
    own_employments,
)
from ..guidance import FREQUENT_ABSENCE_PAGE, guidance_link
from ..models import (
    AbsenceCase,
    AccessLogEntry,
    Milestone,
    OwnPlan,
    PlanVersion,
)
from .common import shown

REVIEW_SOON_DAYS = 30
STEPS_SOON_DAYS = 14


def with_plan_state(employees):
    """Annotate employees with the state of their agreements, in one query."""
    open_versions = PlanVersion.objects.filter(
        plan__employee=OuterRef("pk"), status__in=PlanVersion.OPEN_STATUSES
    )
    agreed = PlanVersion.objects.filter(
        plan__employee=OuterRef("pk"), status=PlanVersion.Status.AGREED
    ).order_by("-number")
    open_cases = AbsenceCase.objects.filter(
        employee=OuterRef("pk"), ended_on__isnull=True
    )
    return employees.select_related("adjustment_plan").annotate(
        open_status=Subquery(open_versions.values("status")[:1]),
        agreed_number=Subquery(agreed.values("number")[:1]),
        sick_since=Subquery(open_cases.values("started_on")[:1]),
    )


def open_steps(employees, today, days=STEPS_SOON_DAYS):
    """Open steps of the sick-leave process due within `days`, or overdue,
    soonest first (a queryset: slice it where the list may be long)."""
    return (
        Milestone.objects.filter(
            # Through the cases of these employees: PostgreSQL then looks up
            # the few open steps' cases by index instead of hashing every
            # case (the overdue count at 5,000 employees: 5.4 ms, now 1.3).
            case__in=AbsenceCase.objects.filter(employee__in=employees),
            done_on__isnull=True,
            closed_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("case__employee")
        .order_by("due_on", "pk")
    )


def next_contacts(employees, today, days=STEPS_SOON_DAYS):
    """Next contacts agreed within `days`, or passed."""
    return list(
        absence.next_contacts()
        .filter(
            case__employee__in=employees,
            next_contact_on__lte=today + datetime.timedelta(days=days),
        )
        .order_by("next_contact_on")
    )


@portal_access.role_required(portal_access.SUPERVISOR)
@kept_for_viewer
def team(request):
    today = timezone.localdate()
    members = list(
        with_plan_state(
            portal_access.team_of(request.user).select_related("organisation")
        )
    )
    for member in members:
        plan = getattr(member, "adjustment_plan", None)
        member.review_due = (
            plan.next_review_due if plan and member.agreed_number else None
        )
    soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    team_queryset = portal_access.team_of(request.user)
    page = Paginator(members, 25).get_page(request.GET.get("pagina"))
    sick = [m for m in members if m.sick_since]
    frequent = list(absence.frequent_absence(team_queryset, today))
    steps = list(open_steps(team_queryset, today))
    contacts = next_contacts(team_queryset, today)
    # The lists above the table may name anyone of the team.
    shown(request, members, AccessLogEntry.Subject.OVERVIEW)
    return render(
        request,
        "retention/team.html",
        {
            "sick": sick,
            "frequent": frequent,
            "frequent_page": guidance_link(FREQUENT_ABSENCE_PAGE),
            "steps": steps,
            "contacts": contacts,
            "page": page,
            "needs_answer": [
                m for m in members if m.open_status == "changes_requested"
            ],
            "waiting": [m for m in members if m.open_status == "proposed"],
            "overdue": [m for m in members if m.review_due and m.review_due < today],
            "due_soon": [
                m for m in members if m.review_due and today <= m.review_due <= soon
            ],
            "today": today,
        },
    )


@employee_view
@kept_for_viewer
def home(request):
    try:
        employee = own_employee_record(request)
    except Http404:
        return render(request, "retention/home_unlinked.html")
    state = with_plan_state(type(employee).objects.filter(pk=employee.pk)).get()
    own_plan = OwnPlan.objects.filter(employee=employee).first()
    return render(
        request,
        "retention/home.html",
        {
            "employee": employee,
            "state": state,
            "own_plan": own_plan,
            "shared": own_plan.shared_sections() if own_plan else [],
            "active_consents": [c for c in employee.consents.all() if c.is_active],
            "several_employments": len(own_employments(request.user)) > 1,
        },
    )


@portal_access.role_required(portal_access.EMPLOYEE)
def choose_employment(request):
    """Someone employed at more than one organisation picks which one their
    own pages are about; the choice lasts for the session."""
    employments = own_employments(request.user)
    next_url = return_address(request, "next", default=reverse("retention:home"))
    if request.method == "POST":
        chosen = next(
            (e for e in employments if str(e.pk) == request.POST.get("employee")),
            None,
        )
        if chosen is not None:
            request.session[EMPLOYMENT_SESSION_KEY] = chosen.pk
            return redirect(next_url)
        messages.error(request, _("Choose one of your employers."))
    return render(
        request,
        "retention/choose_employment.html",
        {"employments": employments, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )
