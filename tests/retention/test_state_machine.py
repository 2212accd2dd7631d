"""Draft -> proposed -> agreed, or back with changes requested; agreed is frozen."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from retention import services
from retention.models import PlanVersion
from retention.models.plans import sha256_of, snapshot_of
from tests.retention.conftest import add, adjustment, agreed, proposed, revision

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status


def test_the_whole_happy_path(team):
    employee, supervisor = team["employee"], team["supervisor"]
    add(employee, supervisor)
    version = services.open_version(services.plan_for(employee))
    assert (version.number, version.status) == (1, Status.DRAFT)
    version = services.propose(version, version.revision, supervisor, notify=False)
    assert version.status == Status.PROPOSED and version.proposed_by == supervisor
    version = services.agree(version, version.revision, team["user"], notify=False)
    assert version.status == Status.AGREED
    assert version.agreed_by == team["user"] and version.agreed_at
    assert version.snapshot["adjustments"][0]["agreement"].startswith("Vaste pauze")
    assert version.snapshot_sha256 == sha256_of(version.snapshot)
    assert len(version.snapshot_sha256) == 64


def test_changes_requested_goes_back_to_the_supervisor_and_round_again(team):
    employee, supervisor = team["employee"], team["supervisor"]
    version = proposed(employee, supervisor)
    version = services.request_changes(
        version, version.revision, team["user"], "Liever om 10.00 uur.", notify=False
    )
    assert version.status == Status.CHANGES_REQUESTED
    assert version.employee_comment == "Liever om 10.00 uur."
    key = version.adjustments.get().key
    services.save_adjustment(
        employee,
        adjustment(agreement="Vaste pauze om 10.00 uur."),
        revision(employee),
        supervisor,
        key,
    )
    version.refresh_from_db()
    version = services.propose(version, version.revision, supervisor, notify=False)
    version = services.agree(version, version.revision, team["user"], notify=False)
    assert version.number == 1
    assert (
        version.snapshot["adjustments"][0]["agreement"] == "Vaste pauze om 10.00 uur."
    )


@pytest.mark.parametrize(
    "state,action",
    [
        ("draft", "agree"),
        ("draft", "request_changes"),
        ("draft", "withdraw"),
        ("changes_requested", "agree"),
        ("changes_requested", "withdraw"),
        ("agreed", "agree"),
        ("agreed", "propose"),
        ("agreed", "request_changes"),
        ("agreed", "withdraw"),
        ("proposed", "propose"),
    ],
)
def test_illegal_transitions_are_refused_with_a_reason(team, state, action):
    employee, supervisor, user = team["employee"], team["supervisor"], team["user"]
    add(employee, supervisor)
    version = services.open_version(services.plan_for(employee))
    if state in ("proposed", "changes_requested", "agreed"):
        version = services.propose(version, version.revision, supervisor, notify=False)
    if state == "changes_requested":
        version = services.request_changes(
            version, version.revision, user, "x", notify=False
        )
    if state == "agreed":
        version = services.agree(version, version.revision, user, notify=False)
    before = (version.status, version.revision)
    calls = {
        "agree": lambda: services.agree(version, version.revision, user, notify=False),
        "request_changes": lambda: services.request_changes(
            version, version.revision, user, "graag anders", notify=False
        ),
        "withdraw": lambda: services.withdraw(version, version.revision, supervisor),
        "propose": lambda: services.propose(
            version, version.revision, supervisor, notify=False
        ),
    }
    with pytest.raises(services.PlanError) as error:
        calls[action]()
    assert str(error.value)
    version.refresh_from_db()
    assert (version.status, version.revision) == before


def test_a_second_agreement_to_the_same_version_says_so(team):
    version = agreed(team["employee"], team["supervisor"])
    with pytest.raises(services.PlanError, match="already agreed|al akkoord"):
        services.agree(version, version.revision, team["user"], notify=False)


def test_proposing_nothing_is_refused(team):
    employee, supervisor = team["employee"], team["supervisor"]
    add(employee, supervisor)
    adjustment_row = services.open_version(
        services.plan_for(employee)
    ).adjustments.get()
    services.delete_adjustment(
        employee, adjustment_row.key, revision(employee), supervisor
    )
    version = services.open_version(services.plan_for(employee))
    with pytest.raises(services.PlanError):
        services.propose(version, version.revision, supervisor, notify=False)


def test_an_empty_change_request_is_refused(team):
    version = proposed(team["employee"], team["supervisor"])
    with pytest.raises(services.PlanError):
        services.request_changes(
            version, version.revision, team["user"], "   ", notify=False
        )


def test_a_stale_revision_is_refused_and_nothing_changes(team):
    employee, supervisor = team["employee"], team["supervisor"]
    add(employee, supervisor)
    seen = revision(employee)
    add(employee, team["hr"], agreement="Een tweede afspraak.")
    with pytest.raises(services.StaleError):
        services.save_adjustment(
            employee, adjustment(agreement="Derde"), seen, supervisor
        )
    version = services.open_version(services.plan_for(employee))
    assert version.adjustments.count() == 2
    with pytest.raises(services.StaleError):
        services.propose(version, seen, supervisor, notify=False)
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_the_employee_cannot_agree_to_a_version_that_changed_after_reading(team):
    employee, supervisor = team["employee"], team["supervisor"]
    version = proposed(employee, supervisor)
    read_revision = version.revision
    services.withdraw(version, version.revision, supervisor)
    add(employee, supervisor, agreement="Iets anders")
    version.refresh_from_db()
    version = services.propose(version, version.revision, supervisor, notify=False)
    with pytest.raises(services.StaleError):
        services.agree(version, read_revision, team["user"], notify=False)


def test_changing_an_agreed_plan_starts_a_new_draft_and_keeps_the_old_one(team):
    employee, supervisor = team["employee"], team["supervisor"]
    first = agreed(employee, supervisor)
    frozen = (first.snapshot, first.snapshot_sha256)
    key = first.adjustments.get().key
    services.save_adjustment(
        employee, adjustment(agreement="Pauze om 10.30 uur."), 0, supervisor, key
    )
    draft = services.open_version(services.plan_for(employee))
    assert (draft.number, draft.status) == (2, Status.DRAFT)
    assert draft.adjustments.get().key == key
    first.refresh_from_db()
    assert first.status == Status.AGREED
    assert (first.snapshot, first.snapshot_sha256) == frozen
    assert first.adjustments.get().agreement.startswith("Vaste pauze")


def test_the_hash_changes_when_the_content_changes_and_only_then(team):
    employee, supervisor = team["employee"], team["supervisor"]
    first = agreed(employee, supervisor)
    assert sha256_of(snapshot_of(first)) == first.snapshot_sha256
    key = first.adjustments.get().key
    services.save_adjustment(
        employee, adjustment(agreement="Pauze om 10.30 uur."), 0, supervisor, key
    )
    second = services.open_version(services.plan_for(employee))
    second = services.propose(second, second.revision, supervisor, notify=False)
    second = services.agree(second, second.revision, team["user"], notify=False)
    assert second.snapshot_sha256 != first.snapshot_sha256
    changed = dict(first.snapshot, version=first.snapshot["version"])
    assert sha256_of(changed) == first.snapshot_sha256


def test_changes_between_versions(team):
    employee, supervisor = team["employee"], team["supervisor"]
    first = agreed(
        employee, supervisor, {}, {"agreement": "Gaat weg", "category": "travel"}
    )
    energy = first.adjustments.get(category="energy")
    travel = first.adjustments.get(category="travel")
    services.save_adjustment(
        employee, adjustment(agreement="Pauze om 10.30 uur."), 0, supervisor, energy.key
    )
    services.delete_adjustment(employee, travel.key, revision(employee), supervisor)
    add(employee, supervisor, agreement="Nieuw maatje", category="social")
    second = services.open_version(services.plan_for(employee))
    previous, added, changed, removed = services.version_changes(second)
    assert previous == first
    assert [item["agreement"] for item in added] == ["Nieuw maatje"]
    assert [item["agreement"] for item in removed] == ["Gaat weg"]
    assert [
        (before["agreement"], after["agreement"], fields)
        for before, after, fields in changed
    ] == [
        (
            "Vaste pauze om 11.00 uur, tien minuten buiten.",
            "Pauze om 10.30 uur.",
            ["agreement"],
        )
    ]


def test_review_is_due_within_six_months_or_the_organisations_shorter_term(team):
    employee, supervisor = team["employee"], team["supervisor"]
    agreed(employee, supervisor)
    plan = services.plan_for(employee)
    today = timezone.localdate()
    assert plan.next_review_due == services.add_months(today, 6)
    organisation = employee.organisation
    organisation.review_interval_months = 3
    organisation.save()
    assert services.review_due_after(employee, today) == services.add_months(today, 3)


def test_add_months_keeps_to_the_calendar():
    assert services.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(
        2027, 2, 28
    )
    assert services.add_months(datetime.date(2026, 1, 15), 6) == datetime.date(
        2026, 7, 15
    )


def test_only_one_open_version_per_plan(team):
    employee, supervisor = team["employee"], team["supervisor"]
    add(employee, supervisor)
    plan = services.plan_for(employee)
    with pytest.raises(IntegrityError):
        PlanVersion.objects.create(plan=plan, number=2)
