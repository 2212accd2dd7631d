"""HR's screens for the people of their organisation: employees, invitations."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import access, audit
from ..forms import (
    EmployeeForm,
    EndEmploymentForm,
    InvitationForm,
    OrganisationSettingsForm,
)
from ..models import Membership
from ..services import InvitationError, invite, revoke_invitation


@access.role_required(access.HR)
def employee_create(request):
    form = EmployeeForm(request.POST or None, hr_user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            employee = form.save()
            _invite_employee(request, employee, form.cleaned_data.get("invite_email"))
        messages.success(request, _("%(name)s has been added.") % {"name": employee})
        return redirect("portal:employee_edit", pk=employee.pk)
    return render(request, "portal/employee_form.html", {"form": form})


@access.role_required(access.HR)
def employee_edit(request, pk):
    employee = get_object_or_404(access.hr_employees(request.user), pk=pk)
    form = EmployeeForm(request.POST or None, instance=employee, hr_user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            _invite_employee(request, employee, form.cleaned_data.get("invite_email"))
        messages.success(request, _("The changes have been saved."))
        return redirect("portal:employee_edit", pk=employee.pk)
    invitations = employee.invitations.all()[:5]
    audit.shown(request.user, [employee], audit.EMPLOYMENT)
    return render(
        request,
        "portal/employee_form.html",
        {"form": form, "employee": employee, "invitations": invitations},
    )


@access.role_required(access.HR)
def employee_end(request, pk):
    employee = get_object_or_404(access.hr_employees(request.user), pk=pk)
    form = EndEmploymentForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        employee.employment_end = form.cleaned_data["employment_end"]
        employee.save(update_fields=["employment_end", "updated_at"])
        messages.success(
            request,
            _("The employment of %(name)s ends on %(date)s.")
            % {"name": employee, "date": employee.employment_end.strftime("%d-%m-%Y")},
        )
        return redirect("portal:employee_edit", pk=employee.pk)
    audit.shown(request.user, [employee], audit.EMPLOYMENT)
    return render(
        request, "portal/employee_end.html", {"employee": employee, "form": form}
    )


def _invite_employee(request, employee, email):
    if not email:
        return
    invite(
        organisation=employee.organisation,
        email=email,
        role=Membership.Role.EMPLOYEE,
        invited_by=request.user,
        employee=employee,
    )
    messages.info(
        request, _("An invitation has been sent to %(email)s.") % {"email": email}
    )


@access.role_required(access.HR)
def invitation_list(request):
    form = InvitationForm(request.POST or None, hr_user=request.user)
    if request.method == "POST" and form.is_valid():
        invitation = invite(
            organisation=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(
            request,
            _("An invitation has been sent to %(email)s.")
            % {"email": invitation.email},
        )
        return redirect("portal:invitation_list")
    invitations = access.invitations_for(request.user).select_related(
        "organisation", "employee", "invited_by"
    )
    page = Paginator(invitations, 25).get_page(request.GET.get("pagina"))
    audit.shown(
        request.user,
        list({i.employee_id: i.employee for i in page if i.employee_id}.values()),
        audit.OVERVIEW,
    )
    return render(
        request,
        "portal/invitation_list.html",
        {
            "form": form,
            "page": page,
            "invitation_days": settings.WERKBEHOUD_INVITATION_DAYS,
        },
    )


@access.role_required(access.HR)
def invitation_revoke(request, pk):
    invitation = get_object_or_404(access.invitations_for(request.user), pk=pk)
    if request.method == "POST":
        try:
            revoke_invitation(invitation)
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The invitation for %(email)s has been withdrawn.")
                % {"email": invitation.email},
            )
        return redirect("portal:invitation_list")
    if invitation.employee_id:
        audit.shown(request.user, [invitation.employee], audit.EMPLOYMENT)
    return render(request, "portal/invitation_revoke.html", {"invitation": invitation})


@access.role_required(access.HR)
def organisation_settings(request, pk):
    organisation = get_object_or_404(
        access.organisations_for(request.user, access.HR), pk=pk
    )
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The settings have been saved."))
        return redirect("portal:hr_dashboard")
    return render(
        request,
        "portal/organisation_settings.html",
        {"form": form, "organisation": organisation},
    )
