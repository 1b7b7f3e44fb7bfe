"""The report: one static page that people read, with every chart, its sources and caveats, and every figure.

The page needs nothing but the chart files beside it: no script, no font or style sheet from
the network. Tables wrap their text to the width of the window, so the caveat and the quote of
every figure stay in view at 1280 px; numbers stand as the data holds them, and each figure
links to its source.
"""

from html import escape
from pathlib import Path

import pandas as pd

from .._analysis.wording import claimants, written
from .._tables import vocabularies

STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;padding:1em 2em;max-width:1240px;color:#222}
nav a{margin-right:1.2em}
figure{margin:2.5em 0;border-top:1px solid #ccc;padding-top:1em}
figure img{max-width:100%;height:auto}
figcaption p{margin:.3em 0;font-size:.92em}
table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:.86em}
th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3}
td.number{font-variant-numeric:tabular-nums}
tr.flagged td:first-child{border-left:4px solid #c77d00}
blockquote{margin:0;font-style:italic}
"""
FIGURE_COLUMNS = {"place": 10, "commodity": 7, "measure": 7, "as reported": 10, "qualifier": 6, "caveat": 24, "quote": 22, "source": 14}
COUNT_COLUMNS = {"scope": 16, "commodity": 9, "number": 6, "qualifier": 7, "part of": 8, "caveat": 24, "quote": 18, "source": 12}


def write(out: Path, figures: pd.DataFrame, counts: pd.DataFrame) -> Path:
    """Write ``out/report/index.html`` for the charts in ``out`` and the loaded figures and counts; return its path."""
    sources = vocabularies.of(figures, "the report")["sources"].set_index("source_id")
    charts = {path: path.read_text(encoding="utf-8") for path in sorted(out.glob("*.svg"))}  # each read once
    body = [
        "<h1>Reported figures about mineral deposits</h1>",
        "<p>Every figure as its source reports it, with what it leaves unknown. The caveats are generated from the data's "
        "flags; no reading of an uncertain figure is chosen here.</p>",
        '<nav><a href="#charts">Charts</a><a href="#figures">Figures</a><a href="#counts">Counts</a></nav>',
        '<h2 id="charts">Charts</h2><ul>' + "".join(f'<li><a href="#{escape(p.stem)}">{escape(_title(svg))}</a></li>'
                                                   for p, svg in charts.items()) + "</ul>",
        *(_chart(path, svg) for path, svg in charts.items()),
        f'<h2 id="figures">Every figure as reported ({len(figures)})</h2>',
        _table(FIGURE_COLUMNS, [_figure_cells(row, who, sources) for row, who in zip(figures.itertuples(), claimants(figures))],
               figures["ambiguous"]),
    ]
    if len(counts):  # a folder of figures only has no counts
        body += [f'<h2 id="counts">Every count of deposits as reported ({len(counts)})</h2>',
                 _table(COUNT_COLUMNS, [_count_cells(row, who, sources) for row, who in zip(counts.itertuples(), claimants(counts))],
                        counts["ambiguous"])]
    page = out / "report" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">'
                    f"<title>reserves: report</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n",
                    encoding="utf-8")
    return page


def _desc(svg: str) -> str:
    """The chart's own description (title, source line, caveats), as the SVG keeps it: escaped already."""
    return svg.split("<desc>", 1)[1].split("</desc>", 1)[0]


def _title(svg: str) -> str:
    return svg.split("<title>", 1)[1].split("</title>", 1)[0].replace("&amp;", "&")


def _chart(path: Path, svg: str) -> str:
    """A chart with its source line and each caveat as a line of text beneath it."""
    desc = _desc(svg)
    lines = desc.split(". Source: ", 1)[-1].split(" • ")
    caption = "".join(f"<p>{'Source: ' if i == 0 else '• '}{line}</p>" for i, line in enumerate(lines))
    return (f'<figure id="{escape(path.stem)}"><img src="../{escape(path.name)}" alt="{desc}">'
            f"<figcaption>{caption}<p><a href=\"../{escape(path.name)}\">{escape(path.name)}</a></p></figcaption></figure>")


def _source(source_id: str, sources: pd.DataFrame) -> str:
    source = sources.loc[source_id]
    date = source["date"] if pd.notna(source["date"]) else "date unknown"
    return f'<a href="{escape(source["url"])}">{escape(source["publisher"])}</a>, {escape(date)}'


def _text(value) -> str:
    return "" if pd.isna(value) else escape(str(value))


def _figure_cells(row, who: str, sources: pd.DataFrame) -> list[str]:
    place = row.deposit if pd.notna(row.deposit) else row.territory
    part = f" ({row.part})" if pd.notna(row.part) else ""
    high = f" to {written(row.value_high_as_written)}" if pd.notna(row.value_high_as_written) else ""
    return [_text(f"{place}{part}"), _text(row.commodity), _text(row.measure),
            f'<span class="number">{escape(written(row.value_as_written))}{escape(high)}</span> {_text(row.unit_reported)}',
            _text(row.qualifier), _text(row.caveat), f"<blockquote>{_text(row.quote)}</blockquote>{_text(who)}",
            _source(row.source_id, sources) + _further(row.also_reported_by, sources)]


def _further(also: str, sources: pd.DataFrame) -> str:
    """The further reports of a claim (citations.csv), each linked."""
    return "" if pd.isna(also) else "; also " + "; ".join(_source(s, sources) for s in also.split(";"))


def _count_cells(row, who: str, sources: pd.DataFrame) -> list[str]:
    return [_text(row.scope), _text(row.commodity), f'<span class="number">{row.number}</span>', _text(row.qualifier),
            _text(row.part_of), _text(row.caveat), f"<blockquote>{_text(row.quote)}</blockquote>{_text(who)}",
            _source(row.source_id, sources)]


def _table(columns: dict[str, int], rows: list[list[str]], flagged: pd.Series) -> str:
    """A table of fixed column widths (parts of 100) that wraps every cell; a flagged row is marked at its left edge."""
    total = sum(columns.values())
    head = "".join(f'<col style="width:{width / total:.1%}">' for width in columns.values())
    names = "".join(f"<th>{escape(name)}</th>" for name in columns)
    body = "".join(f'<tr{" class=flagged" if mark else ""}>' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
                   for cells, mark in zip(rows, flagged.fillna(False)))
    return f"<table><colgroup>{head}</colgroup><thead><tr>{names}</tr></thead><tbody>{body}</tbody></table>"
