"""Domain operations on who is who: inviting, accepting, revoking."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import forget_roles
from .mail import send_portal_mail, site_url
from .models import Employee, Invitation, Membership


class InvitationError(Exception):
    """An invitation cannot be used; the message is for the person holding it."""


def invitation_link(token):
    return site_url(reverse("portal:invitation", args=[token]))


@transaction.atomic
def invite(*, organisation, email, role, invited_by, employee=None):
    """Create an invitation and queue the mail with its link, in one transaction.

    Earlier open invitations for the same person and role are revoked, so
    only the newest link works.
    """
    email = email.strip().lower()
    now = timezone.now()
    Invitation.objects.open().filter(
        organisation=organisation, email__iexact=email, role=role
    ).update(revoked_at=now)
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        employee=employee,
        invited_by=invited_by,
        token_hash=Invitation.hash_token(token),
    )
    context = {
        "invitation": invitation,
        "link": invitation_link(token),
        "inviter": invited_by,
    }
    send_portal_mail(
        [email],
        _("Invitation to Werkbehoud from %(organisation)s")
        % {"organisation": organisation.name}
        if organisation
        else _("Invitation to Werkbehoud"),
        "portal/email/invitation.txt",
        context,
    )
    return invitation


def find_invitation(token):
    """The invitation for a raw token, or None."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("organisation", "employee")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def check_usable(invitation):
    """Raise InvitationError with a plain explanation if the link is spent."""
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise InvitationError(
            _("This invitation has already been used. Log in with your account.")
        )
    if status == Invitation.Status.REVOKED:
        raise InvitationError(
            _(
                "This invitation has been withdrawn. Ask %(organisation)s for a new "
                "invitation if you still need access."
            )
            % {"organisation": invitation.inviter_name}
        )
    if status == Invitation.Status.EXPIRED:
        raise InvitationError(
            _(
                "This invitation has expired. Ask %(organisation)s to send you a new "
                "one."
            )
            % {"organisation": invitation.inviter_name}
        )


@transaction.atomic
def accept_invitation(invitation, user):
    """Give the user the invited role; link an employee record if there is one.

    The invitation row is locked, so two tabs accepting the same link at once
    cannot both succeed.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    if invitation.email.lower() != user.email.lower():
        raise InvitationError(_("This invitation was sent to another email address."))
    if invitation.employee_id:
        employee = invitation.employee
        if employee.user_id and employee.user_id != user.pk:
            raise InvitationError(
                _("This employee record is already linked to another account.")
            )
        if (
            Employee.objects.filter(organisation=invitation.organisation, user=user)
            .exclude(pk=employee.pk)
            .exists()
        ):
            raise InvitationError(
                _(
                    "Your account is already linked to another employee record at "
                    "%(organisation)s. Ask HR there to check which record is yours."
                )
                % {"organisation": invitation.inviter_name}
            )
    if invitation.role in Invitation.GROUPS:
        user.groups.add(
            Group.objects.get_or_create(name=Invitation.GROUPS[invitation.role])[0]
        )
    else:
        Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, role=invitation.role
        )
    if invitation.employee_id:
        employee.user = user
        employee.save(update_fields=["user", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return invitation


def revoke_invitation(invitation):
    if invitation.status != Invitation.Status.OPEN:
        raise InvitationError(_("Only an open invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


_SESSION_KEY = "werkbehoud_invitation"


def remember_invitation(request, invitation):
    """Keep the invitation in the session while the person signs up."""
    request.session[_SESSION_KEY] = invitation.pk


def pending_invitation(request):
    """The open invitation this browser is signing up with, or None."""
    if request is None or not hasattr(request, "session"):
        return None
    pk = request.session.get(_SESSION_KEY)
    if pk is None:
        return None
    return (
        Invitation.objects.open().select_related("organisation").filter(pk=pk).first()
    )


def forget_pending_invitation(request):
    request.session.pop(_SESSION_KEY, None)
