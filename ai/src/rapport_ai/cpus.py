"""How many CPUs a process may use: its affinity, capped by its control group's CPU quota. The AI
service sizes its threads by it, and the api its search slots (rapport.app.search_slots).

In a container the affinity names every CPU of the node, while the quota (Kubernetes' `limits.cpu`,
Compose's `cpus`) is what it gets: sixteen threads on a node of sixteen CPUs under a quota of two are
throttled, and each run waits for the quota's next period.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def cgroup_quota(root: Path = CGROUP) -> float | None:
    """The CPU quota of this process's control group in CPUs (cgroup v2's `cpu.max`, else v1's
    `cpu.cfs_quota_us` over `cpu.cfs_period_us`), or None when there is none or it cannot be read."""
    try:
        quota, _, period = (root / "cpu.max").read_text().strip().partition(" ")
        if quota == "max":
            return None
        return int(quota) / int(period or "100000")
    except (OSError, ValueError):
        pass
    for directory in (root / "cpu", root / "cpu,cpuacct"):
        try:
            quota_us = int((directory / "cpu.cfs_quota_us").read_text())
            period_us = int((directory / "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        return quota_us / period_us if quota_us > 0 and period_us > 0 else None
    return None


def usable_cpus(root: Path = CGROUP) -> int:
    """The CPUs this process may run on, no more than its quota (rounded up), at least one."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = cgroup_quota(root)
    return max(1, min(cpus, math.ceil(quota))) if quota is not None else cpus
