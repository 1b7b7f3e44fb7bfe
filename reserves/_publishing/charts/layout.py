"""Measured layout: every text of a chart is placed where it fits, so none leaves the canvas or overlaps another.

A chart is a column of blocks, top to bottom, each measured in inches with the font that draws it: a title, a
legend, panels (per row a label, marks on an axis, the value as written), and a footer of sources and caveats.
Text is wrapped to the width it is given, measured glyph by glyph; a word wider than its line is broken. A
character the chart's font cannot draw is drawn as U+FFFD, and the footer says so: the CSVs and the report keep it.
"""

import functools
import math
from dataclasses import dataclass, field

from matplotlib import ft2font
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullLocator

from ..._analysis.wording import plain_number

FONT = "DejaVu Sans"  # ships with matplotlib, so every machine draws the same glyphs
WIDTH = 9.0  # inches
MARGIN = 0.2  # inches around the page
GAP = 0.12  # inches between a row's label, its axis and its value
LEADING = 1.3  # line height over type size
SIZES = {"title": 12, "heading": 9, "row": 8, "tick": 7.5, "note": 7.5}
MISSING = "\ufffd"
GRID, INK = "#dddddd", "#333333"


@functools.cache
def _face(bold: bool) -> ft2font.FT2Font:
    face = ft2font.FT2Font(findfont(FontProperties(family=FONT, weight="bold" if bold else "normal")))
    face.set_size(100, 72)
    return face


