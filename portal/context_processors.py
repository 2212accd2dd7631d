"""Template context every page needs: the visitor's roles for the menu."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from . import access
from .reading import prefers_easy_read


def portal(request):
    # A request refused before authentication (a bad Host header) has no
    # user; its error page is still rendered with this context.
    user = getattr(request, "user", None) or AnonymousUser()

    def menu():
        roles = access.roles_of(user)
        return [
            (access.ROLE_LABELS[role], settings.WERKBEHOUD_DASHBOARDS[role])
            for role in access.ROLE_ORDER
            if role in roles
        ]

    def asks_helpdesk():
        return bool(
            access.roles_of(user) & {access.HR, access.SUPERVISOR, access.EMPLOYEE}
        )

    return {
        "role_menu": SimpleLazyObject(menu),
        "asks_helpdesk": SimpleLazyObject(asks_helpdesk),
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        "easy_read": SimpleLazyObject(lambda: prefers_easy_read(request)),
        # Part of the key of cached fragments that differ by role (guidance
        # buttons show only to the role that may use them).
        "roles_key": SimpleLazyObject(
            lambda: "-".join(sorted(access.roles_of(user))) or "none"
        ),
    }
