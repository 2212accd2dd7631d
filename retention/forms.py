"""Forms of the retention app.

Text that supervisors and HR write passes the privacy guard (a hit is
refused); text employees write about themselves gets a warning instead.
"""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.forms import DateInput, PlausibleDates
from portal.privacy_guard import (
    first_health_warning,
    health_terms_warning,
    refuse_health_terms,
)
from portal.widgets import RadioSelect

from .models import (
    Adjustment,
    ContactMoment,
    ConversationPrep,
    DisclosureAid,
    OwnPlan,
    PlanReview,
    SickReport,
    ThirdPartyConsent,
)

MAX_CONSENT_DAYS = 366
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,20}")


class RevisionForm(forms.Form):
    """Carries the revision of the version the person was looking at."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class AdjustmentForm(PlausibleDates, forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Adjustment
        fields = Adjustment.CONTENT_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "agreement": forms.Textarea(attrs={"rows": 3}),
            "responsibilities": forms.Textarea(attrs={"rows": 2}),
            "refusal_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "limitation": _(
                "Start from what is hard in the work, not from a diagnosis."
            ),
            "agreement": _(
                "Concrete and checkable, for example: starts at 9:00 instead of 7:30."
            ),
            "responsibilities": _(
                "For example: the work supervisor plans the quiet tasks."
            ),
            "end_date": _("Leave empty if there is no end date."),
            "refusal_reason": _("Only when the request was not granted: explain why."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("agreement", "responsibilities", "refusal_reason"):
            self.fields[name].validators.append(refuse_health_terms)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        if cleaned_data.get("status") == Adjustment.Status.REFUSED:
            if not cleaned_data.get("refusal_reason", "").strip():
                self.add_error(
                    "refusal_reason",
                    _(
                        "Write why the request was not granted. The law asks you to record it."
                    ),
                )
        elif cleaned_data.get("refusal_reason", "").strip():
            self.add_error(
                "refusal_reason",
                _("Only fill this in when the request was not granted."),
            )
        return cleaned_data


class AgreeForm(RevisionForm):
    confirm = forms.BooleanField(
        label=_("I have read these agreements and I agree to them."),
        template_name="includes/forms/checkbox_field.html",
        error_messages={"required": _("Tick the box to show that you agree.")},
    )


class RequestChangesForm(RevisionForm):
    comment = forms.CharField(
        label=_("What would you like to have changed?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Write what you would like to have changed.")},
    )

    def warnings(self):
        warning = health_terms_warning(self.cleaned_data.get("comment", ""))
        return [warning] if warning else []


class ReviewForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = PlanReview
        fields = ["reviewed_on", "outcome", "note"]
        widgets = {
            "reviewed_on": DateInput(),
            "outcome": RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "note": _("What did you notice together? Describe work, not health.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].validators.append(refuse_health_terms)
        self.fields["reviewed_on"].initial = timezone.localdate()

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The conversation cannot be in the future."))
        return day


def section_fields(model):
    """The text fields of every section, then every section's share box."""
    return [name for _key, _title, names in model.SECTIONS for name in names] + [
        f"share_{key}" for key, _title, _names in model.SECTIONS
    ]


def section_widgets(model):
    return {
        name: forms.Textarea(attrs={"rows": 3})
        for _key, _title, names in model.SECTIONS
        for name in names
    }


