"""The deadlines of the sick-leave process, against worked examples.

Each example is counted out by hand in its comment: day 1 is the first sick
day, "at the latest in week N" ends on day 7N, days between the reports of
one case do not count, and a deadline towards UWV on a Saturday, Sunday or
public holiday moves to the next working day.
"""

import datetime

import pytest
from django.urls import reverse

from retention import absence, steps
from retention.models import AbsenceCase, ContactMoment, Milestone, SickReport
from retention.workdays import easter_sunday, on_or_after_working_day, public_holidays

D = datetime.date
Kind = Milestone.Kind


def due_dates(periods, **options):
    clock = steps.AbsenceClock([steps.Period(*period) for period in periods])
    return {
        (item.kind, item.number): item.due_on
        for item in steps.schedule(clock, **options)
    }


# Working days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year,easter",
    [(2024, D(2024, 3, 31)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28))],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_the_public_holidays_of_the_algemene_termijnenwet():
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1),  # New Year's Day
        D(2026, 4, 6),  # Easter Monday
        D(2026, 4, 27),  # King's Day, a Monday
        D(2026, 5, 5),  # Liberation Day
        D(2026, 5, 14),  # Ascension Day: Easter + 39 days
        D(2026, 5, 25),  # Whit Monday: Easter + 50 days
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]
    # 27 April 2025 is a Sunday: King's Day is on Saturday the 26th.
    assert D(2025, 4, 26) in public_holidays(2025)
    assert D(2025, 4, 27) not in public_holidays(2025)


def test_a_deadline_on_a_weekend_or_holiday_moves_to_the_next_working_day():
    assert on_or_after_working_day(D(2026, 10, 23)) == D(2026, 10, 23)  # a Friday
    assert on_or_after_working_day(D(2026, 10, 25)) == D(2026, 10, 26)  # Sunday
    # Friday 25 and Saturday 26 December are holidays, the 27th a Sunday.
    assert on_or_after_working_day(D(2026, 12, 25)) == D(2026, 12, 28)


# The schedule ------------------------------------------------------------------------


def test_worked_example_one_report_from_monday_5_january_2026():
    due = due_dates([(D(2026, 1, 5), None)])
    # Day 7: Sunday 11 January (towards the company doctor: not moved).
    assert due[(Kind.COMPANY_DOCTOR, 1)] == D(2026, 1, 11)
    # Day 42 = 5 January + 41 days = Sunday 15 February.
    assert due[(Kind.PROBLEM_ANALYSIS, 1)] == D(2026, 2, 15)
    # Day 56 = 15 February + 14 days.
    assert due[(Kind.PLAN_OF_ACTION, 1)] == D(2026, 3, 1)
    # Day 294 = day 5 + 293 = day 298 of 2026 = Sunday 25 October; towards
    # UWV, so Monday 26 October.
    assert due[(Kind.UWV_REPORT, 1)] == D(2026, 10, 26)
    # Day 364 = 5 January + 363 days = 3 January 2027.
    assert due[(Kind.FIRST_YEAR, 1)] == D(2027, 1, 3)
    assert due[(Kind.SECOND_TRACK, 1)] == D(2027, 1, 3)
    # Day 651 = 5 January 2027 + 285 days = Sunday 17 October 2027, so
    # Monday 18 October.
    assert due[(Kind.WIA_APPLICATION, 1)] == D(2027, 10, 18)
    # Day 637 (week 91) = 5 January 2027 + 271 days = 3 October 2027.
    assert due[(Kind.REINTEGRATION_REPORT, 1)] == D(2027, 10, 3)
    # Day 728 = 5 January 2027 + 362 days = 2 January 2028.
    assert due[(Kind.WAGE_END, 1)] == D(2028, 1, 2)
    # Without a safety net there is no early UWV report.
    assert (Kind.SAFETY_NET_REPORT, 1) not in due


def test_the_wia_application_window_opens_in_week_88():
    clock = steps.AbsenceClock([steps.Period(D(2026, 1, 5), None)])
    wia = next(
        item for item in steps.schedule(clock) if item.kind == Kind.WIA_APPLICATION
    )
    # Day 610 (the first of week 88) = 5 January 2027 + 244 days = 6 September.
    assert wia.opens_on == D(2027, 9, 6)