@functools.cache
def _advance(character: str, bold: bool) -> float:
    """Inches a character advances per point of type size, unhinted (as the charts draw: ``text.hinting`` off)."""
    return _face(bold).load_char(ord(character), flags=ft2font.LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 72 / 100


@functools.cache
def width(text: str, size: float, bold: bool = False) -> float:
    """Inches ``text`` takes, its longest line: the sum of its characters' advances, kerning ignored (it only narrows)."""
    return max(sum(_advance(c, bold) for c in line) for line in text.split("\n")) * size


def line_height(size: float) -> float:
    return size * LEADING / 72


def drawable(text: str) -> str:
    """``text`` with its line breaks as LF, tabs as spaces, and each other character the font lacks as U+FFFD."""
    face = _face(False)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(c if c == "\n" or face.get_char_index(ord(c)) else MISSING for c in text)


def wrap(text: str, room: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``room`` inches: broken at spaces, a word too wide for a line broken in it.

    Each line takes as many words as fit, found by halving (a few measurements a line, not one a word).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        while words:
            fit = _most(words, room, size, bold)
            if fit == 0:  # a word too long for any line: as much of it as fits
                cut = max(1, _fitting(words[0], room, size, bold))
                lines.append(words[0][:cut])
                words[0] = words[0][cut:]
                continue
            lines.append(" ".join(words[:fit]))
            words = words[fit:]
    return lines


def _most(words: list[str], room: float, size: float, bold: bool) -> int:
    """How many leading ``words`` fit on one line."""
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if width(" ".join(words[:middle]), size, bold) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def _fitting(word: str, room: float, size: float, bold: bool) -> int:
    """How many leading characters of ``word`` fit in ``room``."""
    low, high = 0, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if width(word[:middle], size, bold) <= room:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass
class Mark:
    """One figure on an axis: its value (and high end), how its wording bounds it, and whether it carries caveats."""

    x: float
    kind: str  # exact, approximate, lower bound, upper bound, range (marks.KINDS)
    flagged: bool
    high: float | None = None


@dataclass
class Row:
    label: str
    value: str  # the figure as written, with its qualifier and part
    mark: Mark | None = None  # None: a row of text only (a figure no axis can hold)
    index: object = None  # the row of the frame it draws


@dataclass
class Panel:
    """Rows of one kind of quantity on one axis (or of text only, when ``scale`` is None)."""

    heading: str
    rows: list[Row]
    axis: str = ""  # the axis label: the quantity and its unit
    scale: str | None = "log"  # log, linear (from zero), or None
    threshold: tuple[float, str] | None = None  # a dashed line: its value and what it marks (said in the legend)
    unit: float = 1.0  # divide values by this to show them in the axis's unit (a grade in %)


@dataclass
class Page:
    """A chart's blocks, measured as they are added; ``figure()`` draws them."""

    title: str
    missing: bool = False  # a character was replaced by U+FFFD
    height: float = MARGIN
    _draw: list = field(default_factory=list)

    def _text(self, text: str) -> str:
        fit = drawable(text)
        self.missing |= fit.count(MISSING) > text.count(MISSING)
        return fit

    def paragraph(self, text: str, size: float, bold: bool = False, indent: float = 0.0, room: float | None = None) -> None:
        room = (room or WIDTH - 2 * MARGIN) - indent
        lines = wrap(self._text(text), room, size, bold)
        top, x = self.height, MARGIN + indent
        self._draw.append(lambda fig, H: fig.text(x, H - top, "\n".join(lines), fontsize=size, fontweight="bold" if bold else "normal",
                                                 va="top", linespacing=LEADING, transform=fig.dpi_scale_trans))
        self.height += len(lines) * line_height(size) + 0.06

    def space(self, inches: float) -> None:
        self.height += inches

    def legend(self, entries: list[tuple[callable, str]]) -> None:
        """Entries of (a function drawing the mark's sample in a box of inches, text), flowing left to right."""
        size, sample, x, top, tallest = SIZES["note"], 0.42, MARGIN, self.height, 1
        room = WIDTH - 2 * MARGIN - sample - GAP
        for draw_sample, text in entries:
            lines = wrap(self._text(text), room, size)
            need = sample + GAP + max(width(t, size) for t in lines) + 0.25
            if x > MARGIN and x + need > WIDTH - MARGIN:  # the next line of the legend
                x, top, tallest = MARGIN, top + line_height(size) * tallest + 0.04, 1
            tallest = max(tallest, len(lines))
            self._draw.append(functools.partial(_legend_entry, draw_sample, x, top, sample, lines, size))
            x += need
        self.height = top + line_height(size) * tallest + 0.12

    def panels(self, panels: list[Panel]) -> None:
        """Panels one under another, their label, axis and value columns aligned."""
        size = SIZES["row"]
        labels = [row.label for panel in panels for row in panel.rows]
        values = [row.value for panel in panels for row in panel.rows]
        left = min(max([width(self._text(t), size) for t in labels] + [0.6]), 2.6)
        right = min(max([width(self._text(t), size) for t in values] + [0.6]), 2.6)
        axis = WIDTH - 2 * MARGIN - left - right - 2 * GAP
        if axis < 2.6:  # long labels: both columns give up room to the axis
            spare = (WIDTH - 2 * MARGIN - 2 * GAP - 2.6) / (left + right)
            left, right, axis = left * spare, right * spare, 2.6
        for panel in panels:
            self.paragraph(panel.heading, SIZES["heading"], bold=True)
            self._panel(panel, left, axis, right)

    def _panel(self, panel: Panel, left: float, axis: float, right: float) -> None:
        size, line = SIZES["row"], line_height(SIZES["row"])
        rows = [(wrap(self._text(r.label), left, size), wrap(self._text(r.value), right, size), r.mark) for r in panel.rows]
        heights = [max(len(a), len(b)) * line + 0.1 for a, b, _ in rows]
        centres = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
        top, tall = self.height, sum(heights)
        x_axis, x_value = MARGIN + left + GAP, MARGIN + left + GAP + axis + GAP
        for (label, value, _), centre in zip(rows, centres):
            for x, lines, align in ((MARGIN + left, label, "right"), (x_value, value, "left")):
                self._draw.append(functools.partial(_lines, x, top + centre, lines, size, align))
        if panel.scale is None:
            self.height += tall + 0.1
            return
        marks = [(mark, centre) for (_, _, mark), centre in zip(rows, centres) if mark is not None]
        low, high, ticks = _axis(panel, [m for m, _ in marks], axis)
        labels = _tick_labels(ticks, panel.unit)
        below = line_height(SIZES["tick"]) + 0.08
        axis_label = wrap(self._text(panel.axis), axis + right, SIZES["tick"])
        self._draw.append(functools.partial(_axes, x_axis, top, axis, tall, panel, marks, centres, low, high, ticks, labels))
        self._draw.append(functools.partial(_lines, x_axis, top + tall + below + line_height(SIZES["tick"]) / 2,
                                            axis_label, SIZES["tick"], "left", va="top"))
        self.height += tall + below + len(axis_label) * line_height(SIZES["tick"]) + 0.3

    def table(self, columns: dict[str, float], rows: list[list[str]], tinted: list[bool], tint: str) -> None:
        """A table of ``columns`` (heading: inches), a header row in bold, each cell wrapped to its column."""
        size, line = SIZES["row"], line_height(SIZES["row"])
        scale = (WIDTH - 2 * MARGIN) / sum(columns.values())  # the columns fill the page
        widths = [w * scale for w in columns.values()]
        lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]
        for cells, shade, bold in [(list(columns), None, True)] + [(r, tint if t else None, False) for r, t in zip(rows, tinted)]:
            wrapped = [wrap(self._text(str(cell)), w - 0.08, size, bold) for cell, w in zip(cells, widths)]
            tall = max(len(lines) for lines in wrapped) * line + 0.08
            top = self.height
            self._draw.append(functools.partial(_table_row, lefts, widths, top, tall, wrapped, size, bold, shade))
            self.height += tall
        self.height += 0.15

    def figure(self) -> Figure:
        height = self.height + MARGIN
        fig = Figure(figsize=(WIDTH, height))
        for draw in self._draw:
            draw(fig, height)
        return fig


def _lines(x: float, centre: float, lines: list[str], size: float, align: str, fig: Figure, H: float, va: str = "center") -> None:
    fig.text(x, H - centre, "\n".join(lines), fontsize=size, ha=align, va=va, linespacing=LEADING, transform=fig.dpi_scale_trans,
             multialignment=align)


def _table_row(lefts, widths, top: float, tall: float, cells: list[list[str]], size: float, bold: bool, shade: str | None,
               fig: Figure, H: float) -> None:
    for left, room, lines in zip(lefts, widths, cells):
        fig.add_artist(Rectangle((left, H - top - tall), room, tall, transform=fig.dpi_scale_trans, facecolor=shade or "none",
                                 edgecolor="#999999", linewidth=0.5))
        fig.text(left + 0.04, H - top - 0.04, "\n".join(lines), fontsize=size, fontweight="bold" if bold else "normal", va="top",
                 linespacing=LEADING, transform=fig.dpi_scale_trans)


def _legend_entry(draw_sample, x: float, top: float, sample: float, lines: list[str], size: float, fig: Figure, H: float) -> None:
    middle = H - top - line_height(size) / 2
    draw_sample(fig, x, middle, sample)
    fig.text(x + sample + GAP, H - top, "\n".join(lines), fontsize=size, va="top", linespacing=LEADING, transform=fig.dpi_scale_trans)


def _axis(panel: Panel, marks: list[Mark], room: float) -> tuple[float, float, list[float]]:
    """The axis's limits and ticks in the data's unit: decades on a log axis, round steps from zero on a linear one."""
    values = [v for m in marks for v in (m.x, m.high) if v is not None and v > 0] or [1.0]
    if panel.threshold:
        values.append(panel.threshold[0])
    if panel.scale == "log":
        low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
        low, high = (low - 1, high + 1) if high - low < 2 else (low, high + (max(values) > 10 ** (high - 0.3)))
        for step in range(1, high - low + 1):  # as many decades labelled as fit side by side
            ticks = [10.0 ** e for e in range(low, high + 1, step)]
            if _fits(ticks, panel.unit, room, 10.0 ** low, 10.0 ** high, log=True):
                return 10.0 ** low, 10.0 ** high, ticks
        return 10.0 ** low, 10.0 ** high, [10.0 ** low, 10.0 ** high]
    top = max(values) * 1.2 / panel.unit
    for count in (6, 5, 4, 3, 2):
        step = _round_step(top / count)
        ticks = [i * step * panel.unit for i in range(0, int(top / step) + 2)]
        if _fits(ticks, panel.unit, room, 0.0, ticks[-1], log=False):
            return 0.0, ticks[-1], ticks
    return 0.0, ticks[-1], [0.0, ticks[-1]]


def _round_step(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _fits(ticks: list[float], unit: float, room: float, low: float, high: float, log: bool) -> bool:
    """Whether the tick labels stand side by side on an axis ``room`` inches long without touching."""
    place = (lambda v: (math.log10(v) - math.log10(low)) / (math.log10(high) - math.log10(low))) if log else (lambda v: (v - low) / (high - low))
    spans = [(place(v) * room - w / 2, place(v) * room + w / 2) for v, w in zip(ticks, (width(t, SIZES["tick"]) for t in _tick_labels(ticks, unit)))]
    return all(a[1] + 0.08 < b[0] for a, b in zip(spans, spans[1:]))


def _tick_labels(ticks: list[float], unit: float) -> list[str]:
    return [plain_number(v / unit) for v in ticks]


def _axes(x: float, top: float, room: float, tall: float, panel: Panel, marks, centres, low: float, high: float, ticks, labels,
          fig: Figure, H: float) -> None:
    from .marks import draw  # the marks draw on the axes this module places

    ax = fig.add_axes((x / WIDTH, (H - top - tall) / H, room / WIDTH, tall / H))
    ax.set_xscale("log" if panel.scale == "log" else "linear")
    ax.set_xlim(low, high)
    ax.set_ylim(tall, 0)
    ax.set_yticks([])
    ax.set_xticks(ticks, labels, fontsize=SIZES["tick"])
    ax.xaxis.set_minor_locator(NullLocator())  # a log axis's minor labels would be e-notation
    ax.spines[["top", "right", "left"]].set_visible(False)
    for centre in centres:
        ax.axhline(centre, color=GRID, linewidth=0.6, zorder=0)
    if panel.threshold:
        ax.axvline(panel.threshold[0], color=INK, linestyle="--", linewidth=0.8)
    for mark, centre in marks:
        draw(ax, mark, centre, low, high)


def sample_line(fig: Figure, x0: float, y: float, x1: float, **style) -> None:
    fig.add_artist(Line2D([x0, x1], [y, y], transform=fig.dpi_scale_trans, **style))
