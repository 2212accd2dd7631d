"""The employee's own screens: read and answer the agreements, keep an own
plan, decide who may look, see who looked, print and download."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.http import return_address
from portal.privacy_guard import first_health_warning

from .. import services
from ..access import employee_view, own_employee_record
from ..export import employee_data
from ..forms import (
    AgreeForm,
    ConsentForm,
    ConversationPrepForm,
    DisclosureAidForm,
    OwnPlanAdditionForm,
    OwnPlanForm,
    RequestChangesForm,
)
from ..models import (
    AccessLogEntry,
    ConversationPrep,
    DisclosureAid,
    OwnPlan,
    PlanVersion,
)
from .common import version_context

Status = PlanVersion.Status


def _visible_versions(plan):
    """Drafts are the supervisor's work in progress; the employee sees the rest."""
    return plan.versions.exclude(status=Status.DRAFT).select_related(
        "agreed_by", "proposed_by"
    )


@employee_view
def my_plan(request):
    employee = own_employee_record(request)
    plan = services.plan_for(employee)
    versions = list(_visible_versions(plan))
    waiting = next((v for v in versions if v.status == Status.PROPOSED), None)
    agreed = next((v for v in versions if v.status == Status.AGREED), None)
    return render(
        request,
        "retention/my_plan.html",
        {
            "employee": employee,
            "plan": plan,
            "versions": versions,
            "waiting": waiting,
            "waiting_changes": services.version_changes(waiting) if waiting else None,
            "agreed": agreed,
            "changes_requested": next(
                (v for v in versions if v.status == Status.CHANGES_REQUESTED), None
            ),
            "agree_form": AgreeForm(initial={"revision": waiting.revision})
            if waiting
            else None,
            "changes_form": RequestChangesForm(initial={"revision": waiting.revision})
            if waiting
            else None,
        },
    )


def _answer(request, form_class, action):
    employee = own_employee_record(request)
    version = services.open_version(services.plan_for(employee))
    form = form_class(request.POST)
    if version is None:
        messages.error(request, _("These agreements are not waiting for your answer."))
        return redirect("retention:my_plan")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("retention:my_plan")
    try:
        action(version, form)
    except services.PlanError as error:
        messages.error(request, str(error))
    return redirect("retention:my_plan")


@require_POST
@employee_view
def agree(request):
    def act(version, form):
        services.agree(version, form.cleaned_data["revision"], request.user)
        messages.success(request, _("Thank you. You have agreed to these agreements."))

    return _answer(request, AgreeForm, act)


@require_POST
@employee_view
def request_changes(request):
    def act(version, form):
        services.request_changes(
            version,
            form.cleaned_data["revision"],
            request.user,
            form.cleaned_data["comment"],
        )
        for warning in form.warnings():
            messages.warning(request, warning)
        messages.success(
            request, _("Your question has been sent to your work supervisor.")
        )

    return _answer(request, RequestChangesForm, act)


@employee_view
def my_version(request, number):
    employee = own_employee_record(request)
    version = get_object_or_404(
        _visible_versions(services.plan_for(employee)), number=number
    )
    return render(
        request,
        "retention/version.html",
        version_context(employee, version, own_view=True),
    )


@employee_view
def print_plan(request):
    employee = own_employee_record(request)
    agreed = services.latest_agreed(services.plan_for(employee))
    if agreed is None:
        messages.info(request, _("There are no agreed adjustments to print yet."))
        return redirect("retention:my_plan")
    services.log_access(
        employee, request.user, AccessLogEntry.Action.PRINT, AccessLogEntry.Subject.PLAN
    )
    return render(
        request,
        "retention/print.html",
        {
            "employee": employee,
            "version": agreed,
            "content": agreed.content(),
            "printed_on": timezone.localdate(),
        },
    )


def _save_sections(request, employee, form, subject):
    """Save a plan of sections the employee shares one by one: saving is
    choosing anew what the current supervisor may read. Logged; the
    employee's own words get a warning (never a block) for health terms."""
    form.instance.sharing_reset_at = None
    form.save()
    services.log_access(employee, request.user, AccessLogEntry.Action.CHANGE, subject)
    for warning in form.warnings():
        messages.warning(request, warning)


@employee_view
def own_plan(request):
    employee = own_employee_record(request)
    plan = services.own_plan_for(employee)
    form = OwnPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        _save_sections(request, employee, form, AccessLogEntry.Subject.OWN_PLAN)
        messages.success(request, _("Your plan has been saved."))
        return redirect("retention:own_plan")
    return render(
        request,
        "retention/own_plan.html",
        {
            "employee": employee,
            "form": form,
            "plan": plan,
            "shared": plan.shared_sections(),
            "sections": OwnPlan.SECTIONS,
        },
    )


