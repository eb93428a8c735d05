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

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE

from mapbridge.exporters.deck.canvas import Canvas, emu, xml_attr, xml_text

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = f"{{{C}}}"

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
    """Add the chart (points in pt): its part via python-pptx, its frame via the canvas."""
    data = _ChartData(number_format="0.00")
    data.categories = categories
    for curve in curves:
        data.add_series(curve.name, curve.values)
    rel_id = slide.part.add_chart_part(XL_CHART_TYPE.LINE_MARKERS, data)
    chart = slide.part.related_part(rel_id).chart
    chart.has_title = False
    chart.has_legend = False
    _style_chart(chart._chartSpace, curves, zero_line_colour)
    canvas.chart_frame(x, y, w, h, rel_id, name)


class _ChartData(CategoryChartData):
    """Chart data whose embedded workbook (what "Edit Data" opens) is written directly.

    python-pptx writes it with XlsxWriter, which costs a few milliseconds per chart; a deck of
    hundreds of maps has hundreds of charts. Same layout: categories in column A from row 2,
    one column per series with its name in row 1.
    """

    @property
    def xlsx_blob(self) -> bytes:
        return chart_workbook(
            [c.label for c in self.categories],
            [(s.name, list(s.values)) for s in self],
            self.number_format,
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


def _el(tag: str, **attrs: str) -> etree._Element:
    prefix, local = tag.split(":")
    ns = C if prefix == "c" else A
    element = etree.Element(f"{{{ns}}}{local}")
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _sub(parent, tag: str, **attrs: str) -> etree._Element:
    child = _el(tag, **attrs)
    parent.append(child)
    return child


def _replace(parent, tag: str, new: etree._Element, *, before: tuple[str, ...] = ()) -> None:
    """Put `new` in place of any existing child named `tag`, else before the first of `before`."""
    prefix, local = tag.split(":")
    ns = C if prefix == "c" else A
    old = parent.find(f"{{{ns}}}{local}")
    if old is not None:
        old.addprevious(new)
        parent.remove(old)
        return
    for name in before:
        anchor = parent.find(f"{_C}{name}")
        if anchor is not None:
            anchor.addprevious(new)
            return
    parent.append(new)


def _no_line_props() -> etree._Element:
    sp_pr = _el("c:spPr")
    _sub(sp_pr, "a:noFill")
    ln = _sub(sp_pr, "a:ln")
    _sub(ln, "a:noFill")
    return sp_pr


def _line_props(colour: str, width_pt: float, dash: str | None = None) -> etree._Element:
    sp_pr = _el("c:spPr")
    ln = _sub(sp_pr, "a:ln", w=str(emu(width_pt)), cap="rnd")
    fill = _sub(ln, "a:solidFill")
    _sub(fill, "a:srgbClr", val=colour)
    if dash:
        _sub(ln, "a:prstDash", val=dash)
    _sub(ln, "a:round")
    return sp_pr


def _style_chart(space, curves: list[Curve], zero_line_colour: str) -> None:
    chart = space.find(f"{_C}chart")
    # No rounded frame, no background: the chart sits on the slide's curve band.
    _replace(space, "c:roundedCorners", _el("c:roundedCorners", val="0"), before=("chart",))
    for old in space.findall(f"{_C}spPr"):
        space.remove(old)
    chart.addnext(_no_line_props())
    plot = chart.find(f"{_C}plotArea")
    layout = _el("c:layout")
    manual = _sub(layout, "c:manualLayout")
    _sub(manual, "c:layoutTarget", val="inner")
    _sub(manual, "c:xMode", val="edge")
    _sub(manual, "c:yMode", val="edge")
    _sub(manual, "c:x", val="0")
    _sub(manual, "c:y", val=f"{PLOT_MARGIN:.4f}")
    _sub(manual, "c:w", val="1")
    _sub(manual, "c:h", val=f"{1 - 2 * PLOT_MARGIN:.4f}")
    old_layout = plot.find(f"{_C}layout")
    if old_layout is not None:
        plot.remove(old_layout)
    plot.insert(0, layout)
    _replace(plot, "c:spPr", _no_line_props(), before=("extLst",))
    disp = chart.find(f"{_C}dispBlanksAs")
    if disp is None:
        disp = _el("c:dispBlanksAs")
        chart.find(f"{_C}plotVisOnly").addnext(disp)
    disp.set("val", "gap")

    line_chart = plot.find(f"{_C}lineChart")
    for ser, curve in zip(line_chart.findall(f"{_C}ser"), curves, strict=True):
        _replace(
            ser,
            "c:spPr",
            _line_props(curve.colour, 2.25, "dash" if curve.dashed else None),
            before=("marker", "dPt", "dLbls", "trendline", "errBars", "cat", "val", "smooth"),
        )
        marker = _el("c:marker")
        _sub(marker, "c:symbol", val="circle")
        _sub(marker, "c:size", val="7")
        m_pr = _sub(marker, "c:spPr")
        fill = _sub(m_pr, "a:solidFill")
        _sub(fill, "a:srgbClr", val=curve.colour)
        ln = _sub(m_pr, "a:ln", w=str(emu(1.25)))
        ln_fill = _sub(ln, "a:solidFill")
        _sub(ln_fill, "a:srgbClr", val="FFFFFF")
        _replace(
            ser,
            "c:marker",
            marker,
            before=("dPt", "dLbls", "trendline", "errBars", "cat", "val", "smooth"),
        )
        _replace(ser, "c:smooth", _el("c:smooth", val="0"), before=("extLst",))
    for d_lbls in line_chart.findall(f"{_C}dLbls"):
        line_chart.remove(d_lbls)

    cat_ax = plot.find(f"{_C}catAx")
    val_ax = plot.find(f"{_C}valAx")
    # The category axis is the zero line: dashed, no ticks, no labels (the columns above name them).
    _replace(cat_ax, "c:delete", _el("c:delete", val="0"), before=("axPos",))
    _replace(
        cat_ax,
        "c:majorTickMark",
        _el("c:majorTickMark", val="none"),
        before=("minorTickMark", "tickLblPos"),
    )
    _replace(cat_ax, "c:minorTickMark", _el("c:minorTickMark", val="none"), before=("tickLblPos",))
    _replace(
        cat_ax, "c:tickLblPos", _el("c:tickLblPos", val="none"), before=("spPr", "txPr", "crossAx")
    )
    _replace(
        cat_ax, "c:spPr", _line_props(zero_line_colour, 1.0, "dash"), before=("txPr", "crossAx")
    )
    for grid in cat_ax.findall(f"{_C}majorGridlines"):
        cat_ax.remove(grid)
    _replace(cat_ax, "c:crosses", _el("c:crosses", val="autoZero"), before=("auto", "lblAlgn"))

    scaling = val_ax.find(f"{_C}scaling")
    for child in list(scaling):
        if child.tag in (f"{_C}max", f"{_C}min"):
            scaling.remove(child)
    scaling.append(_el("c:max", val="1"))
    scaling.append(_el("c:min", val="-1"))
    _replace(val_ax, "c:delete", _el("c:delete", val="1"), before=("axPos",))
    for grid in val_ax.findall(f"{_C}majorGridlines"):
        val_ax.remove(grid)
    _replace(
        val_ax,
        "c:majorTickMark",
        _el("c:majorTickMark", val="none"),
        before=("minorTickMark", "tickLblPos"),
    )
    _replace(
        val_ax, "c:tickLblPos", _el("c:tickLblPos", val="none"), before=("spPr", "txPr", "crossAx")
    )
    _replace(
        val_ax,
        "c:crossBetween",
        _el("c:crossBetween", val="between"),
        before=("majorUnit", "minorUnit", "dispUnits", "extLst"),
    )
