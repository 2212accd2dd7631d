"""Domain operations on adjustment plans: the version state machine, agreeing,
reviews, the own plan, consent and the access log.

Every change locks the version row and checks the revision the person saw, so
two people working at once never overwrite each other unnoticed, and nothing
is saved half-way.
"""

import calendar
import contextvars
import datetime
from contextlib import contextmanager

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import kept_pages
from portal.mail import send_portal_mail, site_url

from .models import (
    AccessLogEntry,
    Adjustment,
    AdjustmentPlan,
    ConversationPrep,
    OwnPlan,
    PlanReview,
    PlanVersion,
    ThirdPartyConsent,
)
from .models.plans import sha256_of, snapshot_of

Status = PlanVersion.Status
MAX_REVIEW_MONTHS = 6


class PlanError(Exception):
    """A step that is not possible now; the message says why, for the user."""


class StaleError(PlanError):
    """Someone else changed the plan after this person opened it."""


_STALE = gettext_lazy(
    "Someone else changed these agreements after you opened them. Nothing was "
    "saved. Check the current agreements; what you typed is still in the form."
)


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_after(employee, day):
    months = min(MAX_REVIEW_MONTHS, employee.organisation.review_interval_months)
    return add_months(day, months)


# The access log --------------------------------------------------------------


def log_access(employee, actor, action, subject, label=None):
    log_access_many([employee], actor, action, subject, label)


