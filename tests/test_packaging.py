"""The wheel carries the dbt project: every folder dbt_project.yml names is force-included."""

from __future__ import annotations

import tomllib

import yaml  # type: ignore[import-untyped]  # types-PyYAML is not in uv.lock

from ingest.paths import project_dir, running_from_clone


def test_the_wheel_includes_everything_the_dbt_project_reads() -> None:
    root = project_dir()
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    included = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    dbt = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))
    needed = {"dbt_project.yml", "profiles.yml", "samples"}
    for key in ("model-paths", "seed-paths", "macro-paths", "snapshot-paths", "analysis-paths"):
        needed |= {path for path in dbt.get(key, []) if (root / path).exists()}
    assert needed <= set(included), needed - set(included)
    assert all(target.startswith("ingest/project/") for target in included.values())
    assert running_from_clone()  # the tests run from the clone: its own folders are used
