"""allauth adapter: signing up is only possible through an invitation."""

from allauth.account.adapter import DefaultAccountAdapter

from .services import pending_invitation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return pending_invitation(request) is not None
