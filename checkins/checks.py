import sqlite3

from django.core.checks import Error, Tags, register
from django.db import connections

# The check-in submit writes with INSERT ... ON CONFLICT ... RETURNING and UPDATE ...
# RETURNING (checkins.services), which SQLite understands from this version on.
SQLITE_NEEDED = (3, 35, 0)


@register(Tags.database)
def sqlite_understands_returning(app_configs, databases=None, **kwargs) -> list[Error]:
    uses_sqlite = any(connections[alias].vendor == "sqlite" for alias in (databases or ["default"]))
    if uses_sqlite and sqlite3.sqlite_version_info < SQLITE_NEEDED:
        return [
            Error(
                f"SQLite {sqlite3.sqlite_version} is too old: check-ins need SQLite "
                f"{'.'.join(map(str, SQLITE_NEEDED))} or newer (RETURNING).",
                hint="Use a Python built with a newer SQLite, or set DATABASE_URL to PostgreSQL.",
                id="checkins.E001",
            )
        ]
    return []
