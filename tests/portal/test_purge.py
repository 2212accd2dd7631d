"""purge_expired removes exactly what is past its term: for every term, one
thing a day past it (gone) and one a day short of it (kept)."""

import datetime
import io

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from cms.models import GuidanceFeedback
from portal.models import Invitation, OutgoingMail
from portal.services import invite
from retention import absence
from retention.models import ContactMoment, Milestone, SentReminder, SickReport
from tests.cms.factories import GuidancePageFactory, build_site
from tests.factories import EmployeeFactory, UserFactory
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2029, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def purge():
    with time_machine.travel(NOW, tick=False):
        call_command("purge_expired", stdout=io.StringIO())


def around(term):
    """(a moment a day past the term, a moment a day short of it)."""
    return days_ago(term + 1), days_ago(term - 1)


def test_invitations_go_a_term_after_use_and_open_ones_stay(settings, team):
    past, short = around(settings.WERKBEHOUD_INVITATION_RETENTION_DAYS)
    made = {}
    for label, moment in (("old", past), ("recent", short)):
        with time_machine.travel(moment, tick=False):
            made[label] = invite(
                organisation=team["hr"].memberships.get().organisation,
                email=f"{label}@voorbeeld.example",
                role="supervisor",
                invited_by=team["hr"],
            )
            made[label].accepted_at = timezone.now()
            made[label].save()
    with time_machine.travel(NOW - datetime.timedelta(days=1), tick=False):
        open_one = invite(
            organisation=team["hr"].memberships.get().organisation,
            email="open@voorbeeld.example",
            role="supervisor",
            invited_by=team["hr"],
        )
    purge()
    assert set(Invitation.objects.values_list("pk", flat=True)) == {
        made["recent"].pk,
        open_one.pk,
    }


def test_sent_mail_goes_after_its_term_and_waiting_mail_never(settings):
    past, short = around(settings.WERKBEHOUD_MAIL_RETENTION_DAYS)
    for label, moment in (("old", past), ("recent", short), ("waiting", past)):
        with time_machine.travel(moment, tick=False):
            send_mail(label, "Tekst", None, ["iemand@voorbeeld.example"])
    with time_machine.travel(past, tick=False):
        OutgoingMail.objects.exclude(subject="waiting").update(
            status=OutgoingMail.Status.SENT
        )
    OutgoingMail.objects.filter(subject="recent").update(
        status=OutgoingMail.Status.SENT
    )
    purge()
    assert sorted(OutgoingMail.objects.values_list("subject", flat=True)) == [
        "recent",
        "waiting",
    ]


def test_expired_sessions_go():
    client = Client()
    client.force_login(UserFactory())
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=days_ago(1))
    kept = Client()
    kept.force_login(UserFactory())
    Session.objects.filter(session_key=kept.session.session_key).update(
        expire_date=NOW + datetime.timedelta(minutes=5)
    )
    purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        kept.session.session_key
    ]


def test_search_terms_and_feedback_comments_go_after_their_term(settings):
    _home, hub, _cards = build_site()
    page = GuidancePageFactory(parent=hub)
    past, short = around(settings.WERKBEHOUD_SEARCH_TERM_RETENTION_DAYS)
    for term, moment in (("oude zoekterm", past), ("nieuwe zoekterm", short)):
        with time_machine.travel(moment, tick=False):
            Query.get(term).add_hit()
            GuidanceFeedback.objects.create(page=page, helpful=True, comment=term)
    purge()
    assert list(Query.objects.values_list("query_string", flat=True)) == [
        "nieuwe zoekterm"
    ]
    assert sorted(GuidanceFeedback.objects.values_list("comment", flat=True)) == [
        "",
        "nieuwe zoekterm",
    ]
    assert GuidanceFeedback.objects.count() == 2  # the answers stay


def test_the_reintegration_file_goes_two_years_after_the_case(settings, team):
    term = settings.WERKBEHOUD_REINTEGRATION_RETENTION_DAYS
    cases = {}
    for label, ended in zip(("old", "recent"), around(term), strict=True):
        start = (ended - datetime.timedelta(days=60)).date()
        with time_machine.travel(ended, tick=False):
            employee = EmployeeFactory(
                organisation=team["employee"].organisation,
                supervisor=team["supervisor"],
                employment_start=start - datetime.timedelta(days=400),
            )
            report = absence.report_sick(
                employee,
                {
                    "first_sick_day": start,
                    "expected_duration": "weeks",
                    "phone": "06 11111111",
                    "care_address": "Dorpsstraat 2",
                },
                team["supervisor"],
            )
            ContactMoment.objects.create(
                case=report.case,
                contact_on=start + datetime.timedelta(days=3),
                kind="phone",
                agreements="Volgende week weer bellen.",
                recorded_by=team["supervisor"],
            )
            absence.record_recovery(report, ended.date(), team["supervisor"])
        cases[label] = report.case
    purge()
    old, recent = cases["old"], cases["recent"]
    assert not Milestone.objects.filter(case=old).exists()
    assert not ContactMoment.objects.filter(case=old).exists()
    old_report = SickReport.objects.get(case=old)
    assert (old_report.phone, old_report.care_address) == ("", "")
    # The dates stay: they are the administrative absence data of figures.
    assert old_report.first_sick_day == old.started_on
    assert Milestone.objects.filter(case=recent).exists()
    assert ContactMoment.objects.filter(case=recent).exists()
    assert SickReport.objects.get(case=recent).phone == "06 11111111"


def test_records_of_sent_reminders_go_after_their_term(settings, team):
    past, short = around(settings.WERKBEHOUD_REMINDER_RETENTION_DAYS)
    for object_id, moment in ((1, past), (2, short)):
        SentReminder.objects.create(
            kind="plan_review",
            object_id=object_id,
            due_date=moment.date(),
            recipient=team["supervisor"],
        )
    purge()
    assert list(SentReminder.objects.values_list("object_id", flat=True)) == [2]
    assert sent_mail() == []
