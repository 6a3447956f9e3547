"""The researcher notebook runs top to bottom against the warehouse XXGK_DB names."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.paths import project_dir


def test_notebook_cells_run_against_the_demo_warehouse(
    demo_db: Path, query: Callable, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    notebook = json.loads((project_dir() / "notebooks" / "researcher_examples.ipynb").read_text())
    monkeypatch.setenv("XXGK_DB", str(demo_db))
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), "notebook", "exec"), namespace)
    output = capsys.readouterr().out
    assert namespace["db"] == demo_db  # it read the warehouse it was pointed at
    # The denial-rate table lists every province of the demo's facts, and the agencies' names.
    provinces = query(
        demo_db,
        "select distinct reg.province_name from main.fct_applications f "
        "join main.dim_region reg using (region_code)",
    )
    agencies = query(demo_db, "select agency_name from main.dim_agency")
    assert provinces and agencies
    for (name,) in provinces + agencies:
        assert name in output, name
    assert "denial_rate" in output
