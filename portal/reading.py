"""The reader's choice for easy language: easy-read summaries first.

Remembered on the account of a logged-in reader, and in a cookie for a
reader without one (the guidance is public)."""

from django.conf import settings

EASY_READ_COOKIE = "werkbehoud_easy_read"
ONE_YEAR = 365 * 24 * 3600


def cookie_prefers_easy_read(cookies):
    """The choice of a visitor without an account."""
    return cookies.get(EASY_READ_COOKIE) == "1"


def prefers_easy_read(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.easy_read
    return cookie_prefers_easy_read(request.COOKIES)


def remember_easy_read(request, response, easy_read):
    user = request.user
    if user.is_authenticated:
        if user.easy_read != easy_read:
            user.easy_read = easy_read
            user.save(update_fields=["easy_read"])
        response.delete_cookie(EASY_READ_COOKIE)
    elif easy_read:
        response.set_cookie(
            EASY_READ_COOKIE,
            "1",
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(EASY_READ_COOKIE)
    return response