class SharedSectionsForm(PlausibleDates, forms.ModelForm):
    """A plan of sections (retention.models.own_plan.SharedSections): the
    text fields grouped as on screen, each section with its share box."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title, _fields in self._meta.model.SECTIONS:
            self.fields[f"share_{key}"].label = _(
                "Share “%(section)s” with my work supervisor"
            ) % {"section": title}

    def sections(self):
        """Bound fields grouped as on screen: (key, title, text fields, share field)."""
        return [
            (key, title, [self[name] for name in fields], self[f"share_{key}"])
            for key, title, fields in self._meta.model.SECTIONS
        ]

    def warnings(self):
        return first_health_warning(self.cleaned_data.values())


class OwnPlanForm(SharedSectionsForm):
    class Meta:
        model = OwnPlan
        fields = [*section_fields(OwnPlan), "review_on"]
        widgets = {"review_on": DateInput(), **section_widgets(OwnPlan)}

    def clean_review_on(self):
        day = self.cleaned_data["review_on"]
        today = timezone.localdate()
        changed = "review_on" in self.changed_data
        if day and changed and not today <= day <= today + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("Choose a day from today up to a year from now.")
            )
        return day


class OwnPlanAdditionForm(forms.Form):
    """Text a portal exercise adds to the own plan, shown before it is saved.
    Only the sections an exercise may fill can be added to."""

    SECTIONS = ("what_helps", "triggers")

    what_helps = forms.CharField(required=False, max_length=1000)
    triggers = forms.CharField(required=False, max_length=1000)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        data = super().clean()
        for name in self.SECTIONS:
            data[name] = data.get(name, "").replace("\r\n", "\n")
        if not any(data.get(name) for name in self.SECTIONS):
            raise forms.ValidationError(_("There is nothing to add to your plan."))
        limit = OwnPlan._meta.get_field("what_helps").max_length
        for name in self.SECTIONS:
            if data.get(name) and len(self.combined(name)) > limit:
                self.add_error(
                    name,
                    _(
                        "“%(section)s” would become longer than %(limit)d characters. "
                        "Shorten it in your plan first."
                    )
                    % {
                        "section": OwnPlan._meta.get_field(name).verbose_name,
                        "limit": limit,
                    },
                )
        return data

    def combined(self, name):
        """The section's text after the addition."""
        current = getattr(self.plan, name).rstrip()
        addition = self.cleaned_data.get(name, "")
        return f"{current}\n\n{addition}" if current else addition

    def additions(self):
        """[(field name, section title, current text, added text, shared)]"""
        titles = {key: title for key, title, _fields in OwnPlan.SECTIONS}
        return [
            (
                name,
                titles[name],
                getattr(self.plan, name),
                self.cleaned_data[name],
                getattr(self.plan, f"share_{name}"),
            )
            for name in self.SECTIONS
            if self.cleaned_data.get(name)
        ]


class ConversationPrepForm(SharedSectionsForm):
    class Meta:
        model = ConversationPrep
        fields = ["meeting_on", *section_fields(ConversationPrep)]
        widgets = {"meeting_on": DateInput(), **section_widgets(ConversationPrep)}

    def clean_meeting_on(self):
        day = self.cleaned_data["meeting_on"]
        today = timezone.localdate()
        earliest, latest = (
            today - datetime.timedelta(days=31),
            today + datetime.timedelta(days=366),
        )
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(
                _("Choose a date between a month ago and a year from now.")
            )
        return day


class DisclosureAidForm(forms.ModelForm):
    class Meta:
        model = DisclosureAid
        fields = [*DisclosureAid.QUESTIONS, "leaning"]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in DisclosureAid.QUESTIONS
            },
            "leaning": RadioSelect,
        }
        error_messages = {
            "leaning": {"invalid_choice": _("Choose one of the answers.")}
        }


class ConsentForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = ThirdPartyConsent
        fields = ["name", "role", "email", "valid_until", "include_own_plan"]
        widgets = {"valid_until": DateInput(), "role": RadioSelect}
        help_texts = {
            "email": _("The link goes to this address. Check it carefully."),
            "valid_until": _("At most one year from today. You can end it earlier."),
        }

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Choose a date from today onwards."))
        if day > today + datetime.timedelta(days=MAX_CONSENT_DAYS):
            raise forms.ValidationError(_("Choose a date at most one year from today."))
        return day


