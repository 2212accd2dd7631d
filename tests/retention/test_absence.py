"""Sick reports, the 28-day rule and the steps of the sick-leave process."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cms import seed as cms_seed
from retention import absence, steps
from retention.models import AbsenceCase, Milestone, OwnPlan, SickReport
from retention.reminders import send_due_reminders
from tests.factories import EmployeeFactory
from tests.mailbox import sent_mail

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()


def sick(employee, first_day, user, **data):
    return absence.report_sick(
        employee,
        {"first_sick_day": first_day, "expected_duration": "unknown", **data},
        user,
    )


def due(case, kind, week=None):
    milestones = case.milestones.filter(kind=kind)
    if week:
        milestones = milestones.filter(week=week)
    return milestones.get().due_on


def test_the_steps_follow_the_first_sick_day(team):
    """Day 1 is the first sick day: "in week N" ends on day 7N. The worked
    examples with exact dates are in test_poortwachter.py."""
    start = TODAY - datetime.timedelta(days=3)
    case = sick(team["employee"], start, team["supervisor"]).case

    def day(number):
        return start + datetime.timedelta(days=number - 1)

    assert due(case, Milestone.Kind.COMPANY_DOCTOR) == day(7)
    assert due(case, Milestone.Kind.PROBLEM_ANALYSIS) == day(42)
    assert due(case, Milestone.Kind.PLAN_OF_ACTION) == day(56)
    assert due(case, Milestone.Kind.FIRST_YEAR) == day(364)
    assert due(case, Milestone.Kind.WAGE_END) == day(728)
    # Towards UWV: that day, or the first working day after it.
    assert day(294) <= due(case, Milestone.Kind.UWV_REPORT) <= day(294 + 4)
    assert day(651) <= due(case, Milestone.Kind.WIA_APPLICATION) <= day(651 + 4)
    evaluations = case.milestones.filter(kind="evaluation").order_by("number")
    assert evaluations[0].due_on == day(56) + datetime.timedelta(weeks=6)


@pytest.mark.parametrize("gap,same_case", [(27, True), (28, False), (1, True)])
def test_a_report_within_28_days_continues_the_case(team, gap, same_case):
    employee, user = team["employee"], team["supervisor"]
    first = sick(employee, TODAY - datetime.timedelta(days=100), user)
    recovered = TODAY - datetime.timedelta(days=90)
    absence.record_recovery(first, recovered, user)
    second = sick(employee, recovered + datetime.timedelta(days=gap), user)
    assert (second.case_id == first.case_id) is same_case
    assert AbsenceCase.objects.count() == (1 if same_case else 2)
    if same_case:
        case = second.case
        assert case.gap_days == gap
        assert case.is_open
        # Ten days away, the gap, then the other 32 of the 42 days.
        expected = first.first_sick_day + datetime.timedelta(days=41 + gap)
        assert due(case, Milestone.Kind.PROBLEM_ANALYSIS) == expected


def test_correcting_the_first_sick_day_moves_the_steps(team):
    """The same steps move to where a report with the right day puts them:
    three days earlier, and a deadline towards UWV that lands on a weekend
    or public holiday to the working day after (so the test holds on any
    date)."""
    user = team["supervisor"]
    report = sick(team["employee"], TODAY - datetime.timedelta(days=10), user)
    before = {m.pk: m.due_on for m in report.case.milestones.all()}
    absence.correct_report(
        report,
        {
            "first_sick_day": TODAY - datetime.timedelta(days=13),
            "expected_duration": "week",
        },
        user,
    )
    moved = list(Milestone.objects.filter(case__employee=team["employee"]))
    assert {m.pk for m in moved} == set(before)
    for milestone in moved:
        step = steps.BY_KIND.get(milestone.kind)  # evaluations are not in it
        if step is None or not step.towards_uwv:
            assert milestone.due_on == before[milestone.pk] - datetime.timedelta(3)
    colleague = EmployeeFactory(
        organisation=team["employee"].organisation, supervisor=user
    )
    right = sick(colleague, TODAY - datetime.timedelta(days=13), user)
    assert sorted((m.kind, m.number, m.due_on) for m in moved) == sorted(
        (m.kind, m.number, m.due_on) for m in right.case.milestones.all()
    )


def test_recovery_closes_open_steps_and_a_new_report_reopens_them(team):
    user = team["supervisor"]
    report = sick(team["employee"], TODAY - datetime.timedelta(days=20), user)
    case = report.case
    first_step = case.milestones.get(kind="company_doctor")
    absence.tick_off(first_step, TODAY - datetime.timedelta(days=15), user)
    absence.record_recovery(report, TODAY - datetime.timedelta(days=5), user)
    case.refresh_from_db()
    assert not case.is_open
    open_steps = case.milestones.filter(done_on__isnull=True)
    assert open_steps.count() == open_steps.filter(closed_on=case.ended_on).count() > 0
    first_step.refresh_from_db()
    assert first_step.done_on and first_step.closed_on is None
    sick(team["employee"], TODAY, user)
    case.refresh_from_db()
    assert case.is_open and case.gap_days == 5
    assert not case.milestones.filter(closed_on__isnull=False).exists()


def test_partial_recovery_makes_segments(team):
    user = team["supervisor"]
    report = sick(team["employee"], TODAY - datetime.timedelta(days=20), user)
    absence.record_partial_recovery(
        report, TODAY - datetime.timedelta(days=10), 40, user
    )
    absence.record_partial_recovery(
        report, TODAY - datetime.timedelta(days=5), 80, user
    )
    absence.record_recovery(report, TODAY, user)
    segments = [
        (s.start, s.end, str(s.fraction)) for s in report.segments.order_by("start")
    ]
    assert segments == [
        (
            TODAY - datetime.timedelta(days=20),
            TODAY - datetime.timedelta(days=11),
            "1.000",
        ),
        (
            TODAY - datetime.timedelta(days=10),
            TODAY - datetime.timedelta(days=6),
            "0.600",
        ),
        (
            TODAY - datetime.timedelta(days=5),
            TODAY - datetime.timedelta(days=1),
            "0.200",
        ),
    ]


@pytest.mark.parametrize(
    "step,message",
    [
        (lambda e, u: sick(e, TODAY + datetime.timedelta(days=1), u), "toekomst"),
        (lambda e, u: sick(e, D(2000, 1, 1), u), "begin van het dienstverband"),
        (
            lambda e, u: [
                sick(e, TODAY - datetime.timedelta(days=5), u),
                sick(e, TODAY - datetime.timedelta(days=2), u),
            ],
            "al een open ziekmelding",
        ),
        (
            lambda e, u: absence.record_recovery(
                sick(e, TODAY - datetime.timedelta(days=5), u),
                TODAY - datetime.timedelta(days=6),
                u,
            ),
            "voor de eerste ziektedag",
        ),
        (
            lambda e, u: absence.record_partial_recovery(
                sick(e, TODAY - datetime.timedelta(days=5), u), TODAY, 100, u
            ),
            "1 tot 99",
        ),
        (
            lambda e, u: absence.record_partial_recovery(
                sick(e, TODAY - datetime.timedelta(days=5), u), TODAY, 0, u
            ),
            "1 tot 99",
        ),
        (
            lambda e, u: absence.tick_off(
                sick(e, TODAY - datetime.timedelta(days=5), u).case.milestones.first(),
                TODAY + datetime.timedelta(days=2),
                u,
            ),
            "niet ervoor",
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason(team, step, message):
    with pytest.raises(absence.AbsenceError) as error:
        step(team["employee"], team["supervisor"])
    assert message in str(error.value)


def test_an_overlapping_earlier_report_is_refused(team):
    user = team["supervisor"]
    first = sick(team["employee"], TODAY - datetime.timedelta(days=30), user)
    absence.record_recovery(first, TODAY - datetime.timedelta(days=20), user)
    second = sick(team["employee"], TODAY - datetime.timedelta(days=10), user)
    with pytest.raises(absence.AbsenceError, match="overlapt"):
        absence.correct_report(
            second,
            {
                "first_sick_day": TODAY - datetime.timedelta(days=25),
                "expected_duration": "week",
            },
            user,
        )
    second.refresh_from_db()
    assert second.first_sick_day == TODAY - datetime.timedelta(days=10)


def test_the_sick_call_page_helps_during_the_call(client, team):
    cms_seed.load(io.StringIO())
    OwnPlan.objects.create(
        employee=team["employee"],
        what_helps="Rustig praten",
        red_signs="Neemt de telefoon niet op",
        red_supervisor="Bel later terug",
        orange_signs="Wordt stil",
        share_red=True,
        share_orange=True,
        share_what_helps=True,
    )
    client.force_login(team["supervisor"])
    page = client.get(
        reverse("retention:sick_call", args=[team["employee"].pk])
    ).content.decode()
    assert "Dit mag je vragen en vastleggen" in page
    assert "Dit mag je niet vragen of vastleggen" in page
    assert "Wanneer geef je een duwtje" in page and "duwtje" in page.lower()
    assert (
        page.index("Rood: het gaat slecht")
        < page.index("Oranje")
        < page.index("Wat mij helpt")
    )
    assert "bewust geen plek voor de reden" in page


def test_recording_through_the_page_and_bad_input(client, team):
    client.force_login(team["supervisor"])
    url = reverse("retention:sick_call", args=[team["employee"].pk])
    response = client.post(
        url,
        {
            "first_sick_day": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "expected_duration": "week",
        },
    )
    assert "kan niet in de toekomst liggen" in response.content.decode()
    response = client.post(
        url,
        {
            "first_sick_day": TODAY.isoformat(),
            "expected_duration": "week",
            "ongoing_work": "Hij slikt nu lithiumcarbonaat",
        },
    )
    assert "Laat “lithiumcarbonaat” weg" in response.content.decode()
    response = client.post(
        url,
        {
            "first_sick_day": TODAY.isoformat(),
            "expected_duration": "week",
            "phone": "bel me",
        },
    )
    assert "alleen cijfers" in response.content.decode()
    assert not SickReport.objects.exists()
    client.post(
        url,
        {
            "first_sick_day": TODAY.isoformat(),
            "expected_duration": "week",
            "phone": "06 12345678",
            "safety_net": "on",
        },
    )
    report = SickReport.objects.get()
    assert report.safety_net and report.phone == "06 12345678"


def test_contact_moments_pass_the_privacy_guard(client, team):
    sick(team["employee"], TODAY - datetime.timedelta(days=5), team["supervisor"])
    client.force_login(team["supervisor"])
    url = reverse("retention:contact", args=[team["employee"].pk])
    response = client.post(
        url,
        {
            "contact_on": TODAY.isoformat(),
            "kind": "phone",
            "agreements": "Zijn psycholoog zegt dat het beter gaat",
        },
    )
    assert "Laat “psycholoog” weg" in response.content.decode()
    response = client.post(
        url,
        {
            "contact_on": TODAY.isoformat(),
            "kind": "phone",
            "agreements": "Volgende week weer bellen",
            "next_contact_on": TODAY.isoformat(),
        },
    )
    assert "Het volgende contact komt na dit contact" in response.content.decode()
    client.post(
        url,
        {
            "contact_on": TODAY.isoformat(),
            "kind": "phone",
            "agreements": "Volgende week weer bellen",
        },
    )
    assert (
        "Volgende week weer bellen"
        in client.get(
            reverse("retention:absence", args=[team["employee"].pk])
        ).content.decode()
    )


def test_ticking_off_through_the_page(client, team):
    report = sick(
        team["employee"], TODAY - datetime.timedelta(days=9), team["supervisor"]
    )
    step = report.case.milestones.get(kind="company_doctor")
    client.force_login(team["supervisor"])
    url = reverse("retention:milestone", args=[team["employee"].pk, step.pk])
    client.post(url, {"day": TODAY.isoformat()})
    step.refresh_from_db()
    assert step.done_on == TODAY and step.done_by == team["supervisor"]
    client.post(url, {"undo": "1"})
    step.refresh_from_db()
    assert step.done_on is None


def test_frequent_absence_is_flagged_on_the_team_page(client, team):
    employee, user = team["employee"], team["supervisor"]
    for days_ago in (300, 200, 40):
        report = sick(employee, TODAY - datetime.timedelta(days=days_ago), user)
        absence.record_recovery(
            report, report.first_sick_day + datetime.timedelta(days=2), user
        )
    client.force_login(user)
    page = client.get(reverse("retention:team")).content.decode()
    assert "Vaak ziek de laatste tijd" in page and "Johan de Vries</a> (3×)" in page
    page = client.get(reverse("retention:absence", args=[employee.pk])).content.decode()
    assert "Derde ziekmelding binnen twaalf maanden" in page


def test_frequent_absence_counts_only_reports_of_the_last_twelve_months(team):
    """Three within the year is frequent; an older fourth is not counted, and
    two within the year with an older one is not frequent."""
    from portal.models import Employee
    from tests.factories import EmployeeFactory

    user = team["supervisor"]
    often = team["employee"]
    seldom = EmployeeFactory(organisation=often.organisation, supervisor=user)
    for employee, days_ago in (
        (often, 500),
        (often, 300),
        (often, 200),
        (often, 40),
        (seldom, 400),
        (seldom, 100),
        (seldom, 20),
    ):
        report = sick(employee, TODAY - datetime.timedelta(days=days_ago), user)
        absence.record_recovery(
            report, report.first_sick_day + datetime.timedelta(days=2), user
        )
    everyone = Employee.objects.filter(organisation=often.organisation)
    flagged = absence.frequent_absence(everyone, TODAY)
    assert [(e.pk, e.recent_reports) for e in flagged] == [(often.pk, 3)]


def test_each_step_reminder_goes_once_to_hr_and_the_supervisor(team):
    sick(team["employee"], TODAY - datetime.timedelta(days=5), team["supervisor"])
    sent_mail().clear()
    assert send_due_reminders(TODAY) == 2
    mails = sent_mail()
    assert sorted(m.to[0] for m in mails) == sorted(
        [team["supervisor"].email, team["hr"].email]
    )
    assert all(m.subject.endswith(": Melden bij de bedrijfsarts") for m in mails)
    assert send_due_reminders(TODAY) == 0


@pytest.mark.parametrize(
    "who,status", [("hr", 200), ("supervisor", 200), ("user", 403)]
)
def test_who_opens_the_absence_pages(client, team, who, status):
    sick(team["employee"], TODAY - datetime.timedelta(days=5), team["supervisor"])
    client.force_login(team[who])
    for name in ("retention:absence", "retention:sick_call", "retention:contact"):
        assert (
            client.get(reverse(name, args=[team["employee"].pk])).status_code == status
        )


def test_others_do_not_see_absence(client, team, organisation, make_member):
    from portal.access import HELPDESK_GROUP
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    report = sick(
        team["employee"], TODAY - datetime.timedelta(days=5), team["supervisor"]
    )
    colleague_supervisor = make_member("supervisor", organisation)
    EmployeeFactory(organisation=organisation, supervisor=colleague_supervisor)
    foreign_hr = UserFactory()
    MembershipFactory(user=foreign_hr, organisation=OrganisationFactory(), role="hr")
    urls = [
        reverse("retention:absence", args=[team["employee"].pk]),
        reverse("retention:recovery", args=[team["employee"].pk, report.pk]),
    ]
    for user, expected in (
        (colleague_supervisor, 404),
        (foreign_hr, 404),
        (UserFactory(groups=[HELPDESK_GROUP]), 403),
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == expected


def test_an_employee_sees_only_their_own_absence(client, team, organisation):
    from tests.factories import MembershipFactory, UserFactory

    sick(team["employee"], TODAY - datetime.timedelta(days=5), team["supervisor"])
    other_user = UserFactory()
    MembershipFactory(user=other_user, organisation=organisation, role="employee")
    other = EmployeeFactory(organisation=organisation, user=other_user)
    sick(other, TODAY - datetime.timedelta(days=40), team["supervisor"])
    client.force_login(team["user"])
    page = client.get(reverse("retention:my_absence")).content.decode()
    five_days_ago = (TODAY - datetime.timedelta(days=5)).day
    assert f"Ziek sinds {five_days_ago}" in page
    assert "Melding verbeteren" not in page and "Herstel vastleggen" not in page
    client.force_login(other_user)
    page = client.get(reverse("retention:my_absence")).content.decode()
    assert f"Ziek sinds {five_days_ago} " not in page
