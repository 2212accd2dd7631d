"""A generation number for every database table, moved on by every write.

Installed on every database connection as an execute wrapper, so it sees
each statement whatever sent it: a model's save or delete, a queryset's
update(), bulk_create() and bulk_update(), raw SQL, the worker, a data
migration. A write (INSERT, UPDATE, DELETE, TRUNCATE) moves its table's
generation on, now and again when the transaction commits. A read (SELECT)
inside a noting() block (portal/generations.py) notes the generation of
every table it names, read before the statement runs: a value kept under
those generations is stale as soon as any of its tables is written.

Writes from outside the portal's processes (psql) pass no wrapper; kept
values there age out with their timeout (or: manage.py forget_kept_pages).
"""

import re

from django.db.backends.signals import connection_created

from . import generations

_WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)
    \s+["`]?(\w+)""",
    re.IGNORECASE | re.VERBOSE,
)
_TRUNCATE = re.compile(r"^\s*TRUNCATE\b(.*)", re.IGNORECASE | re.DOTALL)
_NAMED = re.compile(r"""["`]?(\w+)["`]?""")
_READ = re.compile(r"""\b(?:FROM|JOIN)\s+["`]?(\w+)""", re.IGNORECASE)
_SELECT = re.compile(r"^\s*(?:SELECT|WITH)\b", re.IGNORECASE)
_TRUNCATE_WORDS = {"table", "only", "restart", "identity", "continue", "cascade"}


def key(table):
    return f"table.{table}.generation"


def written(table):
    """Everything kept under this table's generation is stale."""
    generations.move_on_now_and_at_commit(key(table))


def _tables_written(sql):
    found = _WRITE.match(sql)
    if found:
        return [found.group(1)]
    truncated = _TRUNCATE.match(sql)
    if truncated:
        return [
            name
            for name in _NAMED.findall(truncated.group(1).split(";")[0])
            if name.lower() not in _TRUNCATE_WORDS
        ]
    return []


def watch(execute, sql, params, many, context):
    """The execute wrapper: note what a read depends on, then run the
    statement; after a write, move its tables on."""
    if not isinstance(sql, str):
        return execute(sql, params, many, context)
    noted = generations.noting_now()
    if noted is not None and _SELECT.match(sql):
        for table in set(_READ.findall(sql)):
            if key(table) not in noted:
                generations.current(key(table))
    result = execute(sql, params, many, context)
    for table in _tables_written(sql):
        written(table)
        # What wrote while it was rendered cannot be kept: the write would
        # not happen again when the kept value is used.
        generations.spoil(f"wrote {table}")
    return result


def install(sender=None, connection=None, **kwargs):
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


def connect():
    connection_created.connect(install, dispatch_uid="portal-table-generations")
