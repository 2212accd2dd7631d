"""The dashboards of work supervisors and employees: what needs doing now."""

import datetime

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone

from portal import access as portal_access

from .. import absence
from ..guidance import FREQUENT_ABSENCE_PAGE, guidance_page
from ..models import AbsenceCase, Milestone, OwnPlan, PlanVersion

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


def steps_due(employees, today, days=STEPS_SOON_DAYS):
    """Open steps of the sick-leave process due within `days`, or overdue."""
    return list(
        Milestone.objects.filter(
            case__employee__in=employees,
            done_on__isnull=True,
            closed_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("case__employee")
        .order_by("due_on")
    )


@portal_access.role_required(portal_access.SUPERVISOR)
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
    return render(
        request,
        "retention/team.html",
        {
            "sick": [m for m in members if m.sick_since],
            "frequent": list(absence.frequent_absence(team_queryset, today)),
            "frequent_page": guidance_page(FREQUENT_ABSENCE_PAGE),
            "steps": steps_due(team_queryset, today),
            "page": Paginator(members, 25).get_page(request.GET.get("pagina")),
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


@portal_access.role_required(portal_access.EMPLOYEE)
def home(request):
    employee = portal_access.own_employee_records(request.user).first()
    if employee is None:
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
        },
    )