def test_week_42_on_christmas_moves_past_the_holidays():
    # From Saturday 7 March 2026 (day 66 of the year), day 294 is day
    # 66 + 293 = 359: Friday 25 December. 25 and 26 December are holidays
    # and the 27th is a Sunday: Monday 28 December.
    due = due_dates([(D(2026, 3, 7), None)])
    assert due[(Kind.UWV_REPORT, 1)] == D(2026, 12, 28)


def test_a_gap_moves_only_the_deadlines_after_it():
    # Away 5 to 14 January (10 days), back at work 15 January, sick again
    # on 26 January: 15 to 25 January (11 days) do not count.
    due = due_dates([(D(2026, 1, 5), D(2026, 1, 14)), (D(2026, 1, 26), None)])
    # Day 7 lies before the gap: Sunday 11 January.
    assert due[(Kind.COMPANY_DOCTOR, 1)] == D(2026, 1, 11)
    # Day 42: 10 days before the gap, day 11 is 26 January, so day 42 is
    # 26 January + 31 days = 26 February.
    assert due[(Kind.PROBLEM_ANALYSIS, 1)] == D(2026, 2, 26)


def test_the_safety_net_adds_the_early_uwv_report():
    due = due_dates([(D(2026, 1, 5), None)], safety_net=True)
    # Day 42 is Sunday 15 February: towards UWV, so Monday 16 February.
    assert due[(Kind.SAFETY_NET_REPORT, 1)] == D(2026, 2, 16)


def test_the_plan_of_action_date_drives_the_evaluations():
    start = [(D(2026, 1, 5), None)]
    # Not made yet: the first evaluation 6 weeks after its due date (1 March).
    assert due_dates(start)[(Kind.EVALUATION, 1)] == D(2026, 4, 12)
    # Made on Friday 20 February: 6 weeks later is 3 April; the second one
    # 6 weeks after the first was done (10 April): 22 May.
    due = due_dates(
        start,
        plan_of_action_on=D(2026, 2, 20),
        evaluations_done=[D(2026, 4, 10)],
    )
    assert due[(Kind.EVALUATION, 1)] == D(2026, 4, 3)
    assert due[(Kind.EVALUATION, 2)] == D(2026, 5, 22)
    # Agreed every 4 weeks: 20 March.
    due = due_dates(start, plan_of_action_on=D(2026, 2, 20), evaluation_weeks=4)
    assert due[(Kind.EVALUATION, 1)] == D(2026, 3, 20)
    # None after the end of the 104 weeks.
    evaluations = [d for (kind, _n), d in due.items() if kind == Kind.EVALUATION]
    assert max(evaluations) < due[(Kind.WAGE_END, 1)]


# Cases in the database ---------------------------------------------------------------

in_database = pytest.mark.django_db


def report(employee, first_day, user, **data):
    return absence.report_sick(
        employee,
        {"first_sick_day": first_day, "expected_duration": "unknown", **data},
        user,
    )


def steps_of(case):
    return {(m.kind, m.number): m for m in Milestone.objects.filter(case=case)}


@in_database
def test_partial_recovery_keeps_the_deadlines(team):
    user = team["supervisor"]
    sick = report(team["employee"], D(2026, 1, 5), user)
    absence.record_partial_recovery(sick, D(2026, 2, 1), 50, user)
    due = steps_of(sick.case)
    assert due[(Kind.PROBLEM_ANALYSIS, 1)].due_on == D(2026, 2, 15)
    assert due[(Kind.UWV_REPORT, 1)].due_on == D(2026, 10, 26)


