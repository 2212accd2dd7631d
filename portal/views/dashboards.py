"""The dashboard each role lands on after logging in."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from .. import access, audit
from ..kept_pages import kept_for_viewer

PAGE_SIZE = 25


@login_required
def dashboard(request):
    """Send a user to their role's dashboard, or let them choose between roles."""
    roles = access.roles_of(request.user)
    targets = [
        (role, access.ROLE_LABELS[role], settings.WERKBEHOUD_DASHBOARDS[role])
        for role in access.ROLE_ORDER
        if role in roles
    ]
    if len(targets) == 1:
        return redirect(targets[0][2])
    return render(request, "portal/dashboard_choice.html", {"targets": targets})


@access.role_required(access.HR)
@kept_for_viewer
def hr_dashboard(request):
    user = request.user
    employees = (
        access.hr_employees(user)
        .select_related("organisation", "supervisor", "user")
        .order_by("last_name", "first_name", "pk")
    )
    organisations = list(access.organisations_for(user, access.HR))
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("pagina"))
    audit.shown(user, list(page.object_list), audit.OVERVIEW)
    return render(
        request,
        "portal/hr_dashboard.html",
        {
            "organisations": organisations,
            "page": page,
            "supervisor_count": access.supervisors_of(organisations).count(),
            "open_invitation_count": access.invitations_for(user).open().count(),
        },
    )
