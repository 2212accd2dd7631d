"""Context shared by the supervisor's and the employee's pages."""

from .. import services
from ..models import AccessLogEntry


def shown(request, employees, subject):
    """Write in the access log that this page showed these employees' data."""
    if not isinstance(employees, list | tuple):
        employees = [employees]
    services.log_access_many(
        employees, request.user, AccessLogEntry.Action.VIEW, subject
    )


def version_context(employee, version, **extra):
    """One version with what changed since the one before it."""
    previous, added, changed, removed = services.version_changes(version)
    return {
        "employee": employee,
        "version": version,
        "content": version.content(),
        "previous": previous,
        "added": added,
        "changed": changed,
        "removed": removed,
        **extra,
    }