@in_database
def test_back_in_adapted_work_keeps_the_104_weeks_running(team):
    user = team["supervisor"]
    sick = report(team["employee"], D(2026, 1, 5), user)
    absence.record_recovery(
        sick, D(2026, 3, 2), user, recovered_in=SickReport.RecoveredIn.ADAPTED_WORK
    )
    case = AbsenceCase.objects.get()
    assert case.is_open
    due = steps_of(case)
    assert due[(Kind.UWV_REPORT, 1)].due_on == D(2026, 10, 26)
    assert due[(Kind.UWV_REPORT, 1)].is_open
    # Away from work only until 1 March: the figures count no more.
    sick.refresh_from_db()
    assert sick.segments.get().end == D(2026, 3, 1)
    # Sick again 100 days later: still the same case, with no gap days.
    again = report(team["employee"], D(2026, 6, 10), user)
    assert again.case_id == case.pk
    case.refresh_from_db()
    assert case.gap_days == 0
    absence.record_recovery(again, D(2026, 6, 20), user)
    case.refresh_from_db()
    assert case.ended_on == D(2026, 6, 20)
    assert not steps_of(case)[(Kind.UWV_REPORT, 1)].is_open


@in_database
def test_back_in_own_work_after_adapted_work_ends_the_case(team):
    user = team["supervisor"]
    sick = report(team["employee"], D(2026, 1, 5), user)
    absence.record_recovery(
        sick, D(2026, 3, 2), user, recovered_in=SickReport.RecoveredIn.ADAPTED_WORK
    )
    with pytest.raises(absence.AbsenceError, match="aangepast werk"):
        absence.record_back_in_own_work(sick, D(2026, 3, 1), user)
    absence.record_back_in_own_work(sick, D(2026, 6, 1), user)
    case = AbsenceCase.objects.get()
    assert case.ended_on == D(2026, 6, 1)
    assert all(
        m.closed_on == D(2026, 6, 1) for m in case.milestones.filter(done_on=None)
    )
    # More than 28 days after the return to own work: a new case.
    later = report(team["employee"], D(2026, 7, 1), user)
    assert later.case_id != case.pk


@in_database
def test_correcting_a_date_splits_and_merges_cases(team):
    employee, user = team["employee"], team["supervisor"]
    first = report(employee, D(2026, 1, 5), user)
    absence.record_recovery(first, D(2026, 1, 15), user)
    second = report(employee, D(2026, 1, 26), user)
    assert second.case_id == first.case_id
    case = first.case
    ContactMoment.objects.create(
        case=case, contact_on=D(2026, 2, 2), kind="phone", agreements="Bellen"
    )
    analysis = case.milestones.get(kind=Kind.PROBLEM_ANALYSIS)
    assert analysis.due_on == D(2026, 2, 26)

    # Moved to 5 March, 49 days after the recovery: a case of its own.
    absence.correct_report(
        SickReport.objects.get(pk=second.pk),
        {"first_sick_day": D(2026, 3, 5), "expected_duration": "week"},
        user,
    )
    cases = list(AbsenceCase.objects.order_by("started_on"))
    assert [(c.started_on, c.gap_days, c.ended_on) for c in cases] == [
        (D(2026, 1, 5), 0, D(2026, 1, 15)),
        (D(2026, 3, 5), 0, None),
    ]
    # Day 42 from 5 March: 15 April.
    assert steps_of(cases[1])[(Kind.PROBLEM_ANALYSIS, 1)].due_on == D(2026, 4, 15)
    # The first case's day 42, had it continued: 15 February.
    assert steps_of(cases[0])[(Kind.PROBLEM_ANALYSIS, 1)].due_on == D(2026, 2, 15)
    # The contact moment of 2 February lies in the first case.
    assert ContactMoment.objects.get().case_id == cases[0].pk

    # And back to 26 January: one case again, 11 gap days.
    absence.correct_report(
        SickReport.objects.get(pk=second.pk),
        {"first_sick_day": D(2026, 1, 26), "expected_duration": "week"},
        user,
    )
    case = AbsenceCase.objects.get()
    assert (case.started_on, case.gap_days, case.ended_on) == (
        D(2026, 1, 5),
        11,
        None,
    )
    assert steps_of(case)[(Kind.PROBLEM_ANALYSIS, 1)].due_on == D(2026, 2, 26)
    assert ContactMoment.objects.get().case_id == case.pk


