"""What one batch of an import did: the rows it refused (with why) and the records it wrote."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from rapport.models import ImportJob


@dataclass
class BatchResult:
    job: ImportJob
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    def refuse(self, number: int, cells: list[str], reason: str) -> None:
        self.errors.append(
            {
                "import_id": self.job.id,
                "row_number": number,
                "workspace_id": self.job.workspace_id,
                "reason": reason,
                "cells": cells,
            }
        )


def record_row(job: ImportJob, record_id: uuid.UUID, action: str, before: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "import_id": job.id,
        "record_id": record_id,
        "workspace_id": job.workspace_id,
        "action": action,
        "before": before,
    }
