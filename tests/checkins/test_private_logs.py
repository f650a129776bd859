"""Answers stay out of log records, Celery task arguments and error reports (issue #8, Logs).

A note carries a marker string that cannot occur by chance; scores (1 to 5) cannot be searched
for that way, so they are checked through the one path that would carry them: the SQL of the
INSERT into checkins_answer.
"""

import logging
import re

import pytest
from celery.app.task import Task
from django.core import mail
from django.db import connection
from django.test import Client
from django.views.debug import ExceptionReporter

from checkins.models import Answer
from tests.accounts.helpers import log_in
from tests.checkins.helpers import form_data, open_round

pytestmark = pytest.mark.django_db

MARKER = "zq7-private-marker-5e1c"
STARS = "********************"


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _text(record: logging.LogRecord) -> str:
    """The record as any handler could print it: message, arguments, traceback, stack."""
    return logging.Formatter("%(name)s %(message)s").format(record) + repr(record.args)


@pytest.fixture
def sql_logged():
    # Django logs SQL only when DEBUG is on or the connection is told to (as
    # CaptureQueriesContext does); turn it on so that the SQL path is really exercised.
    connection.force_debug_cursor = True
    yield
    connection.force_debug_cursor = False


@pytest.fixture
def every_record(sql_logged):
    """Every record of every logger at DEBUG, SQL included, whatever the configured levels."""
    keep = _Keep()
    root = logging.getLogger()
    loggers = [root] + [
        logger for logger in root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if logger is root or not logger.propagate:
            logger.addHandler(keep)
    yield keep.records
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled
        logger.removeHandler(keep)


@pytest.fixture
def pinned_levels_only(sql_logged, settings):
    """Every logger at DEBUG (an operator chasing a problem) except those LOGGING pins."""
    keep = _Keep()
    root = logging.getLogger()
    pinned = set(settings.LOGGING["loggers"])
    loggers = [root] + [
        logger
        for name, logger in root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and name not in pinned
    ]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    root.addHandler(keep)
    yield keep.records
    for logger, level in saved:
        logger.setLevel(level)
    root.removeHandler(keep)


def _post_check_in(client, person, **kwargs):
    round_ = open_round(person)
    log_in(client, person.email)
    return round_, client.post(f"/checkin/{round_.code}/", form_data(round_, **kwargs))


def test_no_note_in_any_log_record_even_with_sql_logged(
    client, couple, every_record, django_capture_on_commit_callbacks
):
    alex, _ = couple
    round_ = open_round(alex)
    log_in(client, alex.email)

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            f"/checkin/{round_.code}/", {**form_data(round_, note=MARKER), "desire-score": "9"}
        )
        saved = client.post(f"/checkin/{round_.code}/", form_data(round_, score=4, note=MARKER))

    assert refused.status_code == 400
    assert saved.status_code == 302
    assert Answer.objects.filter(person=alex, is_pulse=False).first().note == MARKER
    sql = [r for r in every_record if r.name == "django.db.backends"]
    assert any("checkins_answer" in _text(r) for r in sql), "SQL logging was not captured"
    leaks = [_text(r) for r in every_record if MARKER in _text(r)]
    assert not leaks
    # Nor any form field by name: the request's data is never logged.
    assert not [r for r in every_record if re.search(r"desire-(note|score)", _text(r))]


def test_sql_that_carries_scores_stays_out_of_the_logs_at_debug_level(
    client, couple, pinned_levels_only
):
    alex, _ = couple

    _, response = _post_check_in(client, alex, score=4, note=MARKER)

    assert response.status_code == 302
    assert not [r for r in pinned_levels_only if "checkins_answer" in _text(r)]
    # The app's own lines were let through, so the capture worked.
    assert any(r.name == "checkins.services" for r in pinned_levels_only)


def test_celery_tasks_get_ids_and_dates_only(
    client, couple, monkeypatch, django_capture_on_commit_callbacks
):
    alex, _ = couple
    calls = []
    apply_async = Task.apply_async

    def record(task, args=None, kwargs=None, **options):
        calls.append((task.name, args, kwargs))
        return apply_async(task, args=args, kwargs=kwargs, **options)

    monkeypatch.setattr(Task, "apply_async", record)

    with django_capture_on_commit_callbacks(execute=True):
        _, response = _post_check_in(client, alex, score=4, note=MARKER)

    assert response.status_code == 302
    assert calls, "the check-in queued no task"
    assert MARKER not in repr(calls)
    for _name, args, kwargs in calls:
        assert not kwargs
        for arg in args or ():
            assert isinstance(arg, int) or re.fullmatch(r"\d{4}-\d\d-\d\d", arg), arg


@pytest.fixture
def error_reports(settings):
    """The report Django mails to ADMINS on a 500, and its HTML version, for the last error."""
    settings.ADMINS = [("Ops", "ops@example.com")]
    keep = _Keep()
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(keep)

    def reports() -> list[str]:
        errors = [r for r in keep.records if r.exc_info]
        assert errors, "no error was logged"
        record = errors[-1]
        html = ExceptionReporter(record.request, *record.exc_info, is_email=True)
        return [message.body for message in mail.outbox] + [html.get_traceback_html()]

    yield reports
    request_logger.removeHandler(keep)


def test_a_500_while_saving_a_check_in_reports_no_answer(couple, monkeypatch, error_reports):
    alex, _ = couple
    client = Client(raise_request_exception=False)
    round_ = open_round(alex)
    log_in(client, alex.email)

    def broken_save(**kwargs):
        raise RuntimeError("the database went away")

    # Where the frames hold the answers themselves, notes included.
    monkeypatch.setattr("checkins.services.suggestions_refresh", broken_save)
    response = client.post(f"/checkin/{round_.code}/", form_data(round_, score=4, note=MARKER))

    assert response.status_code == 500
    reports = error_reports()
    assert len(mail.outbox) == 1
    for report in reports:
        assert "the database went away" in report  # a real report, with its traceback
        assert "desire-note" in report and STARS in report  # the POST section, hidden
        assert MARKER not in report


def test_a_500_while_inviting_reports_no_partner_address(client, monkeypatch, error_reports):
    from couples import services as couple_services
    from tests.factories import UserFactory

    person = UserFactory()
    client = Client(raise_request_exception=False)
    log_in(client, person.email)

    def broken_create(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(couple_services, "invitation_create", broken_create)
    response = client.post("/partner/invite/", {"email": f"{MARKER}@example.com"})

    assert response.status_code == 500
    for report in error_reports():
        assert "the database went away" in report
        assert MARKER not in report