@in_database
def test_a_merge_keeps_the_steps_already_done(team):
    employee, user = team["employee"], team["supervisor"]
    first = report(employee, D(2026, 1, 5), user)
    absence.tick_off(
        first.case.milestones.get(kind=Kind.COMPANY_DOCTOR), D(2026, 1, 6), user
    )
    absence.record_recovery(first, D(2026, 1, 15), user)
    second = report(employee, D(2026, 3, 5), user)
    absence.tick_off(
        second.case.milestones.get(kind=Kind.PROBLEM_ANALYSIS), D(2026, 3, 20), user
    )
    absence.correct_report(
        SickReport.objects.get(pk=second.pk),
        {"first_sick_day": D(2026, 1, 26), "expected_duration": "week"},
        user,
    )
    case = AbsenceCase.objects.get()
    done = {m.kind: m.done_on for m in case.milestones.exclude(done_on=None)}
    assert done == {
        Kind.COMPANY_DOCTOR: D(2026, 1, 6),
        Kind.PROBLEM_ANALYSIS: D(2026, 3, 20),
    }


@in_database
def test_ticking_off_the_plan_of_action_moves_the_evaluations(team):
    user = team["supervisor"]
    case = report(team["employee"], D(2026, 1, 5), user).case
    absence.tick_off(
        case.milestones.get(kind=Kind.PLAN_OF_ACTION), D(2026, 2, 20), user
    )
    assert steps_of(case)[(Kind.EVALUATION, 1)].due_on == D(2026, 4, 3)
    absence.agree_evaluation_weeks(case, 4, user)
    assert steps_of(case)[(Kind.EVALUATION, 1)].due_on == D(2026, 3, 20)
    with pytest.raises(absence.AbsenceError, match="1 tot 6"):
        absence.agree_evaluation_weeks(case, 8, user)


@in_database
def test_the_second_track_decision_is_recorded(team):
    user = team["supervisor"]
    case = report(team["employee"], D(2026, 1, 5), user).case
    step = case.milestones.get(kind=Kind.SECOND_TRACK)
    with pytest.raises(absence.AbsenceError, match="tweede spoor"):
        absence.tick_off(step, D(2026, 11, 30), user)
    absence.tick_off(
        step, D(2026, 11, 30), user, outcome=Milestone.Outcome.SECOND_TRACK_STARTED
    )
    step.refresh_from_db()
    assert step.outcome == "started"


@in_database
def test_the_safety_net_flag_adds_the_step_and_taking_it_away_removes_it(team):
    user = team["supervisor"]
    sick = report(team["employee"], D(2026, 1, 5), user, safety_net=True)
    assert steps_of(sick.case)[(Kind.SAFETY_NET_REPORT, 1)].due_on == D(2026, 2, 16)
    absence.correct_report(
        SickReport.objects.get(pk=sick.pk),
        {
            "first_sick_day": D(2026, 1, 5),
            "expected_duration": "week",
            "safety_net": False,
        },
        user,
    )
    assert (Kind.SAFETY_NET_REPORT, 1) not in steps_of(sick.case)


@in_database
def test_a_recovery_on_the_day_of_the_report_itself(team):
    user = team["supervisor"]
    sick = report(team["employee"], D(2026, 11, 2), user)
    absence.record_recovery(sick, D(2026, 11, 2), user)
    sick.refresh_from_db()
    assert sick.recovered_on == D(2026, 11, 2)
    assert [(s.start, s.end) for s in sick.segments.all()] == [
        (D(2026, 11, 2), D(2026, 11, 2))
    ]
    with pytest.raises(absence.AbsenceError, match="voor de eerste ziektedag"):
        absence.record_recovery(sick, D(2026, 11, 1), user)


# Through the pages -------------------------------------------------------------------


def absence_page(client, employee):
    return client.get(reverse("retention:absence", args=[employee.pk])).content.decode()


