"""The researcher notebook runs top to bottom against the demo warehouse."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ingest.paths import project_dir


def test_notebook_cells_run(demo_db: Path, monkeypatch, capsys) -> None:
    notebook = json.loads((project_dir() / "notebooks" / "researcher_examples.ipynb").read_text())
    monkeypatch.setenv("XXGK_DB", str(demo_db))
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), "notebook", "exec"), namespace)
    output = capsys.readouterr().out
    assert "福建省" in output and "denial_rate" in output
    assert os.environ["XXGK_DB"] == str(demo_db)
