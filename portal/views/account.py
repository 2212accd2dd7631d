"""My account: one page for everything about the person's own account.

Name, language and easy language are changed here; the e-mail address,
the password and two-step verification on allauth's pages behind it."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import access
from ..forms import AccountNameForm


@login_required
def account(request):
    user = request.user
    form = AccountNameForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name has been saved."))
        return redirect("portal:account")
    context = {
        "form": form,
        "two_step": Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
        "is_employee": access.EMPLOYEE in access.roles_of(user),
    }
    return render(
        request, "portal/account.html", context, status=400 if form.errors else 200
    )
