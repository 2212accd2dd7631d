"""Context shared by the supervisor's and the employee's pages."""

from .. import services


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
