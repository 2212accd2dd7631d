"""What ends or re-checks a person's open websockets: logging out, a new
password, a new or removed authenticator, a changed role or account. The
same changes make the next request read the account's facts (roles, has an
authenticator) afresh: they are forgotten first, so a socket that is told
to look again never reads the old ones."""

from allauth.account import signals as account_signals
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from . import access, gate
from .models import Membership


def _logged_out(sender, request, user, **kwargs):
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        gate.close_session_sockets(session_key)


def _facts_changed(user_id):
    access.forget_facts(user_id)
    gate.recheck_user_sockets(user_id)


def _account_changed(sender, user=None, instance=None, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    person = user or instance
    if person is not None and person.pk is not None:
        _facts_changed(person.pk)


def _membership_changed(sender, instance, **kwargs):
    _facts_changed(instance.user_id)


def _authenticator_saved_or_deleted(sender, instance, **kwargs):
    # Also when one is added or removed outside allauth's views (the admin).
    _facts_changed(instance.user_id)


_FORMER_MEMBERS = "_werkbehoud_former_members"


def _remember_members(group):
    """Before a group loses all its members: who they were, so their open
    sockets can be checked again once it has (the clear itself names none)."""
    setattr(group, _FORMER_MEMBERS, list(group.user_set.values_list("pk", flat=True)))


def _recheck_former_members(group):
    for user_id in getattr(group, _FORMER_MEMBERS, ()):
        gate.recheck_user_sockets(user_id)


def _group_renamed_or_deleted(sender, instance, created=False, **kwargs):
    # Roles come from group names; a new group has no members yet.
    if created:
        return
    access.forget_everyones_facts()
    if not hasattr(instance, _FORMER_MEMBERS):
        # Saved, perhaps renamed: its members hold another role now.
        _remember_members(instance)
    _recheck_former_members(instance)


def _group_about_to_go(sender, instance, **kwargs):
    _remember_members(instance)


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        _remember_members(instance)
    if not action.startswith("post_"):
        return
    if reverse:
        if action == "post_clear":
            access.forget_everyones_facts()
            _recheck_former_members(instance)
        for user_id in pk_set or ():
            _facts_changed(user_id)
    else:
        _facts_changed(instance.pk)


def _authenticator_added(sender, request, user, authenticator, **kwargs):
    # Activating an authenticator takes a valid code: this session has given
    # its second step, and the gate must not log it out for lacking one.
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type
    )
    _facts_changed(user.pk)


def connect():
    user_model = get_user_model()
    user_logged_out.connect(_logged_out, dispatch_uid="gate-logged-out")
    for signal in (
        account_signals.password_changed,
        account_signals.password_set,
        account_signals.password_reset,
        mfa_signals.authenticator_removed,
    ):
        signal.connect(_account_changed, dispatch_uid=f"gate-{id(signal)}")
    mfa_signals.authenticator_added.connect(
        _authenticator_added, dispatch_uid="gate-authenticator-added"
    )
    post_save.connect(_account_changed, sender=user_model, dispatch_uid="gate-user")
    for signal in (post_save, post_delete):
        signal.connect(
            _membership_changed, sender=Membership, dispatch_uid=f"gate-m-{id(signal)}"
        )
        signal.connect(
            _authenticator_saved_or_deleted,
            sender=Authenticator,
            dispatch_uid=f"gate-a-{id(signal)}",
        )
        signal.connect(
            _group_renamed_or_deleted, sender=Group, dispatch_uid=f"gate-g-{id(signal)}"
        )
    pre_delete.connect(_group_about_to_go, sender=Group, dispatch_uid="gate-g-pre")
    m2m_changed.connect(
        _groups_changed, sender=user_model.groups.through, dispatch_uid="gate-groups"
    )
