"""The page an invitation link opens."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..http import personal
from ..models import User
from ..services import (
    InvitationError,
    accept_invitation,
    check_usable,
    find_invitation,
    remember_invitation,
)


@personal
def invitation(request, token):
    """Route the holder of a link: sign up, log in first, or accept."""
    found = find_invitation(token)
    if found is None:
        return _refuse(
            request,
            _(
                "This link is not valid. Check that you copied the whole link from the email."
            ),
            status=404,
        )
    try:
        check_usable(found)
    except InvitationError as error:
        return _refuse(request, str(error), status=410)

    user = request.user
    if user.is_authenticated:
        if user.email.lower() != found.email.lower():
            return render(
                request,
                "portal/invitation_other_account.html",
                {"invitation": found},
                status=403,
            )
        if request.method == "POST":
            try:
                accept_invitation(found, user)
            except InvitationError as error:
                return _refuse(request, str(error), status=410)
            messages.success(
                request,
                _("Welcome! You now have access to %(organisation)s.")
                % {"organisation": found.inviter_name},
            )
            return redirect("portal:dashboard")
        return render(request, "portal/invitation_accept.html", {"invitation": found})

    if User.objects.filter(email__iexact=found.email).exists():
        return render(request, "portal/invitation_log_in.html", {"invitation": found})
    remember_invitation(request, found)
    # The link reached this inbox, so the address needs no second check.
    get_adapter(request).stash_verified_email(request, found.email)
    return redirect("account_signup")


def _refuse(request, message, status):
    return render(
        request, "portal/invitation_invalid.html", {"message": message}, status=status
    )
