"""For the few queries written in SQL (the hot paths of docs/performance.md): the ORM spent
longer building them than PostgreSQL spent running them."""

import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import Manager, Model
from django.db.models.query import RawQuerySet
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"%\((\w+)\)s")

_REGISTERED: list["PlannedQuery"] = []


def tables(*models: type[Model]) -> tuple[str, ...]:
    """The quoted table names of these models, to put into SQL text: names that come from the
    models, never from input (the values always go in as parameters)."""
    return tuple(connection.ops.quote_name(model._meta.db_table) for model in models)


class PlannedQuery:
    """A hot query that PostgreSQL plans once per connection rather than at every call.

    Planning is most of what these queries cost PostgreSQL (`python -m bench.explain`: 0.3 to
    1.8 ms of planning for well under 0.1 ms of running). On PostgreSQL each one is kept as a
    PL/pgSQL function, (re)created by `migrate`: PL/pgSQL keeps the plan of its statement for
    the life of the connection, and one generic plan serves every call, since these queries
    look rows up by key and no value changes the best plan. Unlike PREPARE, a function works
    behind PgBouncer in transaction mode (docs/scaling.md). Elsewhere (SQLite, in process)
    the SQL runs as it is.

    `build` returns the SQL with named placeholders, `%(name)s`. The function's name carries
    a digest of that SQL, so a process always calls the version its own code wrote; versions
    from older code stay in place for processes of that code still running during a deploy,
    and a process that finds no function of its version runs the SQL itself. PostgreSQL plans
    a function's statement again after an ANALYZE or a schema change of a table it reads.
    """

    def __init__(self, name: str, build: Callable[[], str], *, writes: bool = False) -> None:
        self.name, self._build, self.writes = name, build, writes

    @functools.cached_property
    def sql(self) -> str:
        return self._build()

    @functools.cached_property
    def parameters(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(PLACEHOLDER.findall(self.sql)))

    @functools.cached_property
    def function_name(self) -> str:
        return f"{self.name}_{hashlib.sha256(self.sql.encode()).hexdigest()[:12]}"

    def positional_sql(self) -> str:
        """The SQL with $1, $2, ... for the placeholders, in the order of `parameters`."""
        number = {name: index for index, name in enumerate(self.parameters, start=1)}
        return PLACEHOLDER.sub(lambda match: f"${number[match.group(1)]}", self.sql)

    def statement(self, db) -> str:
        """What to run on the connection `db`, with the same placeholders: the call of the
        function when `db` holds it, else (SQLite; a process whose code is newer than the last
        `migrate`) the SQL itself."""
        if self.function_name not in getattr(db, "planned_query_functions", ()):
            return self.sql
        arguments = ", ".join(f"%({name})s" for name in self.parameters)
        # The name and the placeholders come from the code, the values go in as parameters.
        return f"SELECT * FROM {self.function_name}({arguments})"  # noqa: S608

    def execute(self, cursor, params: dict) -> None:
        """Run the query on `cursor` (a Django cursor) with `params`, by name."""
        cursor.execute(self.statement(cursor.db), params)

    def raw(self, manager: Manager, params: dict, *, columns: Sequence[str]) -> RawQuerySet:
        """The rows as instances of the manager's model (Manager.raw), which converts each
        value as the ORM does. `columns` names the query's columns in order, as its SQL does:
        a function's columns are numbered."""
        db = connections[manager.db]
        db.ensure_connection()  # a new connection notes its functions (note_planned_functions)
        statement = self.statement(db)
        translations = {_column_name(index): name for index, name in enumerate(columns, 1)}
        return manager.raw(statement, params, translations=translations)


def _column_name(index: int) -> str:
    """The name of a function's column: numbered, since a column named like one in the query
    would make its references ambiguous."""
    return f"out_{index}"


