"""A dbt-duckdb plugin: `dbt build` run directly is as safe as `xxgk build`.

profiles.yml points dbt at a file of its own (`<warehouse>.build`) and loads this plugin. Before
dbt opens that file, the plugin takes the warehouse's writer lock (the one every xxgk command
takes; held until dbt exits) and makes the file a copy of the published warehouse. The last step
of `dbt build`/`run`/`seed`/`snapshot`, the on-run-end hook `publish_warehouse`, calls the SQL
function `xxgk_publish` registered here, which copies the checkpointed build file beside the
published one and renames it into place: dashboards holding the old file open keep reading it,
and a failed build publishes nothing.

`xxgk build` runs dbt with the lock handed down (XXGK_LOCK_FD, an inherited descriptor checked
against the lock file) and XXGK_PUBLISH=defer: it validates the build file before publishing it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import IO, Any

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt_common.exceptions import DbtRuntimeError

from ingest.warehouse import (
    ForeignWriterError,
    WarehouseBusyError,
    acquire_writer_lock,
    adopt_writer_lock,
    prepare_build_copy,
    publish_build_copy,
)

PUBLISHING_COMMANDS = frozenset({"build", "run", "seed", "snapshot"})
READ_ONLY_COMMANDS = frozenset(
    {"compile", "docs", "list", "ls", "show", "debug", "parse", "source"}
)
LOCK_FD_VARIABLE = "XXGK_LOCK_FD"
PUBLISH_VARIABLE = "XXGK_PUBLISH"  # "defer": the calling xxgk command publishes


def dbt_command() -> str | None:
    from dbt.flags import get_flags

    return getattr(get_flags(), "WHICH", None)


def publish_record_path(build: Path) -> Path:
    """What the last publish step saw (foreign tables carried over, published or deferred)."""
    return build.with_name(build.name + ".publish.json")


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        if self.creds is None or not plugin_config.get("warehouse"):
            raise DbtRuntimeError("ingest.dbt_publish needs `config: {warehouse: PATH}`")
        self.warehouse = Path(plugin_config["warehouse"]).absolute()
        self.build = Path(self.creds.path).absolute()
        self._lock: IO[str] | None = None
        self._prepared = False

    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        """Runs before every duckdb.connect of the build file: prepare it the first time."""
        if self._prepared:
            return
        command = dbt_command()
        inherited = os.environ.get(LOCK_FD_VARIABLE, "")
        try:
            if not (inherited.isdigit() and adopt_writer_lock(self.warehouse, int(inherited))):
                self._lock = acquire_writer_lock(self.warehouse)  # released when dbt exits
            prepare_build_copy(
                self.warehouse, self.build, writing=command not in READ_ONLY_COMMANDS
            )
        except (WarehouseBusyError, ForeignWriterError) as error:
            raise DbtRuntimeError(str(error)) from error
        self._prepared = True

    def configure_connection(self, conn: Any) -> None:
        self._register(conn)

    def configure_cursor(self, cursor: Any) -> None:
        self._register(cursor)

    def _register(self, connection: Any) -> None:
        import duckdb

        with contextlib.suppress(duckdb.CatalogException):  # already registered on it
            connection.create_function("xxgk_publish", self.publish, [str], str, side_effects=True)

    def publish(self, foreign_tables: str) -> str:
        """Publish the (checkpointed) build file; `foreign_tables` is a JSON list of the tables
        the build carried over without producing them."""
        command = dbt_command()
        deferred = os.environ.get(PUBLISH_VARIABLE) == "defer"
        record = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": command,
            "foreign_tables": json.loads(foreign_tables or "[]"),
            "published": False,
        }
        if command in PUBLISHING_COMMANDS and not deferred:
            try:
                publish_build_copy(self.build, self.warehouse, keep=True)
            except (ForeignWriterError, RuntimeError) as error:
                raise DbtRuntimeError(str(error)) from error
            record["published"] = True
        publish_record_path(self.build).write_text(json.dumps(record, ensure_ascii=False))
        if record["published"]:
            return f"published {self.warehouse}"
        return "deferred to xxgk build" if deferred else f"not published ({command})"
