"""How a failed job is logged: a service that is away in one line, anything else with its traceback."""

from __future__ import annotations

from structlog.testing import capture_logs

from rapport.ai_client import AiUnavailable
from rapport.worker.main import log_failure


def test_a_service_away_is_one_line_and_a_bug_keeps_its_traceback() -> None:
    with capture_logs() as logs:
        log_failure("embedding.index", AiUnavailable("UNAVAILABLE", "failed to connect to all addresses"))
        log_failure("email.process", ConnectionRefusedError(111, "Connection refused"))
        try:
            raise KeyError("missing")
        except KeyError as bug:
            log_failure("importer.run", bug)
        try:
            raise PermissionError(13, "Permission denied", "/data/files/a.pdf")
        except PermissionError as own:
            log_failure("file.scan", own)

    assert [(entry["job"], entry["log_level"], "exc_info" in entry) for entry in logs] == [
        ("embedding.index", "warning", False),
        ("email.process", "warning", False),
        ("importer.run", "error", True),
        ("file.scan", "error", True),
    ]
    assert logs[0]["error"] == "AI service: UNAVAILABLE: failed to connect to all addresses"
    assert logs[0]["service_away"] is True
