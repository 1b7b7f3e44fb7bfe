"""What every chart shares: style, the page it is laid out on, its source line and caveats, safe file names, saving.

Caveats and legends are generated from the plotted rows' flags and from the vocabularies, never typed here.
"""

import base64
import functools
import hashlib
import io
import re
from html import escape
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from ..._analysis.wording import claimants
from ..._tables import vocabularies
from . import marks
from .layout import MISSING, SIZES, Page, Panel

STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, so every machine draws the same glyphs
    "svg.fonttype": "path",  # glyphs as drawn here, in any viewer: the layout measured is the layout shown (<desc> has the text)
    "text.hinting": "no_hinting",  # glyphs advance as measured, unrounded to pixels
    "text.parse_math": False,  # '$5 and $6' in a name or quote is text, never mathtext
    "axes.formatter.use_mathtext": False,
    "svg.hashsalt": "reserves",  # fixed ids, so the same data gives the same bytes
}
SAFE = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*")  # a file name no path, browser or shell reads as more than a name


def file_name(*parts: str) -> str:
    """A chart's file name made from texts of the data: lowercase letters, digits and hyphens, parts joined by '_'.

    A part that is not such a name already is made one, with a short hash of its text, so that two texts never
    give one name ('Pt/Pd' and 'Pt Pd'), and no name climbs out of its folder ('../../pwned').

    Examples
    --------
    >>> from reserves.charts import file_name
    >>> file_name("vejnaly", "gold", "claims"), file_name("../../pwned", "by_deposit")
    ('vejnaly_gold_claims', 'pwned-9397561a_by_deposit')
    """
    named = []
    for part in parts:
        if not SAFE.fullmatch(part):
            slug = re.sub(r"[^a-z0-9]+", "-", part.casefold()).strip("-")
            part = "-".join(filter(None, [slug, hashlib.blake2b(part.encode("utf-8"), digest_size=4).hexdigest()]))
        named.append(part)
    return "_".join(named)


def dates(rows: pd.DataFrame) -> pd.Series:
    """Each row's source date as text, as precise as known."""
    return rows["source_date"].astype(object).fillna("date unknown")


def who_when(rows: pd.DataFrame) -> pd.Series:
    """A claim's short label: its claimant's short name and its source's date."""
    return claimants(rows, short=True) + ", " + dates(rows)


def full_names(rows: pd.DataFrame) -> pd.Series:
    """Each claimant in full: its name, with the source's own words where they say more ('Centerra Gold ('the company')'),
    or the words alone where they hold the name and a role ('Ali Aliyev, Chairman of ...'); an unattributed figure's
    publisher, said to be unattributed."""
    name, said = rows["claimant_name"].astype(object), rows["claimant"].astype(object)
    full = [s if isinstance(s, str) and isinstance(n, str) and n.casefold() in s.casefold() else
            f"{n} ('{s}')" if isinstance(s, str) and isinstance(n, str) else n if isinstance(n, str) else None
            for n, s in zip(name, said)]
    return pd.Series(full, index=rows.index, dtype=object).where(lambda f: f.notna(), claimants(rows))


def source_lines(rows: pd.DataFrame) -> list[str]:
    """'Sources:' with each claimant plotted, in full, and who reported them when."""
    cited = pd.DataFrame({"claimant": full_names(rows), "publisher": rows["publisher"], "date": dates(rows)}).drop_duplicates()
    return ["Sources: " + "; ".join(f"{row.claimant}, reported by {row.publisher} ({row.date})" for row in cited.itertuples()) + "."]


def caveat_lines(rows: pd.DataFrame, labels: pd.Series) -> list[str]:
    """One footnote line per distinct caveat of the plotted rows, naming the rows it applies to."""
    lines = []
    for caveat, group in labels.groupby(rows["caveat"].astype(object), sort=False):
        if caveat:
            lines.append(f"• {', '.join(dict.fromkeys(group))}: {caveat}")
    return lines


def chart(title: str, rows: pd.DataFrame, labels: pd.Series, panels: list[Panel] = (), notes: list[str] = (),
          legend: list = (), table: tuple | None = None) -> Figure:
    """A chart: its title, a legend of the marks it uses, its panels (or a ``table``: the arguments of
    ``Page.table``), then its sources, notes and caveats; ``labels`` name the rows in the caveats."""
    page = Page(title)
    page.paragraph(title, SIZES["title"], bold=True)
    drawn = [row.mark for panel in panels for row in panel.rows if row.mark is not None]
    kinds = marks.kinds(vocabularies.of(rows, "a chart")["qualifiers"]) if "qualifier" in rows else {}
    words = {kind: [q for q in dict.fromkeys(rows["qualifier"].astype(str)) if kinds.get(q) == kind] for kind in marks.KINDS}
    entries = marks.legend([(mark.kind, mark.flagged) for mark in drawn], words) + list(legend)
    if entries:
        page.legend(entries)
    page.space(0.08)
    if table is not None:
        page.table(*table)
    else:
        page.panels(panels)
    footer = source_lines(rows) + list(notes) + caveat_lines(rows, labels)
    for line in footer:
        page.paragraph(line, SIZES["note"], indent=0.0 if line.startswith("Sources") else 0.1)
    if page.missing:
        page.paragraph(f"{MISSING} stands for a character this chart's font cannot draw: the CSVs and the report hold it.", SIZES["note"])
    fig = page.figure()
    fig.title_text = title
    described = [f"{row.label}: {row.value}" for panel in panels for row in panel.rows]
    fig.alt_text = "\n".join([f"{title}.", *footer] + (["Rows: " + "; ".join(described) + "."] if described else []))  # a line each
    return fig


def save(fig: Figure, out: Path, name: str) -> list[Path]:
    """Write ``name``.svg and ``name``.png in ``out``, byte for byte the same for the same data.

    ``name`` is a plain file name (``file_name`` makes one from texts of the data): a name with a path, a dot or
    anything but lowercase letters, digits, '-' and '_' is refused, so no chart is written outside ``out``.

    Examples
    --------
    >>> import reserves, tempfile
    >>> from pathlib import Path
    >>> from reserves import charts
    >>> with tempfile.TemporaryDirectory() as out:
    ...     [p.name for p in charts.save(charts.deposit_counts(reserves.load_counts()), Path(out), "counts")]
    ['counts.svg', 'counts.png']
    """
    if not isinstance(name, str) or not SAFE.fullmatch(name):
        raise ValueError(f"save(): {name!r} is not a plain file name (lowercase letters, digits, '-' and '_'): "
                         "make one with reserves.charts.file_name(...)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with mpl.rc_context(STYLE):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(out / f"{name}.png", dpi=100, metadata={"Software": None})  # 900 px wide: a notebook's width
    svg = buffer.getvalue()
    start = svg.index(">", svg.index("<svg")) + 1
    svg = svg[:start] + f"\n <title>{escape(fig.title_text)}</title>\n <desc>{escape(fig.alt_text)}</desc>" + svg[start:]
    (out / f"{name}.svg").write_text(svg, encoding="utf-8")
    return [out / f"{name}.svg", out / f"{name}.png"]


def styled(draw_chart):
    """Draw ``draw_chart`` in the package style, whatever the caller's matplotlib settings."""

    @functools.wraps(draw_chart)
    def draw(*args, **kwargs):
        with mpl.rc_context():
            mpl.rcdefaults()
            mpl.rcParams.update(STYLE)
            return draw_chart(*args, **kwargs)

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
    return Shown(Path(out) / f"{name}.png", fig.alt_text)
