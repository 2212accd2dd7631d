"""Supervisors and HR through absence: the sick call, recovery, contact
moments and the steps of the sick-leave process; HR's absence figures."""

import csv
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import access as portal_access
from portal.kept_pages import kept_for_viewer

from .. import absence, figures
from .. import steps as sick_leave_steps
from ..access import (
    employee_view,
    managed_employee,
    own_employee_record,
    reads_shared_own_plan,
)
from ..forms import (
    ContactMomentForm,
    DateForm,
    EvaluationWeeksForm,
    PartialRecoveryForm,
    PeriodForm,
    RecoveryForm,
    SickReportForm,
)
from ..guidance import (
    FREQUENT_ABSENCE_PAGE,
    SICK_CALL_PAGE,
    guidance_link,
    guidance_page,
)
from ..models import AccessLogEntry, Milestone, OwnPlan, SickReport
from .common import shown

Subject = AccessLogEntry.Subject

MANAGERS = (portal_access.HR, portal_access.SUPERVISOR)
SOON_DAYS = 14
# Steps further ahead than this are folded away until they come closer.
STEP_HORIZON_WEEKS = 8


def _absence_context(employee):
    cases = list(
        employee.absence_cases.prefetch_related(
            "reports__partial_recoveries", "contacts", "milestones"
        )
    )
    horizon = timezone.localdate() + datetime.timedelta(weeks=STEP_HORIZON_WEEKS)
    for case in cases:
        steps = list(case.milestones.all())
        for step in steps:
            step.basis = sick_leave_steps.basis_of(step.kind)
        case.steps_done = [step for step in steps if step.done_on]
        case.steps_now = [
            step for step in steps if step.is_open and step.due_on <= horizon
        ]
        case.steps_later = [
            step for step in steps if step.is_open and step.due_on > horizon
        ]
    return {
        "employee": employee,
        "cases": cases,
        "open_case": next((case for case in cases if case.is_open), None),
        "today": timezone.localdate(),
        "soon": timezone.localdate() + datetime.timedelta(days=SOON_DAYS),
        "frequent": absence.frequent_absence(
            type(employee).objects.filter(pk=employee.pk), timezone.localdate()
        ).exists(),
        "frequent_page": guidance_link(FREQUENT_ABSENCE_PAGE),
    }


@portal_access.role_required(*MANAGERS)
def overview(request, employee_id):
    employee = managed_employee(request.user, employee_id)
    context = _absence_context(employee)
    shown(request, employee, Subject.ABSENCE)
    return render(request, "retention/absence.html", context)


@portal_access.role_required(*MANAGERS)
def sick_call(request, employee_id):
    """Record a sick report while on the phone, with what helps at hand."""
    employee = managed_employee(request.user, employee_id)
    form = SickReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            absence.report_sick(employee, form.cleaned_data, request.user)
        except absence.AbsenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The sick report of %(name)s has been recorded.")
                % {"name": employee.first_name},
            )
            return redirect("retention:absence", employee_id=employee.pk)
    own_plan = None
    if reads_shared_own_plan(request.user, employee):
        own_plan = OwnPlan.objects.filter(employee=employee).first()
    sections = (
        own_plan.shared_sections(order=OwnPlan.SICK_CALL_ORDER) if own_plan else []
    )
    shown(request, employee, Subject.ABSENCE)
    if sections:
        shown(request, employee, Subject.OWN_PLAN)
    return render(
        request,
        "retention/sick_call.html",
        {
            "employee": employee,
            "form": form,
            "guidance": guidance_page(SICK_CALL_PAGE),
            "shared_sections": sections,
        },
    )


def _report(request, employee_id, report_id):
    """The sick report, shown on the page: its phone and address are in the
    access log."""
    employee = managed_employee(request.user, employee_id)
    report = get_object_or_404(SickReport, pk=report_id, employee=employee)
    shown(request, employee, Subject.SICK_REPORT)
    return employee, report


