"""Shared pytest fixtures: workspaces built in code and a CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.factories import make_workspace


@pytest.fixture
def workspace():
    return make_workspace()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
