"""The emotion curve as a native, editable line chart whose points sit under the map's column centres.

The chart's frame spans exactly the stage columns and its plot area fills the frame (a manual
"inner" layout), so with categories drawn "between" tick marks each point lands at the centre
of its column. Values are the normalised scores (-1..+1); the value axis is fixed to that range
and hidden, the category axis is the dashed zero line.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart

from mapbridge.exporters.deck.canvas import Canvas, emu, xml_attr, xml_text

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"

#: Share of the chart's height kept free above +1 and below -1, so markers are never clipped.
PLOT_MARGIN = 0.1


@dataclass
class Curve:
    """One line of the chart: a name (persona or as-is/to-be), its colour, values per column (None = gap)."""

    name: str
    colour: str
    values: list[float | None]
    dashed: bool = False


def plot_y(score: float, top: float, height: float) -> float:
    """The slide y (pt) of a score inside a chart frame at `top` with `height` (for labels beside points)."""
    inner_top = top + height * PLOT_MARGIN
    inner_height = height * (1 - 2 * PLOT_MARGIN)
    return inner_top + (1 - (score + 1) / 2) * inner_height


def add_emotion_chart(
    slide,
    canvas: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    categories: list[str],
    curves: list[Curve],
    *,
    zero_line_colour: str = "9AA5B1",
    name: str = "Emotion curve",
) -> None:
    """Add the chart (points in pt): its part and embedded workbook, and its frame via the canvas.

    The chart XML is written directly, the XML python-pptx's chart writer and the styling
    below produced (a line chart with markers, styled): a deck of hundreds of maps has
    hundreds of charts, and building each through python-pptx cost milliseconds.
    """
    slide_part = slide.part
    package = slide_part.package
    chart_part = Part(
        package.next_partname(ChartPart.partname_template),
        CT.DML_CHART,
        package,
        chart_xml(categories, curves, zero_line_colour).encode("utf-8"),
    )
    workbook = chart_workbook(categories, [(c.name, c.values) for c in curves], NUMBER_FORMAT)
    workbook_rel = chart_part.relate_to(EmbeddedXlsxPart.new(workbook, package), RT.PACKAGE)
    assert workbook_rel == "rId1"  # what chart_xml's externalData refers to
    rel_id = slide_part.relate_to(chart_part, RT.CHART)
    canvas.chart_frame(x, y, w, h, rel_id, name)


NUMBER_FORMAT = "0.00"
_CAT_AX, _VAL_AX = "2118791784", "2140495176"  # python-pptx's axis ids


def _ln(colour: str, width_pt: float, dash: str | None) -> str:
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    return (
        f'<a:ln w="{emu(width_pt)}" cap="rnd"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f"{dash_xml}<a:round/></a:ln>"
    )


_NO_LINE = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"


def chart_xml(categories: list[str], curves: list[Curve], zero_line_colour: str) -> str:
    """The chart part: a line chart with round markers per curve, on a fixed -1..+1 value axis
    (hidden), the category axis drawn as a dashed zero line, the plot area filling the frame."""
    n = len(categories)
    cat_pts = "".join(
        f'<c:pt idx="{i}"><c:v>{xml_text(str(label))}</c:v></c:pt>'
        for i, label in enumerate(categories)
    )
    cat = (
        f"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${n + 1}</c:f><c:strCache>"
        f'<c:ptCount val="{n}"/>{cat_pts}</c:strCache></c:strRef></c:cat>'
    )
    series = []
    for k, curve in enumerate(curves):
        col = _column_letter(k + 2)
        pts = "".join(
            f'<c:pt idx="{i}"><c:v>{value}</c:v></c:pt>'
            for i, value in enumerate(curve.values)
            if value is not None
        )
        series.append(
            f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/>'
            f"<c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache>"
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{xml_text(curve.name)}</c:v></c:pt>'
            "</c:strCache></c:strRef></c:tx>"
            f"<c:spPr>{_ln(curve.colour, 2.25, 'dash' if curve.dashed else None)}</c:spPr>"
            '<c:marker><c:symbol val="circle"/><c:size val="7"/><c:spPr><a:solidFill>'
            f'<a:srgbClr val="{curve.colour}"/></a:solidFill><a:ln w="{emu(1.25)}"><a:solidFill>'
            '<a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr></c:marker>'
            f"{cat}<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${len(curve.values) + 1}</c:f>"
            f"<c:numCache><c:formatCode>{NUMBER_FORMAT}</c:formatCode>"
            f'<c:ptCount val="{len(curve.values)}"/>{pts}</c:numCache></c:numRef></c:val>'
            '<c:smooth val="0"/></c:ser>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<c:date1904 val="0"/><c:roundedCorners val="0"/><c:chart>'
        '<c:autoTitleDeleted val="1"/><c:plotArea><c:layout><c:manualLayout>'
        '<c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>'
        f'<c:x val="0"/><c:y val="{PLOT_MARGIN:.4f}"/><c:w val="1"/>'
        f'<c:h val="{1 - 2 * PLOT_MARGIN:.4f}"/></c:manualLayout></c:layout>'
        '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        + "".join(series)
        + f'<c:marker val="1"/><c:smooth val="0"/><c:axId val="{_CAT_AX}"/>'
        f'<c:axId val="{_VAL_AX}"/></c:lineChart>'
        f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="none"/>'
        f"<c:spPr>{_ln(zero_line_colour, 1.0, 'dash')}</c:spPr>"
        f'<c:crossAx val="{_VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling><c:max val="1"/><c:min val="-1"/>'
        '</c:scaling><c:delete val="1"/><c:axPos val="l"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="none"/>'
        f'<c:crossAx val="{_CAT_AX}"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx>'
        f"{_NO_LINE}</c:plotArea>"
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/><c:showDLblsOverMax val="0"/>'
        f"</c:chart>{_NO_LINE}"
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1800"/></a:pPr>'
        '<a:endParaRPr lang="en-US"/></a:p></c:txPr>'
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
    )


_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
}


def _styles_xml(number_format: str) -> str:
    # Style 1 shows the values in the chart's number format (custom format id 164).
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{xml_attr(number_format)}"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'


def chart_workbook(
    categories: list[str], series: list[tuple[str, list[float | None]]], number_format: str
) -> bytes:
    """A minimal .xlsx holding a category chart's data: categories in A2.., series in B.., names in row 1."""
    rows = [[_text_cell(f"{_column_letter(k + 2)}1", name) for k, (name, _v) in enumerate(series)]]
    for i, category in enumerate(categories):
        r = i + 2
        cells = [_text_cell(f"A{r}", str(category))]
        for k, (_name, values) in enumerate(series):
            value = values[i] if i < len(values) else None
            if value is not None:
                cells.append(
                    f'<c r="{_column_letter(k + 2)}{r}" s="1"><v>{float(value):.16G}</v></c>'
                )
        rows.append(cells)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(f'<row r="{r + 1}">{"".join(cells)}</row>' for r, cells in enumerate(rows))
        + "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    # Stored, not deflated: the deck's own zip compresses the workbook as a whole.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as book:
        for name, text in _WORKBOOK_PARTS.items():
            book.writestr(name, text)
        book.writestr("xl/styles.xml", _styles_xml(number_format))
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()