@portal_access.role_required(*MANAGERS)
def correct(request, employee_id, report_id):
    employee, report = _report(request, employee_id, report_id)
    form = SickReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            absence.correct_report(
                SickReport.objects.get(pk=report.pk), form.cleaned_data, request.user
            )
        except absence.AbsenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "The sick report has been corrected. The dates of "
                    "the steps have moved along."
                ),
            )
            return redirect("retention:absence", employee_id=employee.pk)
    return render(
        request,
        "retention/sick_report_form.html",
        {"employee": employee, "report": report, "form": form},
    )


def _recovery_page(request, employee, report, form, partial, own_work, status=200):
    return render(
        request,
        "retention/recovery.html",
        {
            "employee": employee,
            "report": report,
            "form": form,
            "partial": partial,
            "own_work": own_work,
        },
        status=status,
    )


def _own_work_form(report, data=None):
    """Only after a return in adapted or other work."""
    if report.recovered_in != SickReport.RecoveredIn.ADAPTED_WORK:
        return None
    return DateForm(data, label=_("Back in their own work on"), prefix="own")


@portal_access.role_required(*MANAGERS)
def recovery(request, employee_id, report_id):
    employee, report = _report(request, employee_id, report_id)
    own_post = request.method == "POST" and "own-day" in request.POST
    form = RecoveryForm(
        request.POST if request.method == "POST" and not own_post else None
    )
    own_work = _own_work_form(report, request.POST if own_post else None)
    partial = PartialRecoveryForm(prefix="partial")
    if own_post and own_work is not None and own_work.is_valid():
        try:
            absence.record_back_in_own_work(
                report, own_work.cleaned_data["day"], request.user
            )
        except absence.AbsenceError as error:
            own_work.add_error("day", str(error))
        else:
            messages.success(
                request,
                _(
                    "%(name)s is back in their own work. Open steps of the "
                    "sick-leave process are closed."
                )
                % {"name": employee.first_name},
            )
            return redirect("retention:absence", employee_id=employee.pk)
    elif not own_post and form.is_valid():
        adapted = (
            form.cleaned_data["recovered_in"] == SickReport.RecoveredIn.ADAPTED_WORK
        )
        try:
            absence.record_recovery(
                report,
                form.cleaned_data["day"],
                request.user,
                recovered_in=form.cleaned_data["recovered_in"],
            )
        except absence.AbsenceError as error:
            form.add_error("day", str(error))
        else:
            if adapted:
                text = _(
                    "The return of %(name)s in adapted or other work has been "
                    "recorded. The steps of the sick-leave process run on."
                )
            else:
                text = _(
                    "The recovery of %(name)s has been recorded. Open "
                    "steps of the sick-leave process are closed."
                )
            messages.success(request, text % {"name": employee.first_name})
            return redirect("retention:absence", employee_id=employee.pk)
    return _recovery_page(request, employee, report, form, partial, own_work)


@require_POST
@portal_access.role_required(*MANAGERS)
def partial_recovery(request, employee_id, report_id):
    employee, report = _report(request, employee_id, report_id)
    partial = PartialRecoveryForm(request.POST, prefix="partial")
    if partial.is_valid():
        try:
            absence.record_partial_recovery(
                report,
                partial.cleaned_data["from_date"],
                partial.cleaned_data["percentage"],
                request.user,
            )
        except absence.AbsenceError as error:
            partial.add_error(None, str(error))
        else:
            messages.success(request, _("The partial recovery has been recorded."))
            return redirect("retention:absence", employee_id=employee.pk)
    return _recovery_page(
        request,
        employee,
        report,
        RecoveryForm(),
        partial,
        _own_work_form(report),
        status=400,
    )


@portal_access.role_required(*MANAGERS)
def contact(request, employee_id):
    employee = managed_employee(request.user, employee_id)
    case = employee.absence_cases.first()
    if case is None:
        messages.info(request, _("There is no sick report to add a contact moment to."))
        return redirect("retention:absence", employee_id=employee.pk)
    form = ContactMomentForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        absence.add_contact(case, form, request.user)
        messages.success(request, _("The contact moment has been saved."))
        return redirect("retention:absence", employee_id=employee.pk)
    shown(request, employee, Subject.CONTACT)
    return render(
        request,
        "retention/contact_form.html",
        {"employee": employee, "case": case, "form": form},
    )


