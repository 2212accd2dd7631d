"""Pages of the Wagtail admin for running the portal: organisations and the
first invitations (onboarding without a shell), and the mail queue.

Only superusers see them; every admin page already needs two-step
verification (portal/gate.py).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from . import mail
from .models import Invitation, Membership, Organisation, OutgoingMail
from .services import invite


def superuser_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# Onboarding ------------------------------------------------------------------------


class OrganisationCreateView(CreateView):
    def get_success_url(self):
        return reverse("onboarding:invite") + f"?organisation={self.object.pk}"

    def get_success_message(self, instance):
        return _("%(name)s has been added. Now invite its first HR person.") % {
            "name": instance.name
        }


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    form_fields = ["name", "kind", "review_interval_months"]
    list_display = ["name", "kind"]
    search_fields = ["name"]
    icon = "home"
    add_to_admin_menu = True
    menu_label = gettext_lazy("Organisations")
    menu_order = 800
    add_view_class = OrganisationCreateView


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=Invitation.Role.choices
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "For HR, a work supervisor or an employee. Leave empty for the "
            "helpdesk and editors."
        ),
    )

    def clean(self):
        data = super().clean()
        role, organisation = data.get("role"), data.get("organisation")
        email = data.get("email")
        if role in Invitation.GROUPS:
            if organisation:
                self.add_error(
                    "organisation",
                    _("The helpdesk and editors work for Werkbehoud, not an employer."),
                )
            elif (
                email
                and Group.objects.filter(
                    name=Invitation.GROUPS[role], user__email__iexact=email
                ).exists()
            ):
                self.add_error("email", _("This person already has this role."))
        elif role:
            if not organisation:
                self.add_error("organisation", _("Choose the organisation."))
            elif (
                email
                and Membership.objects.filter(
                    user__email__iexact=email, organisation=organisation, role=role
                ).exists()
            ):
                self.add_error("email", _("This person already has this role."))
        return data


@superuser_only
def invite_view(request):
    """Invite someone: the first HR person of a new employer, or helpdesk
    and editorial staff."""
    initial = {"role": Invitation.Role.HR}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = request.GET["organisation"]
    form = InviteForm(request.POST or None, initial=initial)
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
        return redirect("onboarding:invite")
    invitations = Invitation.objects.select_related("organisation", "invited_by")
    return TemplateResponse(
        request,
        "portal/admin/invite.html",
        {
            "form": form,
            "page_title": _("Invite someone"),
            "header_icon": "mail",
            "page": Paginator(invitations, 25).get_page(request.GET.get("p")),
        },
    )


# The mail queue ---------------------------------------------------------------------


@superuser_only
def mail_queue(request):
    status = request.GET.get("status")
    mails = OutgoingMail.objects.all()
    if status in OutgoingMail.Status.values:
        mails = mails.filter(status=status)
    return TemplateResponse(
        request,
        "portal/admin/mail_queue.html",
        {
            "page_title": _("Outgoing mail"),
            "header_icon": "mail",
            "statuses": OutgoingMail.Status.choices,
            "status": status,
            "failed_count": OutgoingMail.objects.filter(
                status=OutgoingMail.Status.FAILED
            ).count(),
            "page": Paginator(mails, 50).get_page(request.GET.get("p")),
        },
    )


@require_POST
@superuser_only
def mail_retry(request, pk):
    queued = get_object_or_404(OutgoingMail, pk=pk, status=OutgoingMail.Status.FAILED)
    mail.retry(queued)
    messages.success(request, _("The mail will be sent again within a minute."))
    return redirect(reverse("outgoing_mail:index") + "?status=failed")