@in_database
def test_recovery_in_adapted_work_and_back_to_own_work_through_the_pages(client, team):
    employee, user = team["employee"], team["supervisor"]
    sick = report(employee, D(2026, 1, 5), user)
    client.force_login(user)
    url = reverse("retention:recovery", args=[employee.pk, sick.pk])
    page = client.get(url).content.decode()
    assert "In aangepast of ander werk" in page
    assert "Terug in het eigen werk op" not in page  # not before adapted work
    response = client.post(url, {"day": "2026-03-02", "recovered_in": "adapted_work"})
    assert response.status_code == 302
    page = absence_page(client, employee)
    assert "weer aan het werk in aangepast of ander werk op 2 maart 2026" in page
    assert "Terugkeer in eigen werk vastleggen" in page
    # A return to own work before the adapted work: a clear message, nothing saved.
    response = client.post(url, {"own-day": "2026-02-01"})
    assert response.status_code == 200
    assert (
        "kan niet voor de terugkeer in aangepast werk liggen"
        in response.content.decode()
    )
    response = client.post(url, {"own-day": "2026-06-01"})
    assert response.status_code == 302
    assert AbsenceCase.objects.get().ended_on == D(2026, 6, 1)


@in_database
def test_the_timeline_shows_the_basis_the_window_and_the_second_track_choice(
    client, team
):
    employee, user = team["employee"], team["supervisor"]
    case = report(employee, D(2026, 1, 5), user).case
    client.force_login(user)
    page = absence_page(client, employee)
    assert "Wet verbetering poortwachter" in page
    assert "Ziektewet, artikel 38" in page
    assert "vanaf 6 september 2027, uiterlijk 18 oktober 2027" in page
    step = case.milestones.get(kind=Kind.SECOND_TRACK)
    url = reverse("retention:milestone", args=[employee.pk, step.pk])
    response = client.post(url, {"day": "2026-11-30"}, follow=True)
    assert "Kies wat er over het tweede spoor is besloten." in response.content.decode()
    step.refresh_from_db()
    assert step.done_on is None
    client.post(url, {"day": "2026-11-30", "outcome": "not_needed"})
    step.refresh_from_db()
    assert (step.done_on, step.outcome) == (D(2026, 11, 30), "not_needed")


@in_database
def test_agreeing_more_frequent_evaluations_through_the_page(client, team):
    employee, user = team["employee"], team["supervisor"]
    case = report(employee, D(2026, 1, 5), user).case
    client.force_login(user)
    url = reverse("retention:evaluation_weeks", args=[employee.pk])
    response = client.post(url, {"weeks": "9"}, follow=True)
    assert "Kies een aantal weken van 1 tot 6." in response.content.decode()
    response = client.post(url, {"weeks": "3"}, follow=True)
    assert "elke 3 weken geëvalueerd" in response.content.decode()
    case.refresh_from_db()
    assert case.evaluation_weeks == 3
    # The plan of action is due 1 March: the first evaluation 3 weeks later.
    assert steps_of(case)[(Kind.EVALUATION, 1)].due_on == D(2026, 3, 22)


@in_database
def test_the_sick_form_says_what_hr_must_do_with_a_safety_net(client, team):
    client.force_login(team["supervisor"])
    page = client.get(
        reverse("retention:sick_call", args=[team["employee"].pk])
    ).content.decode()
    assert "binnen 6 weken bij UWV melden" in page


@in_database
def test_the_case_file_tells_what_happened_in_order_and_writes_the_access_log(
    client, team
):
    from retention.models import AccessLogEntry

    employee, supervisor = team["employee"], team["supervisor"]
    sick = report(employee, D(2026, 1, 5), supervisor, safety_net=True)
    case = sick.case
    ContactMoment.objects.create(
        case=case,
        contact_on=D(2026, 1, 8),
        kind="phone",
        agreements="Elke week bellen",
        next_contact_on=D(2026, 1, 15),
        recorded_by=supervisor,
    )
    absence.tick_off(
        case.milestones.get(kind=Kind.PROBLEM_ANALYSIS), D(2026, 2, 10), team["hr"]
    )
    absence.record_partial_recovery(sick, D(2026, 3, 1), 50, supervisor)
    absence.record_recovery(
        sick,
        D(2026, 4, 1),
        supervisor,
        recovered_in=SickReport.RecoveredIn.ADAPTED_WORK,
    )
    client.force_login(team["hr"])
    before = AccessLogEntry.objects.filter(employee=employee).count()
    page = client.get(
        reverse("retention:case_file", args=[employee.pk, case.pk])
    ).content.decode()
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    order = [
        "5 januari 2026",
        "Ziekmelding",
        "8 januari 2026",
        "Elke week bellen",
        "10 februari 2026",
        "Probleemanalyse door de bedrijfsarts",
        "1 maart 2026",
        "50% van het gewone werk",
        "1 april 2026",
        "In aangepast of ander werk",
    ]
    positions = [rows.index(text) for text in order]
    assert positions == sorted(positions)
    assert "er geldt een vangnetregeling" in rows
    assert team["hr"].get_full_name() in rows  # who ticked off the step
    assert "Verzuim melden bij UWV" in page[page.index("Stappen die nog moeten") :]
    assert AccessLogEntry.objects.filter(employee=employee).count() == before + 1
    # From the absence page, without typing an address.
    assert reverse("retention:case_file", args=[employee.pk, case.pk]) in absence_page(
        client, employee
    )


