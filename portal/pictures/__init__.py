"""The portal's server-rendered SVG pictures (no JavaScript): geometry computed here, drawn
by the templates ``templates/*/_*.svg.html``, which escape every text.

- ``graphs``: a plan's history as a timeline, a document's citation graph;
- ``workflow``: a workflow drawn from its definition (the help page);
- ``buckets``: the bar chart of the coverage matrix's four buckets (follow-up);
- ``textwidth``: the width of a text in the portal's fonts, which the pictures size from.
"""
