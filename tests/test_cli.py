"""The CLI's surface: every command documents itself."""

from __future__ import annotations

import click
import pytest

from ingest.cli import main
from tests.conftest import run_cli


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name: str) -> None:
    command = main.commands[name]
    assert command.help and len(command.help.strip()) > 20, name
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{name} {parameter.opts}"
    result = run_cli(name, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_group_help_lists_commands() -> None:
    result = run_cli("--help")
    for name in main.commands:
        assert name in result.output
