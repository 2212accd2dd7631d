"""Template context every page needs: the visitor's roles for the menu."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import access


def portal(request):
    def menu():
        roles = access.roles_of(request.user)
        return [
            (access.ROLE_LABELS[role], settings.WERKBEHOUD_DASHBOARDS[role])
            for role in access.ROLE_ORDER
            if role in roles
        ]

    return {
        "role_menu": SimpleLazyObject(menu),
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
    }
