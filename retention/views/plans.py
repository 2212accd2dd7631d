"""Work supervisors and HR record the adjustments agreed with an employee."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access as portal_access

from .. import services
from ..access import managed_employee, reads_shared_own_plan
from ..forms import AdjustmentForm, ReviewForm, RevisionForm
from ..guidance import guidance_by_category, unique_links
from ..models import AccessLogEntry, ConversationPrep, OwnPlan, PlanVersion
from .common import shown, version_context

Subject = AccessLogEntry.Subject

MANAGERS = (portal_access.HR, portal_access.SUPERVISOR)


def _plan_context(employee, user):
    plan = services.plan_for(employee)
    versions = list(plan.versions.select_related("agreed_by", "proposed_by"))
    current = next((v for v in versions if v.status in PlanVersion.OPEN_STATUSES), None)
    agreed = next((v for v in versions if v.status == PlanVersion.Status.AGREED), None)
    shown = current or agreed
    adjustments = list(shown.adjustments.all()) if shown else []
    own_plan = prep = None
    if reads_shared_own_plan(user, employee):
        own_plan = OwnPlan.objects.filter(employee=employee).first()
        prep = ConversationPrep.objects.filter(employee=employee).first()
    return {
        "employee": employee,
        "plan": plan,
        "versions": versions,
        "current": current,
        "agreed": agreed,
        "shown": shown,
        "adjustments": adjustments,
        "guidance": unique_links(
            guidance_by_category({a.category for a in adjustments})
        ),
        "shared_sections": own_plan.shared_sections() if own_plan else [],
        "prep": prep,
        "prep_sections": prep.shared_sections() if prep else [],
        "reviews": plan.reviews.select_related("reviewed_by")[:5],
        "today": timezone.localdate(),
    }


@portal_access.role_required(*MANAGERS)
def plan(request, employee_id):
    employee = managed_employee(request.user, employee_id)
    context = _plan_context(employee, request.user)
    shown(request, employee, Subject.PLAN)
    if context["shared_sections"]:
        shown(request, employee, Subject.OWN_PLAN)
    if context["prep_sections"]:
        shown(request, employee, Subject.CONVERSATION_PREP)
    return render(request, "retention/plan.html", context)


@portal_access.role_required(*MANAGERS)
def adjustment_form(request, employee_id, key=None):
    employee = managed_employee(request.user, employee_id)
    try:
        _current, revision, base = services.editing_base(services.plan_for(employee))
    except services.PlanError as error:
        messages.error(request, str(error))
        return redirect("retention:plan", employee_id=employee.pk)
    adjustment = get_object_or_404(base.adjustments, key=key) if key else None
    shown(request, employee, Subject.PLAN)
    form = AdjustmentForm(
        request.POST or None, instance=adjustment, initial={"revision": revision}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_adjustment(
                employee,
                form.cleaned_data,
                form.cleaned_data["revision"],
                request.user,
                key,
            )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The adjustment has been saved in the draft."))
            return redirect("retention:plan", employee_id=employee.pk)
    return render(
        request,
        "retention/adjustment_form.html",
        {
            "employee": employee,
            "form": form,
            "adjustment": adjustment,
            "guidance": unique_links(guidance_by_category()),
        },
    )


@portal_access.role_required(*MANAGERS)
def adjustment_delete(request, employee_id, key):
    employee = managed_employee(request.user, employee_id)
    try:
        _current, revision, base = services.editing_base(services.plan_for(employee))
    except services.PlanError as error:
        messages.error(request, str(error))
        return redirect("retention:plan", employee_id=employee.pk)
    adjustment = get_object_or_404(base.adjustments, key=key)
    shown(request, employee, Subject.PLAN)
    form = RevisionForm(request.POST or None, initial={"revision": revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_adjustment(
                employee, key, form.cleaned_data["revision"], request.user
            )
        except services.PlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The adjustment has been removed from the draft.")
            )
        return redirect("retention:plan", employee_id=employee.pk)
    return render(
        request,
        "retention/adjustment_delete.html",
        {"employee": employee, "adjustment": adjustment, "form": form},
    )


@portal_access.role_required(*MANAGERS)
def propose(request, employee_id):
    employee = managed_employee(request.user, employee_id)
    version = services.open_version(services.plan_for(employee))
    if version is None:
        return redirect("retention:plan", employee_id=employee.pk)
    form = RevisionForm(request.POST or None, initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.propose(version, form.cleaned_data["revision"], request.user)
        except services.PlanError as error:
            messages.error(request, str(error))
        else:
            if employee.user_id:
                messages.success(
                    request,
                    _("The agreements have been sent to %(name)s to read and agree to.")
                    % {"name": employee.first_name},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The agreements are proposed, but %(name)s has no account yet. "
                        "Ask HR to invite %(name)s, or go through them together."
                    )
                    % {"name": employee.first_name},
                )
        return redirect("retention:plan", employee_id=employee.pk)
    shown(request, employee, Subject.PLAN)
    return render(
        request,
        "retention/propose.html",
        {
            "employee": employee,
            "version": version,
            "form": form,
        },
    )


@require_POST
@portal_access.role_required(*MANAGERS)
def withdraw(request, employee_id):
    employee = managed_employee(request.user, employee_id)
    version = services.open_version(services.plan_for(employee))
    form = RevisionForm(request.POST)
    if version is not None and form.is_valid():
        try:
            services.withdraw(version, form.cleaned_data["revision"], request.user)
        except services.PlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The proposal is withdrawn. You can change the draft.")
            )
    return redirect("retention:plan", employee_id=employee.pk)


@portal_access.role_required(*MANAGERS)
def version_detail(request, employee_id, number):
    employee = managed_employee(request.user, employee_id)
    version = get_object_or_404(services.plan_for(employee).versions, number=number)
    shown(request, employee, Subject.PLAN)
    return render(request, "retention/version.html", version_context(employee, version))


@portal_access.role_required(*MANAGERS)
def review(request, employee_id):
    employee = managed_employee(request.user, employee_id)
    plan = services.plan_for(employee)
    if services.latest_agreed(plan) is None:
        messages.info(request, _("There are no agreed adjustments to review yet."))
        return redirect("retention:plan", employee_id=employee.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.record_review(plan, form, request.user)
        if result.outcome == result.Outcome.CHANGE:
            messages.success(
                request,
                _(
                    "The review is saved. Change the agreements, then propose them again."
                ),
            )
            return redirect("retention:plan", employee_id=employee.pk)
        messages.success(
            request,
            _("The review is saved. The next review is due on %(date)s.")
            % {"date": plan.next_review_due.strftime("%d-%m-%Y")},
        )
        return redirect("retention:plan", employee_id=employee.pk)
    shown(request, employee, Subject.REVIEW)
    return render(
        request,
        "retention/review.html",
        {"employee": employee, "plan": plan, "form": form},
    )
