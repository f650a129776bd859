"""Hot queries kept as PL/pgSQL functions on PostgreSQL (intimacy.sql.PlannedQuery), so that
PostgreSQL plans them once per connection: the same rows as the SQL itself, on any database."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from checkins.models import Round
from checkins.selectors import ROUND_FOR_USER, get_round_for_user
from checkins.services import ROUND_WRITE, is_participant
from checkins.suggestions import PRACTICES
from content.models import Dimension
from couples.models import Couple
from intimacy.sql import PlannedQuery, install_planned_queries, tables
from tests.checkins.helpers import open_round
from tests.factories import UserFactory
from trends.selectors import DASHBOARD_STATE

pytestmark = pytest.mark.django_db


def _dimension_sql() -> str:
    (dimensions,) = tables(Dimension)
    return f"""
        SELECT d.slug, d.higher_is_better FROM {dimensions} d
        WHERE d.id = %(dimension)s OR (d.slug = %(slug)s AND d.id <> %(dimension)s)
        ORDER BY d.slug
    """  # noqa: S608


def _rename_sql() -> str:
    (dimensions,) = tables(Dimension)
    return f"UPDATE {dimensions} SET name = %(name)s WHERE id = %(dimension)s RETURNING id"  # noqa: S608


def _function_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = %s", [name])
        return cursor.fetchone()[0] == 1


def _rows(query: PlannedQuery, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        query.execute(cursor, params)
        return cursor.fetchall()


def test_a_query_gives_the_rows_of_its_sql_whatever_the_database(library):
    query = PlannedQuery("test_dimensions", _dimension_sql)
    install_planned_queries([query], using="default")  # a no-op without PostgreSQL
    first, second = Dimension.objects.order_by("slug")[:2]
    params = {"dimension": first.pk, "slug": second.slug}

    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        expected = cursor.fetchall()

    assert query.parameters == ("dimension", "slug")  # each name once, however often used
    assert (
        _rows(query, params)
        == expected
        == [
            (first.slug, first.higher_is_better),
            (second.slug, second.higher_is_better),
        ]
    )


def test_a_writing_query_writes(library):
    query = PlannedQuery("test_rename", _rename_sql, writes=True)
    install_planned_queries([query], using="default")
    dimension = Dimension.objects.first()

    assert _rows(query, {"name": "Renamed", "dimension": dimension.pk}) == [(dimension.pk,)]
    dimension.refresh_from_db()
    assert dimension.name == "Renamed"


@pytest.mark.integration
def test_migrate_installed_the_apps_queries_each_keeping_one_plan(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, proconfig FROM pg_proc WHERE proname = ANY(%s)",
            [
                [
                    query.function_name
                    for query in (ROUND_FOR_USER, ROUND_WRITE, PRACTICES, DASHBOARD_STATE)
                ]
            ],
        )
        found = dict(cursor.fetchall())

    assert found == {
        query.function_name: ["plan_cache_mode=force_generic_plan"]
        for query in (ROUND_FOR_USER, ROUND_WRITE, PRACTICES, DASHBOARD_STATE)
    }


@pytest.mark.integration
def test_a_query_goes_through_its_function_once_installed(postgres, library):
    # A name of its own: the connection notes the functions it saw installed, and the other
    # tests' functions went with their transactions.
    query = PlannedQuery("test_through_function", _dimension_sql)
    first, second = Dimension.objects.order_by("slug")[:2]
    params = {"dimension": first.pk, "slug": second.slug}

    with CaptureQueriesContext(connection) as before:
        plain = _rows(query, params)
    install_planned_queries([query], using="default")
    with CaptureQueriesContext(connection) as after:
        through_function = _rows(query, params)

    assert through_function == plain
    assert query.function_name not in before.captured_queries[0]["sql"]
    assert f"{query.function_name}(" in after.captured_queries[0]["sql"]


@pytest.mark.integration
def test_a_query_whose_table_is_missing_is_left_out_and_the_others_installed(postgres, caplog):
    missing = PlannedQuery("test_missing", lambda: "SELECT id FROM no_such_table WHERE id = %(id)s")
    present = PlannedQuery("test_present", lambda: _rename_sql() + ", name")

    install_planned_queries([missing, present], using="default")

    assert not _function_exists(missing.function_name)
    assert _function_exists(present.function_name)
    assert "No function for query test_missing" in caplog.text
    with connection.cursor() as cursor:  # nothing left behind on the connection
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0


@pytest.mark.integration
def test_installing_again_keeps_what_older_code_calls(postgres, library):
    older = PlannedQuery("test_dimensions", _dimension_sql)
    install_planned_queries([older], using="default")
    newer = PlannedQuery("test_dimensions", lambda: _dimension_sql() + " LIMIT 1")
    install_planned_queries([older, newer], using="default")  # a second migrate

    assert newer.function_name != older.function_name
    first, second = Dimension.objects.order_by("slug")[:2]
    params = {"dimension": first.pk, "slug": second.slug}
    assert len(_rows(older, params)) == 2
    assert len(_rows(newer, params)) == 1


@pytest.mark.integration
def test_the_check_in_pages_round_lookup_reads_through_its_function_what_the_orm_reads(
    postgres, couple
):
    alex, sam = couple
    round_ = open_round(alex)

    with CaptureQueriesContext(connection) as queries:
        found = get_round_for_user(round_.code, sam)

    assert f"{ROUND_FOR_USER.function_name}(" in queries.captured_queries[0]["sql"]
    expected = Round.objects.get(pk=round_.pk)
    fields = [field.attname for field in Round._meta.concrete_fields]
    # The function's numbered columns mapped back to the fields, and to what the rules read.
    assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert found.schedule.couple_id == round_.schedule.couple_id
    assert found.schedule.couple.status == Couple.Status.ACTIVE
    assert is_participant(found, sam)


@pytest.mark.integration
def test_through_its_function_the_round_lookup_keeps_a_journal_to_its_owner(postgres, library):
    owner, stranger = UserFactory(), UserFactory()
    journal_round = open_round(owner)
    assert journal_round.schedule.couple_id is None

    found = get_round_for_user(journal_round.code, owner)

    assert found.pk == journal_round.pk
    assert found.schedule.owner_id == owner.pk
    with pytest.raises(Http404):
        get_round_for_user(journal_round.code, stranger)
    assert ROUND_FOR_USER.function_name in connection.planned_query_functions
