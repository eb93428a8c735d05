"""openpyxl as mapbridge uses it: importing this module proves defusedxml guards every XML parse.

openpyxl parses with defusedxml only when defusedxml is installed and the OPENPYXL_DEFUSEDXML
environment variable is not "False". mapbridge reads workbooks that come from many hands (an
existing tracker, a template), so it refuses to run without that guard instead of parsing
unguarded. Modules that use openpyxl import it from here.
"""

from __future__ import annotations

import openpyxl
from openpyxl import xml as openpyxl_xml

from mapbridge.errors import Problem, UsageError


def require_defusedxml() -> None:
    """Raise a readable error if openpyxl would parse XML without defusedxml."""
    if openpyxl_xml.DEFUSEDXML:
        return
    raise UsageError(
        Problem(
            code="MB041",
            name="unguarded-xml-parser",
            severity="error",
            message="openpyxl is not using defusedxml (it is not installed, or "
            "OPENPYXL_DEFUSEDXML=False is set), so mapbridge refuses to parse workbooks with it",
            hint="install defusedxml (`pip install defusedxml`) and unset OPENPYXL_DEFUSEDXML",
        )
    )


require_defusedxml()

Workbook = openpyxl.Workbook
load_workbook = openpyxl.load_workbook

__all__ = ["Workbook", "load_workbook", "require_defusedxml"]
