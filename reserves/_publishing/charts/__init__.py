"""The charts' parts: what every chart shares (base), charts of figures (reported, compare), of counts (counts).

``reserves.charts`` is their public face.
"""
