"""openpyxl as mapbridge uses it: importing this module proves defusedxml guards every XML parse.

openpyxl parses with defusedxml only when defusedxml is installed and the OPENPYXL_DEFUSEDXML
environment variable is not "False". mapbridge reads workbooks that come from many hands (an
existing tracker, a template), so it refuses to run without that guard instead of parsing
unguarded. Modules that use openpyxl import it from here.
"""

from __future__ import annotations

import openpyxl
from openpyxl import xml as openpyxl_xml

from mapbridge.errors import unguarded_xml_parser


def require_defusedxml() -> None:
    """Raise a readable error if openpyxl would parse XML without defusedxml."""
    if openpyxl_xml.DEFUSEDXML:
        return
    raise unguarded_xml_parser()


require_defusedxml()

Workbook = openpyxl.Workbook
load_workbook = openpyxl.load_workbook

__all__ = ["Workbook", "load_workbook", "require_defusedxml"]