class SickReportForm(PlausibleDates, forms.ModelForm):
    """Only what the Dutch DPA lets an employer record at a sick report."""

    class Meta:
        model = SickReport
        fields = [
            "first_sick_day",
            "expected_duration",
            "phone",
            "care_address",
            "ongoing_work",
            "safety_net",
            "work_accident",
            "third_party_liable",
        ]
        widgets = {
            "first_sick_day": DateInput(),
            "expected_duration": RadioSelect,
            "care_address": forms.Textarea(attrs={"rows": 2}),
            "ongoing_work": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ongoing_work"].validators.append(refuse_health_terms)
        self.fields["care_address"].validators.append(refuse_health_terms)
        self.fields["safety_net"].help_text = _(
            "Only whether one applies, never which one. Does one apply, for "
            "example because of a no-risk policy? Then HR must report the "
            "absence to UWV within 6 weeks, and sooner in some cases: check "
            "uwv.nl. The portal puts this step on the timeline."
        )
        for name in ("safety_net", "work_accident", "third_party_liable"):
            self.fields[name].template_name = "includes/forms/checkbox_field.html"
        # A radio list needs no empty "---------" choice.
        self.fields["expected_duration"].choices = SickReport.ExpectedDuration.choices
        if not self.instance.pk:
            self.fields["first_sick_day"].initial = timezone.localdate()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Write a phone number with digits only, for example 06 12345678.")
            )
        return phone


class DateForm(PlausibleDates, forms.Form):
    """One date: the recovery, or the day a step was done."""

    day = forms.DateField(widget=DateInput())

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].label = label
        self.fields["day"].initial = timezone.localdate()


class RecoveryForm(DateForm):
    """Fully back at work: in their own work, or in adapted or other work."""

    recovered_in = forms.ChoiceField(
        label=_("Where does the employee work again?"),
        choices=SickReport.RecoveredIn.choices,
        initial=SickReport.RecoveredIn.OWN_WORK,
        widget=RadioSelect,
        help_text=_(
            "In adapted or other work the 104 weeks of the sick-leave process "
            "run on, and so do its steps, until the employee is back in their "
            "own work."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label=_("Fully back at work on"), **kwargs)


WEEKS_FROM_1_TO_6 = _("Choose a number of weeks from 1 to 6.")


class EvaluationWeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Evaluate the plan of action every"),
        min_value=1,
        max_value=6,
        error_messages=dict.fromkeys(
            ("min_value", "max_value", "invalid", "required"), WEEKS_FROM_1_TO_6
        ),
    )


class PartialRecoveryForm(PlausibleDates, forms.Form):
    from_date = forms.DateField(label=_("From"), widget=DateInput())
    percentage = forms.IntegerField(
        label=_("Works again for (percentage of the usual work)"),
        min_value=1,
        max_value=99,
        # Django formats these messages with %, so they hold no % sign.
        error_messages={
            "min_value": _("Give a percentage from 1 to 99."),
            "max_value": _(
                "Give a percentage from 1 to 99. Back at work for 100 percent? "
                "Then record full recovery."
            ),
            "invalid": _("Give a percentage as a whole number, for example 50."),
        },
    )


class ContactMomentForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = ContactMoment
        fields = ["contact_on", "kind", "agreements", "next_contact_on"]
        widgets = {
            "contact_on": DateInput(),
            "next_contact_on": DateInput(),
            "kind": RadioSelect,
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["agreements"].validators.append(refuse_health_terms)
        self.fields["contact_on"].initial = timezone.localdate()

    def clean(self):
        cleaned_data = super().clean()
        day, following = (
            cleaned_data.get("contact_on"),
            cleaned_data.get("next_contact_on"),
        )
        if day and day > timezone.localdate():
            self.add_error("contact_on", _("Record a contact after it took place."))
        elif day and self.case and day < self.case.started_on:
            self.add_error(
                "contact_on",
                _("A contact moment of this absence is on or after %(date)s.")
                % {"date": date_format(self.case.started_on, "j F Y")},
            )
        if day and following and following <= day:
            self.add_error(
                "next_contact_on", _("The next contact comes after this one.")
            )
        return cleaned_data


class PeriodForm(PlausibleDates, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), widget=DateInput())

    MAX_DAYS = 5 * 366

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period is before its start."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
        return cleaned_data