def log_access_many(employees, actor, action, subject, label=None):
    """One entry per employee, in one query: what a page showed of whom.
    Nothing at all when the page showed nobody (not even an empty
    transaction)."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    rows = [
        (
            employee.pk,
            actor_id,
            label or _actor_label(actor, employee),
            str(action),
            str(subject),
        )
        for employee in employees
    ]
    if not rows:
        return
    # A kept page (portal/kept_pages.py) showed them again on every answer.
    kept_pages.also_on_answer(ACCESS_LOG, rows)
    _append(rows)


ACCESS_LOG = "access-log"


@kept_pages.replay_on_answer(ACCESS_LOG)
def _append(rows):
    batch = _batch.get()
    if batch is not None:
        batch.extend(rows)
    else:
        AccessLogEntry.objects.append(rows)


# What a request showed, written in one statement when its response is ready
# (retention.middleware.AccessLogMiddleware); None outside a request.
_batch = contextvars.ContextVar("access_log_batch", default=None)


@contextmanager
def one_access_log_write():
    """Collect the entries logged inside the block and write them together
    at its end: a page with three panels writes once, not three times. The
    entries are written before the block returns, so before the response
    leaves; when the block ends with an error, what was logged is written
    all the same (logging too much is safe, too little is not)."""
    entries = []
    token = _batch.set(entries)
    try:
        yield
    finally:
        _batch.reset(token)
        if entries:
            AccessLogEntry.objects.append(entries)


def log_personal_data_shown(sender, actor, employees, subject, action, **kwargs):
    """Receiver of portal.audit.personal_data_shown."""
    if subject not in AccessLogEntry.Subject.values:
        raise ValueError(f"unknown access log subject {subject!r}")
    log_access_many(employees, actor, action, subject)


def _actor_label(user, employee):
    name = user.get_full_name() or user.email
    if employee.user_id == user.pk:
        return _("%(name)s (you)") % {"name": name}
    if employee.supervisor_id == user.pk:
        return _("%(name)s (work supervisor)") % {"name": name}
    return _("%(name)s (HR)") % {"name": name}


# Versions --------------------------------------------------------------------


def plan_for(employee):
    return AdjustmentPlan.objects.get_or_create(employee=employee)[0]


def open_version(plan):
    return plan.versions.filter(status__in=PlanVersion.OPEN_STATUSES).first()


def latest_agreed(plan):
    return plan.versions.filter(status=Status.AGREED).order_by("-number").first()


def _locked(version, expected_revision):
    locked = (
        PlanVersion.objects.select_for_update()
        .select_related("plan__employee")
        .get(pk=version.pk)
    )
    if expected_revision is not None and locked.revision != int(expected_revision):
        raise StaleError(_STALE)
    return locked


def _bump(version, *fields):
    version.revision += 1
    version.save(update_fields=["revision", *fields])


def editing_base(plan):
    """What an edit starts from: (open version or None, its revision or 0,
    the version whose adjustments are shown). Creates nothing."""
    current = open_version(plan)
    if current is not None and current.status == Status.PROPOSED:
        raise PlanError(
            _(
                "These agreements are waiting for the employee. Withdraw the "
                "proposal first if you want to change them."
            )
        )
    return current, (current.revision if current else 0), current or latest_agreed(plan)


def _editable_locked(employee, expected_revision, user):
    """The open version, locked and checked against the revision the person
    saw (0: there was none). A new draft starts as a copy of the agreed
    version, which itself stays frozen and readable."""
    plan = AdjustmentPlan.objects.select_for_update().get(pk=plan_for(employee).pk)
    current = open_version(plan)
    if current is None:
        if int(expected_revision) != 0:
            raise StaleError(_STALE)
        agreed = latest_agreed(plan)
        current = PlanVersion.objects.create(
            plan=plan, number=(agreed.number + 1) if agreed else 1, created_by=user
        )
        if agreed:
            Adjustment.objects.bulk_create(
                Adjustment(
                    version=current,
                    key=item.key,
                    position=item.position,
                    **{
                        field: getattr(item, field)
                        for field in Adjustment.CONTENT_FIELDS
                    },
                )
                for item in agreed.adjustments.all()
            )
        return current
    current = _locked(current, expected_revision)
    if not current.is_editable:
        raise PlanError(_("This version can no longer be changed."))
    return current


@transaction.atomic
def save_adjustment(employee, data, expected_revision, user, key=None):
    """Add an adjustment, or change the one with this key, in the draft."""
    version = _editable_locked(employee, expected_revision, user)
    if key is None:
        adjustment = Adjustment(version=version, position=version.adjustments.count())
    else:
        adjustment = version.adjustments.filter(key=key).first()
        if adjustment is None:
            raise StaleError(_STALE)
    for field in Adjustment.CONTENT_FIELDS:
        setattr(adjustment, field, data[field])
    adjustment.save()
    _bump(version)
    log_access(
        employee, user, AccessLogEntry.Action.CHANGE, AccessLogEntry.Subject.PLAN
    )
    return adjustment


@transaction.atomic
def delete_adjustment(employee, key, expected_revision, user):
    version = _editable_locked(employee, expected_revision, user)
    deleted, _rows = version.adjustments.filter(key=key).delete()
    if not deleted:
        raise StaleError(_STALE)
    _bump(version)
    log_access(
        employee, user, AccessLogEntry.Action.CHANGE, AccessLogEntry.Subject.PLAN
    )


@transaction.atomic
def propose(version, expected_revision, user, notify=True):
    version = _locked(version, expected_revision)
    if not version.is_editable:
        raise PlanError(_("Only a draft can be proposed."))
    if not version.adjustments.exists():
        raise PlanError(
            _("Add at least one adjustment before you propose the agreements.")
        )
    version.status = Status.PROPOSED
    version.proposed_at = timezone.now()
    version.proposed_by = user
    _bump(version, "status", "proposed_at", "proposed_by")
    employee = version.plan.employee
    log_access(
        employee, user, AccessLogEntry.Action.PROPOSE, AccessLogEntry.Subject.PLAN
    )
    if notify and employee.user_id:
        _notify(
            [employee.user],
            _("New agreements are waiting for you"),
            "retention/email/proposed.txt",
            {"employee": employee, "link": _link("retention:my_plan")},
        )
    return version


@transaction.atomic
def withdraw(version, expected_revision, user):
    version = _locked(version, expected_revision)
    if version.status != Status.PROPOSED:
        raise PlanError(_("Only a proposal that is waiting can be withdrawn."))
    version.status = Status.DRAFT
    _bump(version, "status")
    return version


@transaction.atomic
def request_changes(version, expected_revision, employee_user, comment, notify=True):
    version = _locked(version, expected_revision)
    if version.status != Status.PROPOSED:
        raise PlanError(
            _("You can only ask for changes to agreements that wait for you.")
        )
    if not comment.strip():
        raise PlanError(_("Write what you would like to have changed."))
    version.status = Status.CHANGES_REQUESTED
    version.employee_comment = comment.strip()
    version.changes_requested_at = timezone.now()
    _bump(version, "status", "employee_comment", "changes_requested_at")
    employee = version.plan.employee
    log_access(
        employee,
        employee_user,
        AccessLogEntry.Action.REQUEST_CHANGES,
        AccessLogEntry.Subject.PLAN,
    )
    if notify:
        _notify_managers(
            employee,
            _("%(name)s asked for changes") % {"name": employee.full_name},
        )
    return version


@transaction.atomic
def agree(version, expected_revision, employee_user, notify=True):
    """The employee agrees to exactly the version they read: it is frozen."""
    version = _locked(version, expected_revision)
    if version.status == Status.AGREED:
        raise PlanError(_("You have already agreed to this version."))
    if version.status != Status.PROPOSED:
        raise PlanError(_("These agreements are not waiting for your answer."))
    snapshot = snapshot_of(version)
    version.snapshot = snapshot
    version.snapshot_sha256 = sha256_of(snapshot)
    version.status = Status.AGREED
    version.agreed_at = timezone.now()
    version.agreed_by = employee_user
    _bump(version, "snapshot", "snapshot_sha256", "status", "agreed_at", "agreed_by")
    plan = version.plan
    plan.next_review_due = review_due_after(plan.employee, timezone.localdate())
    plan.save(update_fields=["next_review_due"])
    log_access(
        plan.employee,
        employee_user,
        AccessLogEntry.Action.AGREE,
        AccessLogEntry.Subject.PLAN,
    )
    if notify:
        _notify_managers(
            plan.employee,
            _("%(name)s agreed to the agreements") % {"name": plan.employee.full_name},
        )
    return version


@transaction.atomic
def record_review(plan, form, user):
    review = form.save(commit=False)
    review.plan = plan
    review.reviewed_by = user
    review.save()
    if review.outcome == PlanReview.Outcome.CONTINUE:
        plan.next_review_due = review_due_after(plan.employee, review.reviewed_on)
        plan.save(update_fields=["next_review_due"])
    log_access(
        plan.employee, user, AccessLogEntry.Action.CHANGE, AccessLogEntry.Subject.PLAN
    )
    return review


def version_changes(version):
    """What changed since the version before: (added, changed, removed) where
    changed holds (before, after, [field names])."""
    previous = (
        version.plan.versions.filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )
    before = {
        item["key"]: item
        for item in (previous.content()["adjustments"] if previous else [])
    }
    after = {item["key"]: item for item in version.content()["adjustments"]}
    added = [after[key] for key in after if key not in before]
    removed = [before[key] for key in before if key not in after]
    changed = []
    for key in after.keys() & before.keys():
        fields = [
            field for field in after[key] if after[key][field] != before[key][field]
        ]
        if fields:
            changed.append((before[key], after[key], fields))
    return previous, added, changed, removed


# The own plan and consent -------------------------------------------------------


def own_plan_for(employee):
    return OwnPlan.objects.get_or_create(employee=employee)[0]


def supervisor_changed(employee, previous_supervisor_id):
    """A new supervisor (or none): the agreements travel with the employee,
    but what the employee shared of the own plan was shared with a person,
    so it becomes private again until the employee shares it anew. The
    employee is told by mail (through the queue) and on their home page."""
    now = timezone.now()
    was_shared = [
        key
        for model in (OwnPlan, ConversationPrep)
        for plan in model.objects.filter(employee=employee)
        for key in plan.reset_sharing(now)
    ]
    if employee.user_id and previous_supervisor_id is not None:
        _notify(
            [employee.user],
            _("You have a new work supervisor"),
            "retention/email/new_supervisor.txt",
            {
                "employee": employee,
                "supervisor": employee.supervisor,
                "was_shared": bool(was_shared),
                "link": _link("retention:own_plan"),
            },
        )


def conversation_prep_suggestions(employee):
    """Texts for an empty preparation, from what the employee already wrote
    and agreed: what helps (own plan) and the agreed adjustments as what I
    need, and what I would rather not as what I do not want to discuss."""
    own = OwnPlan.objects.filter(employee=employee).first()
    plan = AdjustmentPlan.objects.filter(employee=employee).first()
    agreed = latest_agreed(plan) if plan else None
    need = []
    if own and own.what_helps.strip():
        need.append(own.what_helps.strip())
    if agreed:
        lines = [
            f"- {adjustment.agreement}"
            for adjustment in agreed.adjustments.exclude(
                status__in=[Adjustment.Status.REFUSED, Adjustment.Status.ENDED]
            )
        ]
        if lines:
            need.append("\n".join([_("What we already agreed:"), *lines]))
    suggestions = {"need": "\n\n".join(need)}
    if own and own.rather_not.strip():
        suggestions["not_discuss"] = own.rather_not.strip()
    return {name: text for name, text in suggestions.items() if text}


def add_to_own_plan(employee, user, texts):
    """Replace sections of the own plan with the given texts (the current
    text with an addition), without touching what is shared; logged."""
    plan = own_plan_for(employee)
    for name, text in texts.items():
        setattr(plan, name, text)
    plan.save(update_fields=[*texts, "updated_at"])
    log_access(
        employee, user, AccessLogEntry.Action.CHANGE, AccessLogEntry.Subject.OWN_PLAN
    )
    return plan


def grant_consent(employee, form):
    token = ThirdPartyConsent.new_token()
    consent = form.save(commit=False)
    consent.employee = employee
    consent.token_hash = ThirdPartyConsent.hash_token(token)
    consent.save()
    link = _link("retention:consent_view", token=token)
    send_portal_mail(
        [consent.email],
        _("%(name)s gives you access to their work agreements")
        % {"name": employee.full_name},
        "retention/email/consent.txt",
        {"consent": consent, "employee": employee, "link": link},
    )
    return consent


def revoke_consent(consent):
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])


def find_consent(token):
    if not token:
        return None
    return (
        ThirdPartyConsent.objects.select_related("employee__organisation")
        .filter(token_hash=ThirdPartyConsent.hash_token(token))
        .first()
    )


# Mail: never any plan content, only that there is something to look at ------


def _link(name, **kwargs):
    return site_url(reverse(name, kwargs=kwargs or None))


def _notify_managers(employee, subject):
    recipients = [employee.supervisor] if employee.supervisor_id else []
    if recipients:
        _notify(
            recipients,
            subject,
            "retention/email/answered.txt",
            {
                "employee": employee,
                "link": _link("retention:plan", employee_id=employee.pk),
            },
        )


def _notify(users, subject, template, context):
    send_portal_mail([user.email for user in users], subject, template, context)
