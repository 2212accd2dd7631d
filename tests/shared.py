"""Data made once for a module's tests (see MODULE_SHARED in conftest)."""

from django.db import transaction


def shared_by_the_module(django_db_blocker, build):
    """Data that takes seconds to make, made once for a module's tests:
    `build()` runs in a transaction that is rolled back after the module's
    last test, and each test runs in a savepoint within it, so what one
    test changes is gone before the next. Use it in a module-scoped fixture
    named in MODULE_SHARED, so those tests run after the module's others."""
    django_db_blocker.unblock()
    try:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    finally:
        django_db_blocker.restore()
    yield value
    django_db_blocker.unblock()
    try:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    finally:
        django_db_blocker.restore()
