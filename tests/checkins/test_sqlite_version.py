"""Without PostgreSQL the app runs on SQLite, whose version comes with Python: one too old for
the check-in submit's statements is named before anyone checks in, not in a 500."""

from types import SimpleNamespace

from checkins import checks


def test_a_sqlite_without_returning_is_refused_by_the_system_check(monkeypatch):
    monkeypatch.setattr(checks, "connections", {"default": SimpleNamespace(vendor="sqlite")})
    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(checks.sqlite3, "sqlite_version", "3.31.1")

    (error,) = checks.sqlite_understands_returning(None, databases=["default"])

    assert error.id == "checkins.E001"
    assert "3.31.1" in error.msg


def test_this_machines_database_passes_the_check():
    assert checks.sqlite_understands_returning(None, databases=["default"]) == []
