"""What every chart shares: style, title, source line, caveat footnote, flag marks, saving.

Caveats and mark legends are generated from the plotted rows' flags and from
flags.csv, never typed here.
"""

import base64
import functools
import io
import textwrap
from html import escape
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..._analysis.wording import as_reported
from ..._tables import vocabularies

STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, so every machine draws the same glyphs
    "font.size": 9,
    "svg.fonttype": "none",  # text stays text: searchable, readable by a screen reader
    "text.parse_math": False,  # '$5 and $6' in a name or quote is text, never mathtext
    "svg.hashsalt": "reserves",  # fixed ids, so the same data gives the same bytes
    "hatch.linewidth": 0.8,
}
WIDTH = 9.0  # inches
WRAP = 120  # characters per footnote line
LINE = 0.145  # inches per footnote line (7.5 pt type, 1.35 line spacing)
FLAGGED = {"hatch": "////", "edgecolor": "#333333", "linewidth": 0.8}
PLAIN = {"edgecolor": "#333333", "linewidth": 0.8}


def clause(rows: pd.DataFrame, flag: str, **values) -> str:
    """The caveat clause of ``flag`` in the flags the rows were loaded with, filled with ``values``."""
    return vocabularies.of(rows, "a chart")["flags"].set_index("flag")["caveat"][flag].format_map(values)


def in_the_ground(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures of a quantity in the ground, in tonnes or in a unit no one can convert: what a tonnes axis may show."""
    return figures[(figures["in_situ"] == "yes") & figures["dimension"].isin(["mass", "unknown"])]


def dates(rows: pd.DataFrame) -> pd.Series:
    """Each row's source date as text, as precise as known."""
    return rows["source_date"].astype(object).fillna("date unknown")


def source_line(rows: pd.DataFrame) -> str:
    """'Source: claimant, reported by publisher (date)' for every claim plotted."""
    who = rows["claimant"].fillna(rows["claimant_name"].astype(object)).astype(object).fillna("unattributed")
    cited = pd.DataFrame({"claimant": who, "publisher": rows["publisher"], "date": dates(rows)}).drop_duplicates()
    parts = [f"{row.claimant}, reported by {row.publisher} ({row.date})" for row in cited.itertuples()]
    return "Source: " + "; ".join(parts) + "."


def caveat_lines(rows: pd.DataFrame, labels: pd.Series) -> list[str]:
    """One footnote line per distinct caveat of the plotted rows, naming the rows it applies to."""
    lines = []
    for caveat, group in labels.groupby(rows["caveat"].astype(object), sort=False):
        if caveat:
            lines.append(f"• {', '.join(dict.fromkeys(group))}: {caveat}")
    return lines


def off_axis(rows: pd.DataFrame, named_by: str) -> list[str]:
    """Footnotes naming each figure that cannot sit on a tonnes axis, so none goes missing silently."""
    missing = rows[rows["value_t"].isna()]
    return [f"Not on the axis: {text} ({who}): the unit cannot be put in tonnes."
            for text, who in zip(as_reported(missing), missing[named_by])]


def new_figure(title: str, rows: pd.DataFrame, labels: pd.Series, notes: list[str], height: float,
               marks: list[tuple[dict, str]]) -> Figure:
    """A figure with a title and a legend of marks at the top, the source and caveats at the bottom."""
    footer = [textwrap.fill(source_line(rows), WRAP, break_on_hyphens=False)]
    footer += [textwrap.fill(line, WRAP, subsequent_indent="   ", break_on_hyphens=False) for line in notes + caveat_lines(rows, labels)]
    text = "\n".join(footer)
    foot, head = LINE * (text.count("\n") + 2), 0.95
    fig = Figure(figsize=(WIDTH, height + foot + head + 0.3))
    total = fig.get_figheight()
    fig.subplots_adjust(left=0.3, right=0.95, top=1 - head / total, bottom=(foot + 0.45) / total)
    fig.text(0.02, 1 - 0.15 / total, title, fontsize=12, fontweight="bold", va="top")
    fig.text(0.02, 0.1 / total, text, fontsize=7.5, va="bottom", linespacing=1.35)
    handles = [Patch(label=label, **{"facecolor": "white", **style}) for style, label in marks]
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.015, 1 - 0.4 / total), ncol=len(handles),
                   fontsize=7.5, frameon=False, handlelength=1.6, columnspacing=1.5)
    fig.alt_text = f"{title}. {' '.join(footer)}"
    return fig


def flag_marks(ambiguous: pd.Series, noun: str = "figure") -> list[tuple[dict, str]]:
    """Legend entries for the hatched (flagged) and plain marks that ``ambiguous`` uses."""
    entries = []
    if ambiguous.any():
        entries.append((FLAGGED, f"hatched: the {noun} carries flags (caveats below)"))
    if not ambiguous.all():
        entries.append((PLAIN, "plain: no flag"))
    return entries


def rows_axis(ax, labels: list[str], fontsize: float = 9) -> None:
    """One labelled row per bar, top to bottom, without the top and right frame."""
    ax.set_yticks(range(len(labels)), labels, fontsize=fontsize)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.spines[["top", "right"]].set_visible(False)


def label(ax, x: float, y: float, text: str) -> None:
    """Text just right of a bar's end (an offset, since SVG viewers collapse leading spaces)."""
    ax.annotate(text, (x, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)


def save(fig: Figure, out: Path, name: str) -> list[Path]:
    """Write ``name``.svg and ``name``.png, byte for byte the same for the same data.

    Examples
    --------
    >>> import reserves, tempfile
    >>> from pathlib import Path
    >>> from reserves import charts
    >>> with tempfile.TemporaryDirectory() as out:
    ...     [p.name for p in charts.save(charts.deposit_counts(reserves.load_counts()), Path(out), "counts")]
    ['counts.svg', 'counts.png']
    """
    out.mkdir(parents=True, exist_ok=True)
    title = fig.texts[0].get_text()
    with mpl.rc_context(STYLE):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(out / f"{name}.png", dpi=150, metadata={"Software": None})
    svg = buffer.getvalue()
    start = svg.index(">", svg.index("<svg")) + 1
    svg = svg[:start] + f"\n <title>{escape(title)}</title>\n <desc>{escape(fig.alt_text)}</desc>" + svg[start:]
    (out / f"{name}.svg").write_text(svg, encoding="utf-8")
    return [out / f"{name}.svg", out / f"{name}.png"]


def styled(chart):
    """Draw ``chart`` in the package style, whatever the caller's matplotlib settings."""

    @functools.wraps(chart)
    def draw(*args, **kwargs):
        with mpl.rc_context():
            mpl.rcdefaults()
            mpl.rcParams.update(STYLE)
            return chart(*args, **kwargs)

    return draw


class Shown:
    """A saved chart as a notebook shows it: the PNG, with the chart's description as alt text."""

    def __init__(self, png: Path, alt: str):
        self.png, self.alt = png, alt

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png.read_bytes()).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}" style="max-width:100%">'


def show(fig: Figure, out: Path, name: str) -> Shown:
    """Save ``fig`` as ``name``.svg and .png in ``out`` and return it for a notebook to display.

    Examples
    --------
    >>> import reserves, tempfile
    >>> from pathlib import Path
    >>> from reserves import charts
    >>> with tempfile.TemporaryDirectory() as out:
    ...     shown = charts.show(charts.deposit_counts(reserves.load_counts()), Path(out), "counts")
    ...     shown._repr_html_().startswith('<img src="data:image/png;base64,')
    True
    """
    save(fig, out, name)
    return Shown(out / f"{name}.png", fig.alt_text)
