"""What the worker's autodiscovery imports (in a fresh interpreter, no broker needed)."""

from __future__ import annotations

import subprocess
import sys

_SCAN = """
import sys
from stancewire import app
app.app.discover()
print("\\n".join(sorted(sys.modules)))
"""


def test_the_worker_scans_agents_and_views_but_not_training_or_commands() -> None:
    run = subprocess.run([sys.executable, "-c", _SCAN], capture_output=True, text=True,
                         timeout=120, check=True)
    imported = set(run.stdout.split())
    assert {"stancewire.agents.enrich", "stancewire.agents.counters",
            "stancewire.web.views", "stancewire.tables"} <= imported
    # Training, evaluation, bench and commands stay out of the worker, and with
    # them scikit-learn and SciPy (about 85 MiB in every worker).
    outside = sorted(m for m in imported if m.startswith((
        "stancewire.training", "stancewire.evaluation", "stancewire.bench",
        "stancewire.cli", "sklearn", "scipy")))
    assert outside == []
