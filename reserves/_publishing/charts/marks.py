"""The marks of a figure on an axis: one per way its wording bounds it, drawn alike in every chart.

The kind of a qualifier is read from qualifiers.csv, so a folder's own qualifier ('nearly') takes its mark from its
row: the least and greatest values it allows both the value, exact; only a least, a lower bound; only a greatest,
an upper bound; a greatest of value_high, a range; neither, approximate. Colour says one thing everywhere: whether
the figure carries caveats. A legend lists only the marks its chart uses.
"""

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from .layout import INK, sample_line

KINDS = ["exact", "approximate", "lower bound", "upper bound", "range"]
FLAGGED, PLAIN = "#e0a030", "#7a7a7a"
SHAPES = {"exact": ("o", 6), "approximate": ("D", 5), "lower bound": (">", 6.5), "upper bound": ("<", 6.5), "range": ("|", 9)}
MEANING = {
    "exact": "exact: the figure as the source states it",
    "approximate": "approximate ({words}): the figure is near the mark, how near is not stated",
    "lower bound": "a lower bound ({words}): the figure is at least the mark, perhaps far more",
    "upper bound": "an upper bound ({words}): the figure is at most the mark, perhaps far less",
    "range": "a range ({words}): anywhere from one end to the other",
}


def kinds(qualifiers: pd.DataFrame) -> dict[str, str]:
    """The kind of mark of each qualifier of qualifiers.csv."""
    found = {}
    for row in qualifiers.itertuples():
        lower, upper = pd.notna(row.lower), pd.notna(row.upper)
        found[row.qualifier] = ("range" if upper and row.upper == "value_high" else "exact" if lower and upper
                                else "lower bound" if lower else "upper bound" if upper else "approximate")
    return found


def draw(ax, mark, y: float, low: float, high: float) -> None:
    """Draw ``mark`` at height ``y`` on ``ax``, whose axis runs from ``low`` to ``high``."""
    shape, size = SHAPES[mark.kind]
    colour = FLAGGED if mark.flagged else PLAIN
    if mark.kind == "range":
        ax.plot([mark.x, mark.high], [y, y], color=colour, linewidth=3, solid_capstyle="butt", zorder=2)
        ax.plot([mark.x, mark.high], [y, y], linestyle="none", marker=shape, markersize=size, markeredgewidth=1.4, color=INK, zorder=3)
        return
    if mark.kind in ("lower bound", "upper bound"):  # dotted to the axis's end: nothing is known of where it stops
        end = high if mark.kind == "lower bound" else low
        ax.add_patch(FancyArrowPatch((mark.x, y), (end, y), arrowstyle="-|>", mutation_scale=8, linestyle=(0, (2, 2)),
                                     color=INK, linewidth=0.8, shrinkA=0, shrinkB=0, zorder=2))
    ax.plot([mark.x], [y], linestyle="none", marker=shape, markersize=size, color=colour, markeredgecolor=INK,
            markeredgewidth=0.7, zorder=3)


def legend(used: list[tuple[str, bool]], words: dict[str, list[str]]) -> list[tuple[callable, str]]:
    """Legend entries for the (kind, flagged) pairs a chart draws, kinds first, then colours; ``words`` names the
    qualifiers of each kind the chart uses."""
    entries = []
    for kind in KINDS:
        if any(k == kind for k, _ in used):
            quoted = ", ".join(f"'{w}'" for w in words.get(kind, []))
            entries.append((_sample(kind, "white"), MEANING[kind].format(words=quoted)))  # the shape alone: colour says another thing
    for flagged, text in ((True, "orange: the figure carries caveats (below)"), (False, "grey: the figure carries no caveat")):
        if any(f == flagged for _, f in used):
            entries.append((_swatch(FLAGGED if flagged else PLAIN), text))
    return entries


def threshold(text: str) -> tuple[callable, str]:
    """A legend entry for a dashed line across an axis."""
    return _dashed, f"dashed line: {text}"


def _dashed(fig, x: float, y: float, w: float) -> None:
    fig.add_artist(Line2D([x + w / 2] * 2, [y - 0.08, y + 0.08], transform=fig.dpi_scale_trans, color=INK, linestyle="--", linewidth=0.8))


def _swatch(colour: str):
    """A square of a colour: what colour means, apart from any mark's shape."""
    return lambda fig, x, y, w: sample_line(fig, x + 0.1, y, x + 0.1, marker="s", markersize=6, color=colour, markeredgecolor=INK,
                                            markeredgewidth=0.7)


def _sample(kind: str, colour: str):
    shape, size = SHAPES[kind]

    def draw_sample(fig, x: float, y: float, w: float) -> None:
        at = x + 0.1
        if kind == "range":
            sample_line(fig, at, y, x + w - 0.05, color=colour, linewidth=3, solid_capstyle="butt")
            for end in (at, x + w - 0.05):
                sample_line(fig, end, y, end, marker=shape, markersize=size, markeredgewidth=1.4, color=INK)
            return
        if kind in ("lower bound", "upper bound"):
            start, end = (at, x + w) if kind == "lower bound" else (x + w - 0.1, x)
            at = start
            fig.add_artist(FancyArrowPatch((start, y), (end, y), arrowstyle="-|>", mutation_scale=8, linestyle=(0, (2, 2)), color=INK,
                                           linewidth=0.8, shrinkA=0, shrinkB=0, transform=fig.dpi_scale_trans))
        sample_line(fig, at, y, at, marker=shape, markersize=size, color=colour, markeredgecolor=INK, markeredgewidth=0.7)

    return draw_sample