@in_database
def test_a_contact_moment_before_the_first_sick_day_is_refused(client, team):
    employee, user = team["employee"], team["supervisor"]
    report(employee, D(2026, 1, 5), user)
    client.force_login(user)
    response = client.post(
        reverse("retention:contact", args=[employee.pk]),
        {"contact_on": "2026-01-02", "kind": "phone", "agreements": "Gebeld"},
    )
    assert response.status_code == 200
    assert (
        "Een contactmoment in dit verzuim is op of na 5 januari 2026."
        in response.content.decode()
    )
    assert not ContactMoment.objects.exists()


@in_database
def test_the_employees_download_holds_adapted_work_and_the_decision(client, team):
    import json

    employee, user = team["employee"], team["supervisor"]
    sick = report(employee, D(2026, 1, 5), user)
    absence.tick_off(
        sick.case.milestones.get(kind=Kind.SECOND_TRACK),
        D(2026, 11, 30),
        user,
        outcome=Milestone.Outcome.SECOND_TRACK_NOT_NEEDED,
    )
    absence.record_recovery(
        sick, D(2026, 3, 2), user, recovered_in=SickReport.RecoveredIn.ADAPTED_WORK
    )
    absence.record_back_in_own_work(sick, D(2026, 6, 1), user)
    client.force_login(team["user"])
    data = json.loads(client.get(reverse("retention:my_data_download")).content)
    [case] = data["absence"]
    [sent] = case["reports"]
    assert sent["recovered_in"] == "In aangepast of ander werk"
    assert sent["back_in_own_work_on"] == "2026-06-01"
    [decided] = [step for step in case["steps"] if step["decision"]]
    assert decided["decision"].startswith("Geen tweede spoor")


@in_database
def test_a_split_leaves_the_case_with_the_reports_that_held_most_of_it(team):
    employee, user = team["employee"], team["supervisor"]
    first = report(employee, D(2026, 1, 5), user)
    absence.record_recovery(first, D(2026, 1, 15), user)
    second = report(employee, D(2026, 1, 26), user)
    absence.record_recovery(second, D(2026, 2, 5), user)
    third = report(employee, D(2026, 2, 20), user)
    case = AbsenceCase.objects.get()
    absence.tick_off(case.milestones.get(kind=Kind.PLAN_OF_ACTION), D(2026, 3, 2), user)
    # The second report turns out to have run from 14 to 15 February: now
    # 30 days after the first recovery, so the first report stands alone,
    # and the second and third go on together.
    SickReport.objects.filter(pk=second.pk).update(
        first_sick_day=D(2026, 2, 14), recovered_on=D(2026, 2, 16)
    )
    absence.regroup(employee, changed=SickReport.objects.get(pk=second.pk))
    third.refresh_from_db()
    assert third.case_id == case.pk
    case.refresh_from_db()
    assert case.started_on == D(2026, 2, 14)
    assert case.milestones.get(kind=Kind.PLAN_OF_ACTION).done_on == D(2026, 3, 2)
    alone = AbsenceCase.objects.exclude(pk=case.pk).get()
    assert (alone.started_on, alone.ended_on) == (D(2026, 1, 5), D(2026, 1, 15))
    assert not alone.milestones.exclude(done_on=None).exists()