@require_POST
@portal_access.role_required(*MANAGERS)
def milestone(request, employee_id, milestone_id):
    employee = managed_employee(request.user, employee_id)
    step = get_object_or_404(Milestone, pk=milestone_id, case__employee=employee)
    if request.POST.get("undo"):
        absence.untick(step, request.user)
        messages.success(
            request, _("“%(step)s” is open again.") % {"step": step.get_kind_display()}
        )
        return redirect("retention:absence", employee_id=employee.pk)
    form = DateForm(request.POST, label=_("Done on"))
    if form.is_valid():
        outcome = request.POST.get("outcome", "")
        if outcome not in Milestone.Outcome.values:
            outcome = ""
        try:
            absence.tick_off(step, form.cleaned_data["day"], request.user, outcome)
        except absence.AbsenceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(step)s” is ticked off.") % {"step": step.get_kind_display()},
            )
    else:
        messages.error(request, _("Give the date on which the step was done."))
    return redirect("retention:absence", employee_id=employee.pk)


@require_POST
@portal_access.role_required(*MANAGERS)
def evaluation_weeks(request, employee_id):
    """Evaluate the plan of action of the open case more often, as agreed."""
    employee = managed_employee(request.user, employee_id)
    case = employee.absence_cases.filter(ended_on__isnull=True).first()
    form = EvaluationWeeksForm(request.POST)
    if case is None:
        messages.error(request, _("There is no open sick report."))
    elif not form.is_valid():
        messages.error(request, form.errors["weeks"][0])
    else:
        absence.agree_evaluation_weeks(case, form.cleaned_data["weeks"], request.user)
        messages.success(
            request,
            _("The plan of action is now evaluated every %(weeks)d weeks.")
            % {"weeks": form.cleaned_data["weeks"]},
        )
    return redirect("retention:absence", employee_id=employee.pk)


@portal_access.role_required(*MANAGERS)
def case_file(request, employee_id, case_id):
    """A case from start to end, printable for UWV or the company doctor."""
    employee = managed_employee(request.user, employee_id)
    case = get_object_or_404(employee.absence_cases, pk=case_id)
    shown(request, employee, Subject.ABSENCE)
    return render(
        request,
        "retention/case_file.html",
        {
            "employee": employee,
            "case": case,
            "events": absence.case_file(case),
            "open_steps": case.milestones.filter(
                done_on__isnull=True, closed_on__isnull=True
            ).order_by("due_on"),
            "today": timezone.localdate(),
        },
    )


@employee_view
def my_absence(request):
    employee = own_employee_record(request)
    return render(request, "retention/my_absence.html", _absence_context(employee))


# Figures for HR ---------------------------------------------------------------------


def _period(request):
    today = timezone.localdate()
    # The last twelve whole months and the current one.
    start = (today.replace(day=1) - datetime.timedelta(days=365)).replace(day=1)
    default = {"start": start, "end": today}
    form = PeriodForm(request.GET or None, initial=default)
    if request.GET and form.is_valid():
        return form, figures.Period(
            form.cleaned_data["start"], form.cleaned_data["end"]
        )
    return form, figures.Period(default["start"], default["end"])


def _figures(request, months=False):
    """The figures that may be shown (figures.publish), and with months=True
    the absence percentage of each month of the period (else None)."""
    employees = portal_access.hr_employees(request.user)
    form, period = _period(request)
    # Whose figures HR sees: part of the key of a kept result.
    organisations = sorted(
        portal_access.organisation_ids(request.user, portal_access.HR).values_list(
            "organisation_id", flat=True
        )
    )
    results = figures.kept(
        "period",
        (organisations, period),
        lambda: figures.compute(employees, period),
    )
    labels = figures.team_labels(employees)
    published = figures.publish(figures.labelled(results, labels))
    per_month = None
    if months and published.organisation is not None:
        per_month = figures.kept(
            "months",
            (organisations, period),
            lambda: figures.monthly_percentages(employees, period),
        )
    return form, period, published, per_month