@require_POST
@employee_view
def own_plan_import(request):
    """Add what an exercise produced to the own plan: first shown exactly as
    it will be added, then saved when the employee confirms."""
    employee = own_employee_record(request)
    plan = services.own_plan_for(employee)
    form = OwnPlanAdditionForm(request.POST, plan=plan)
    back = return_address(request, "terug")
    if form.is_valid() and form.cleaned_data["confirm"]:
        services.add_to_own_plan(
            employee,
            request.user,
            {name: form.combined(name) for name, *_rest in form.additions()},
        )
        for warning in first_health_warning(form.cleaned_data.values()):
            messages.warning(request, warning)
        messages.success(request, _("It is in your own plan now."))
        return redirect("retention:own_plan")
    return render(
        request,
        "retention/own_plan_import.html",
        {"form": form, "back": back},
        status=200 if form.is_valid() else 400,
    )


@employee_view
def conversation_prep(request):
    """Preparing a conversation with the work supervisor. Private until the
    employee shares a section; `?aanvullen=1` offers texts from the own plan
    and the agreements, to check and change before saving."""
    employee = own_employee_record(request)
    prep = ConversationPrep.objects.filter(
        employee=employee
    ).first() or ConversationPrep(employee=employee)
    initial = {}
    if request.method == "GET" and request.GET.get("aanvullen"):
        initial = {
            name: text
            for name, text in services.conversation_prep_suggestions(employee).items()
            if not getattr(prep, name).strip()
        }
        if initial:
            messages.info(
                request,
                _(
                    "Filled in from your own plan and your agreements. Check it and save."
                ),
            )
        else:
            messages.info(request, _("There was nothing to fill in."))
    form = ConversationPrepForm(request.POST or None, instance=prep, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_sections(
            request, employee, form, AccessLogEntry.Subject.CONVERSATION_PREP
        )
        messages.success(request, _("Your preparation has been saved."))
        return redirect("retention:conversation_prep")
    return render(
        request,
        "retention/conversation_prep.html",
        {"form": form, "prep": prep, "employee": employee},
        status=400 if form.errors else 200,
    )


@employee_view
def disclosure(request):
    """Deciding what to tell: private, never shared, printable. Nobody else
    reads it, so there is nothing for the access log."""
    employee = own_employee_record(request)
    aid = DisclosureAid.objects.filter(employee=employee).first() or DisclosureAid(
        employee=employee
    )
    form = DisclosureAidForm(request.POST or None, instance=aid)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved. Only you can read this."))
        return redirect("retention:disclosure")
    return render(
        request,
        "retention/disclosure.html",
        {"form": form, "aid": aid},
        status=400 if form.errors else 200,
    )


@employee_view
def consents(request):
    employee = own_employee_record(request)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent = services.grant_consent(employee, form)
        messages.success(
            request,
            _("%(name)s gets an email with a link to read your agreements.")
            % {"name": consent.name},
        )
        return redirect("retention:consents")
    return render(
        request,
        "retention/consents.html",
        {
            "employee": employee,
            "form": form,
            "consents": employee.consents.all(),
            "today": timezone.localdate(),
        },
    )


@employee_view
def consent_revoke(request, pk):
    employee = own_employee_record(request)
    consent = get_object_or_404(employee.consents, pk=pk)
    if request.method == "POST":
        services.revoke_consent(consent)
        messages.success(
            request,
            _("%(name)s can no longer read your agreements.") % {"name": consent.name},
        )
        return redirect("retention:consents")
    return render(request, "retention/consent_revoke.html", {"consent": consent})


@employee_view
def my_data(request):
    employee = own_employee_record(request)
    page = Paginator(employee.access_log.per_day(), 25).get_page(
        request.GET.get("pagina")
    )
    actions = dict(AccessLogEntry.Action.choices)
    subjects = dict(AccessLogEntry.Subject.choices)
    for row in page.object_list:
        row["what"] = f"{actions[row['action']]} {subjects[row['subject']]}"
    return render(
        request, "retention/my_data.html", {"employee": employee, "page": page}
    )


@employee_view
def my_data_download(request):
    employee = own_employee_record(request)
    services.log_access(
        employee,
        request.user,
        AccessLogEntry.Action.EXPORT,
        AccessLogEntry.Subject.DATA,
    )
    response = HttpResponse(
        json.dumps(employee_data(employee), indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        'attachment; filename="mijn-gegevens-werkbehoud.json"'
    )
    return response
