"""The bare Flask page of the page benchmark: a Jinja page of a given size, no database.

``GET /<size>`` renders ``size`` bytes (about) of escaped HTML through a Jinja template
with a loop, the way a portal page renders its rows; no session, no login, no SQL. It is
the ceiling the portal's pages are measured against in the same run (``bench/pages.py``).
"""

from __future__ import annotations

from flask import Flask, render_template_string

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/app.css"></head>
<body><main><h1>{{ title }}</h1>
<table>{% for row in rows %}<tr><td>{{ loop.index }}</td><td>{{ row }}</td></tr>{% endfor %}
</table></main></body></html>
"""
ROW = "Đảng ủy xã & chi bộ <ấp> khu phố"

app = Flask(__name__)


@app.get("/<int:size>")
def page(size: int) -> str:
    # Each row renders to about 80 bytes once escaped and wrapped.
    rows = [ROW] * max(1, min(size, 2_000_000) // 80)
    return render_template_string(PAGE, title="Trang đối chứng", rows=rows)