def _bars(pairs):
    """(label, value) pairs with each bar's length as a share of the longest."""
    top = max((value for _label, value in pairs if value), default=0)
    return [
        (label, value, float(value) / float(top) * 100 if top and value else 0)
        for label, value in pairs
    ]


def _team_label(team):
    return team.label or _("Without work supervisor")


@portal_access.role_required(portal_access.HR)
@kept_for_viewer
def figures_page(request):
    form, period, published, months = _figures(request, months=True)
    context = {"form": form, "period": period, "min_group": figures.min_group()}
    organisation = published.organisation
    if organisation is None:
        # Too few employees: any figure would point at a person.
        return render(request, "retention/figures.html", context)
    classes = published.classes
    class_labels = dict(CLASS_LABELS)
    teams = published.teams
    page = Paginator(teams, TEAMS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "retention/figures.html",
        {
            **context,
            "organisation": organisation,
            "frequency": organisation.report_frequency(period),
            "teams": [(team, team.report_frequency(period)) for team in page],
            "team_page": page,
            "hidden_teams": published.hidden_teams,
            "team_bars": _bars(
                [(_team_label(team), team.absence_percentage) for team in page]
            ),
            "month_bars": _bars([(month, value) for month, value in months]),
            "class_bars": _bars(
                [
                    (class_labels[name], classes[name])
                    for name, *_bounds in figures.CLASSES
                ]
            ),
        },
    )


TEAMS_PER_PAGE = 25
CLASS_LABELS = [
    ("short", gettext_lazy("short (1–14 days)")),
    ("medium", gettext_lazy("medium (15–91 days)")),
    ("long", gettext_lazy("long (92–365 days)")),
    ("extra_long", gettext_lazy("extra long (366 days or more)")),
]


def _dutch_number(value):
    """As Dutch Excel reads it: a decimal comma."""
    return "" if value is None else str(value).replace(".", ",")


@portal_access.role_required(portal_access.HR)
def figures_csv(request):
    """For Excel as set up in the Netherlands: UTF-8 with a byte order mark,
    semicolons, decimal commas; hidden cells say so."""
    _form, period, published, _months = _figures(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="verzuimcijfers-{period.start}-{period.end}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    hidden = _("fewer than %(size)d") % {"size": figures.min_group()}
    if published.organisation is None:
        writer.writerow(
            [_("Too few employees to show figures without anyone being recognised.")]
        )
        return response
    class_labels = dict(CLASS_LABELS)
    writer.writerow(
        [
            _("Group"),
            _("Employees"),
            _("Absence percentage"),
            _("Report frequency per year"),
            _("Average duration (days)"),
            _("Share without absence (%)"),
            *[
                _("Reports %(duration)s") % {"duration": class_labels[name]}
                for name, *_bounds in figures.CLASSES
            ],
        ]
    )
    groups = [(_("Whole organisation"), published.organisation, published.classes)]
    groups += [
        (_team_label(team), team, figures.publish_counts(team.classes))
        for team in published.teams
    ]
    for label, item, classes in groups:
        writer.writerow(
            [
                label,
                item.employees,
                _dutch_number(item.absence_percentage),
                _dutch_number(item.report_frequency(period)),
                _dutch_number(item.average_duration),
                _dutch_number(item.zero_absence_percentage),
                *[
                    hidden if classes[name] is None else classes[name]
                    for name, *_bounds in figures.CLASSES
                ],
            ]
        )
    if published.hidden_teams:
        writer.writerow([])
        writer.writerow(
            [
                _(
                    "%(count)d team(s) not shown on their own: fewer than "
                    "%(size)d employees, or they could be worked out from the rest."
                )
                % {"count": published.hidden_teams, "size": figures.min_group()}
            ]
        )
    return response