def _inferred_types(cursor, sql: str, *, using: str) -> tuple[list[str], list[str]]:
    """The types of the parameters and of the columns of `sql`, as PostgreSQL infers them: the
    first from a prepared statement, the second from running it with NULLs in a savepoint
    rolled back, so that nothing it writes stays."""
    cursor.execute(f"PREPARE planned_query_types AS {sql}")
    try:
        cursor.execute(
            "SELECT parameter_types::text[] FROM pg_prepared_statements "
            "WHERE name = 'planned_query_types'"
        )
        parameter_types = cursor.fetchone()[0]
        nulls = ", ".join("NULL" for _ in parameter_types)
        savepoint = transaction.savepoint(using=using)
        try:
            cursor.execute(
                f"EXECUTE planned_query_types({nulls})" if nulls else "EXECUTE planned_query_types"
            )
            column_oids = [column.type_code for column in cursor.description]
        finally:
            transaction.savepoint_rollback(savepoint, using=using)
    finally:
        # A prepared statement outlives a rolled-back transaction: never leave this one behind.
        cursor.execute("DEALLOCATE planned_query_types")
    cursor.execute(
        "SELECT format_type(type, NULL) FROM unnest(%s::oid[]) WITH ORDINALITY AS t(type, n) "
        "ORDER BY n",
        [column_oids],
    )
    return parameter_types, [row[0] for row in cursor.fetchall()]


def _create_function(cursor, query: PlannedQuery, *, using: str) -> None:
    body = query.positional_sql()
    parameter_types, column_types = _inferred_types(cursor, body, using=using)
    # The same SQL over columns whose types a migration changed needs another signature:
    # whatever carries this name goes first.
    cursor.execute(
        "SELECT oid::regprocedure::text FROM pg_proc WHERE proname = %s", [query.function_name]
    )
    for (signature,) in cursor.fetchall():
        cursor.execute(f"DROP FUNCTION {signature}")
    columns = ", ".join(
        f"{_column_name(index)} {type_}" for index, type_ in enumerate(column_types, 1)
    )
    cursor.execute(
        f"""
        CREATE FUNCTION {query.function_name}({", ".join(parameter_types)})
        RETURNS TABLE ({columns})
        LANGUAGE plpgsql {"VOLATILE" if query.writes else "STABLE"}
        SET plan_cache_mode = force_generic_plan
        AS $planned$ BEGIN RETURN QUERY {body}; END $planned$
        """
    )


def register_planned_queries(app_config: AppConfig, queries: Iterable[PlannedQuery]) -> None:
    """From an app's ready(): `migrate` creates the functions of its queries, and every new
    connection notes which of them the database holds."""
    queries = list(queries)
    _REGISTERED.extend(queries)
    post_migrate.connect(
        functools.partial(install_planned_queries, queries), sender=app_config, weak=False
    )
    connection_created.connect(note_planned_functions, dispatch_uid="planned-queries")


def note_planned_functions(*, connection, **kwargs) -> None:
    """Which functions of the registered queries this database holds, noted on each new
    connection (a connection_created receiver): one catalog query per connection, so that a
    call never fails on a function missing (SQLite; code newer than the last `migrate`)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname = ANY(%s)",
            [[query.function_name for query in _REGISTERED]],
        )
        connection.planned_query_functions = {row[0] for row in cursor.fetchall()}


def install_planned_queries(
    queries: Iterable[PlannedQuery], *, using: str = DEFAULT_DB_ALIAS, **kwargs
) -> None:
    """Create the functions of these queries: the post_migrate receiver of
    register_planned_queries, with the queries of the app that sends it."""
    if connections[using].vendor != "postgresql":
        return
    with connections[using].cursor() as cursor:
        for query in queries:
            try:
                with transaction.atomic(using=using):
                    _create_function(cursor, query, using=using)
            except DatabaseError as error:
                # A partial migrate (one app, or back to an older state) may lack a table or a
                # column the query reads: it runs as plain SQL until a full migrate creates it.
                logger.warning("No function for query %s: %s", query.name, error)
                continue
            found = getattr(connections[using], "planned_query_functions", set())
            connections[using].planned_query_functions = found | {query.function_name}
