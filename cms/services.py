"""Recording feedback on guidance without personal data."""

import hashlib
import re

from django.core.cache import cache
from django.utils.translation import gettext as _

from portal.http import client_ip

from .models import GuidanceFeedback

FEEDBACK_PER_HOUR = 10
REMOVED = "[verwijderd]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?(?:\d[\s-]?){7,8}\d(?!\d)")


def scrub(comment):
    """Remove email addresses and phone numbers a reader typed anyway."""
    return PHONE.sub(REMOVED, EMAIL.sub(REMOVED, comment)).strip()


def record_feedback(request, page, form):
    """Store the answer, or add an error to the form when someone floods.

    The rate limit counts by a hash of the address in the cache only; the
    address itself is never stored.
    """
    address = client_ip(request)
    key = "cms:feedback:" + hashlib.sha256(f"{address}:{page.pk}".encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > FEEDBACK_PER_HOUR:
        form.add_error(
            None, _("Thank you, we already received your answers for this page.")
        )
        return False
    GuidanceFeedback.objects.create(
        page=page,
        helpful=form.cleaned_data["helpful"],
        comment=scrub(form.cleaned_data["comment"]),
    )
    return True
