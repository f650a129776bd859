"""For the few queries written in SQL (the hot paths of docs/performance.md): the ORM spent
longer building them than PostgreSQL spent running them."""

from django.db import connection
from django.db.models import Model


def tables(*models: type[Model]) -> tuple[str, ...]:
    """The quoted table names of these models, to put into SQL text: names that come from the
    models, never from input (the values always go in as parameters)."""
    return tuple(connection.ops.quote_name(model._meta.db_table) for model in models)
