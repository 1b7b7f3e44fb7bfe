"""Analysis: what an analyst does with loaded frames, never bending a figure: totals that say what they leave out,
readings of uncertain figures as hypotheses, citations, finding a deposit by any name, a readable view.
"""
