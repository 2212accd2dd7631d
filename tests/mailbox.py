"""Mail in tests: queued like in production, delivered as the worker does."""

from django.core import mail


def sent_mail():
    """Deliver everything queued (as `manage.py worker` would) and return
    what went out, oldest first."""
    from portal.mail import deliver_due

    deliver_due()
    return mail.outbox
