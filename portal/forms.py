"""Forms for accounts, employees and invitations."""

import datetime

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Employee, Membership, Organisation, User
from .privacy_guard import refuse_health_terms
from .services import (
    InvitationError,
    accept_invitation,
    check_usable,
    forget_pending_invitation,
    pending_invitation,
)
from .widgets import RadioSelect


class LoginForm(AllauthLoginForm):
    """allauth's login without the "forgot your password?" link inside the
    password's help text: the template puts it after the button, so Tab goes
    from e-mail to password to the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class PlausibleDates:
    """Every date a form takes lies in the calendar a person can mean: from
    1 January seventy years ago to 31 December five years ahead. A start in
    2099 or a typo like 0202 gets a plain message instead of being stored.
    Checked after the form's own cleaning, so no form can skip it; forms
    with narrower rules (no sick day in the future) add their own."""

    YEARS_BACK = 70
    YEARS_AHEAD = 5

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        today = timezone.localdate()
        earliest = datetime.date(today.year - self.YEARS_BACK, 1, 1)
        latest = datetime.date(today.year + self.YEARS_AHEAD, 12, 31)
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if (
                isinstance(field, forms.DateField)
                and isinstance(value, datetime.date)
                and not earliest <= value <= latest
            ):
                self.add_error(
                    name,
                    _(
                        "Is this date right? Choose a date between "
                        "%(earliest)s and %(latest)s."
                    )
                    % {
                        "earliest": date_format(earliest, "j F Y"),
                        "latest": date_format(latest, "j F Y"),
                    },
                )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InvitationSignupForm(SignupForm):
    """allauth's signup, bound to the invitation held in the session.

    The email address is the one the invitation went to and cannot be
    changed, so the address is verified by the act of clicking the link.
    """

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = pending_invitation(context.request)
        if self.invitation is not None:
            email = self.fields["email"]
            email.initial = self.invitation.email
            email.disabled = True
            email.help_text = _("The address your invitation was sent to.")

    def clean(self):
        cleaned_data = super().clean()
        if self.invitation is None:
            raise forms.ValidationError(
                _("You can only sign up through an invitation.")
            )
        try:
            check_usable(self.invitation)
        except InvitationError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned_data

    def try_save(self, request):
        try:
            with transaction.atomic():
                user, response = super().try_save(request)
                if user is not None:
                    accept_invitation(self.invitation, user)
        except InvitationError as error:
            messages.error(request, str(error))
            return None, redirect("account_login")
        forget_pending_invitation(request)
        return user, response


class EmployeeForm(PlausibleDates, forms.ModelForm):
    """HR adds or edits an employee record, optionally inviting them."""

    invite_email = forms.EmailField(
        max_length=254,
        label=_("Email address for an invitation (optional)"),
        required=False,
        help_text=_(
            "The employee gets a link to make an account. They can then read and "
            "agree to their plan themselves."
        ),
    )

    class Meta:
        model = Employee
        fields = [
            "organisation",
            "first_name",
            "last_name",
            "supervisor",
            "employment_start",
            "part_time_factor",
        ]
        widgets = {"employment_start": DateInput()}

    def __init__(self, *args, hr_user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = access.organisations_for(hr_user, access.HR)
        # HR writes the names: no place for a condition ("Johan (burn-out)").
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(refuse_health_terms)
        self.fields["organisation"].queryset = organisations
        self.fields["supervisor"].queryset = access.supervisors_of(organisations)
        self.fields["supervisor"].help_text = _(
            "Only people invited as work supervisor appear here."
        )
        self.fields["supervisor"].empty_label = _("(no work supervisor yet)")
        if len(organisations) == 1 and not self.instance.pk:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.fields["organisation"].widget = forms.HiddenInput()
            if self.instance.user_id:
                del self.fields["invite_email"]

    def clean(self):
        cleaned_data = super().clean()
        organisation = cleaned_data.get("organisation")
        supervisor = cleaned_data.get("supervisor")
        if (
            organisation
            and supervisor
            and not Membership.objects.filter(
                user=supervisor,
                organisation=organisation,
                role=Membership.Role.SUPERVISOR,
            ).exists()
        ):
            self.add_error(
                "supervisor",
                _("This person is not a work supervisor at %(organisation)s.")
                % {"organisation": organisation},
            )
        return cleaned_data


class InvitationForm(forms.Form):
    """HR invites a work supervisor or a colleague from HR."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.SUPERVISOR, Membership.Role.SUPERVISOR.label),
            (Membership.Role.HR, Membership.Role.HR.label),
        ],
        widget=RadioSelect,
        initial=Membership.Role.SUPERVISOR,
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, hr_user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = access.organisations_for(hr_user, access.HR)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self):
        cleaned_data = super().clean()
        email, role = cleaned_data.get("email"), cleaned_data.get("role")
        organisation = cleaned_data.get("organisation")
        if (
            email
            and role
            and organisation
            and Membership.objects.filter(
                user__email__iexact=email, organisation=organisation, role=role
            ).exists()
        ):
            raise forms.ValidationError(
                _("%(email)s already has this role at %(organisation)s.")
                % {"email": email, "organisation": organisation}
            )
        return cleaned_data


class EndEmploymentForm(PlausibleDates, forms.Form):
    employment_end = forms.DateField(
        label=_("Last day of employment"), widget=DateInput()
    )

    def __init__(self, *args, employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        if employee.employment_end:
            self.fields["employment_end"].initial = employee.employment_end

    def clean_employment_end(self):
        day = self.cleaned_data["employment_end"]
        if day < self.employee.employment_start:
            raise forms.ValidationError(
                _("The last day cannot be before the start of employment (%(start)s).")
                % {"start": self.employee.employment_start.strftime("%d-%m-%Y")}
            )
        return day


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "review_interval_months"]


class AccountNameForm(forms.ModelForm):
    """The name others in the portal see."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}
        error_messages = {"first_name": {"required": _("Fill in your first name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        for name in self.fields:
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if name == "first_name" else "family-name"
            )
