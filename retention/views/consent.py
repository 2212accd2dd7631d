"""What a job coach, company doctor or case manager sees through the link
the employee sent them: the agreed adjustments and, when the employee chose
so, the own plan; read-only, while allowed, and each visit logged."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.http import personal

from .. import services
from ..models import AccessLogEntry, OwnPlan


@personal
def consent_view(request, token):
    consent = services.find_consent(token)
    if consent is None:
        return _closed(
            request,
            _("This link is not valid. Check that you copied all of it."),
            status=404,
        )
    if consent.revoked_at is not None:
        return _closed(
            request,
            _("The employee has ended your access. This link no longer works."),
            status=410,
        )
    if not consent.is_active:
        return _closed(
            request,
            _(
                "Your access ended on %(date)s. Ask the employee if you "
                "need to look again."
            )
            % {"date": consent.valid_until.strftime("%d-%m-%Y")},
            status=410,
        )
    employee = consent.employee
    agreed = services.latest_agreed(services.plan_for(employee))
    label = f"{consent.name} ({consent.get_role_display()})"
    services.log_access(
        employee,
        None,
        AccessLogEntry.Action.VIEW,
        AccessLogEntry.Subject.PLAN,
        label=label,
    )
    own_sections = []
    if consent.include_own_plan:
        own = OwnPlan.objects.filter(employee=employee).first()
        own_sections = own.sections() if own else []
        if own_sections:
            services.log_access(
                employee,
                None,
                AccessLogEntry.Action.VIEW,
                AccessLogEntry.Subject.OWN_PLAN,
                label=label,
            )
    return render(
        request,
        "retention/consent_view.html",
        {
            "consent": consent,
            "employee": employee,
            "version": agreed,
            "content": agreed.content() if agreed else None,
            "own_sections": own_sections,
        },
    )


def _closed(request, message, status):
    return render(
        request, "retention/consent_closed.html", {"message": message}, status=status
    )
