"""What retention adds to the portal's HR pages: reviews, absence, plans."""

from django.utils import timezone

from portal import access
from portal.panels import register_panel

from . import absence
from .models import AbsenceCase, AccessLogEntry
from .views.common import shown
from .views.dashboards import open_steps, with_plan_state

OVERDUE_SHOWN = 20
STEPS_SHOWN = 20


def hr_overdue_reviews(request, **kwargs):
    overdue = list(
        access.hr_employees(request.user)
        .filter(
            adjustment_plan__next_review_due__lt=timezone.localdate(),
            employment_end__isnull=True,
        )
        .select_related("adjustment_plan", "supervisor")
        .order_by("adjustment_plan__next_review_due")[:OVERDUE_SHOWN]
    )
    shown(request, overdue, AccessLogEntry.Subject.OVERVIEW)
    return {"overdue": overdue}


def hr_absence(request, **kwargs):
    """Across the organisation: who is sick, which steps of the sick-leave
    process are due or overdue, who is often sick; and the way to the
    figures. Each list holds at most STEPS_SHOWN, whatever the size of the
    organisation; everyone they name is logged."""
    employees = access.hr_employees(request.user)
    today = timezone.localdate()
    overdue_steps, soon_steps, overdue_count = _first_steps(employees, today)
    frequent = list(
        absence.frequent_absence(employees, today).order_by("last_name", "pk")[
            :STEPS_SHOWN
        ]
    )
    named = {step.case.employee_id: step.case.employee for step in overdue_steps}
    named.update({step.case.employee_id: step.case.employee for step in soon_steps})
    named.update({employee.pk: employee for employee in frequent})
    shown(request, list(named.values()), AccessLogEntry.Subject.OVERVIEW)
    return {
        "sick_count": AbsenceCase.objects.filter(
            employee__in=employees, ended_on__isnull=True
        ).count(),
        "overdue_steps": overdue_steps,
        "soon_steps": soon_steps,
        "overdue_count": overdue_count,
        "frequent": frequent,
        "today": today,
    }


def _first_steps(employees, today):
    """The first STEPS_SHOWN overdue steps, the first STEPS_SHOWN due soon,
    and how many are overdue in all: three queries of at most STEPS_SHOWN
    rows each, however many steps are open. (One query with a row number per
    group costs more Python than these.)"""
    steps = open_steps(employees, today)
    overdue = steps.filter(due_on__lt=today)
    return (
        list(overdue[:STEPS_SHOWN]),
        list(steps.filter(due_on__gte=today)[:STEPS_SHOWN]),
        overdue.count(),
    )


def employee_plan_state(request, employee, **kwargs):
    return {
        "state": with_plan_state(type(employee).objects.filter(pk=employee.pk)).get()
    }


def register():
    register_panel(
        "hr_dashboard", "retention/panels/hr_reviews.html", hr_overdue_reviews
    )
    register_panel("hr_dashboard", "retention/panels/hr_absence.html", hr_absence)
    register_panel(
        "employee_record", "retention/panels/employee_plan.html", employee_plan_state
    )
