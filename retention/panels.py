"""What retention adds to the portal's HR pages: reviews, absence, plans."""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
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
    and how many are overdue in all: one query, at most twice STEPS_SHOWN
    rows, however many steps are open (each step is numbered within its
    group, overdue or not, and counted with its group)."""
    late = ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField())
    rows = (
        open_steps(employees, today)
        .annotate(
            late=late,
            place=Window(
                RowNumber(), partition_by=[late], order_by=[F("due_on"), F("pk")]
            ),
            in_group=Window(Count("pk"), partition_by=[late]),
        )
        .filter(place__lte=STEPS_SHOWN)
    )
    overdue = [step for step in rows if step.late]
    soon = [step for step in rows if not step.late]
    return overdue, soon, overdue[0].in_group if overdue else 0


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
