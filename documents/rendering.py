"""Markdown to sanitised HTML, done once at save time.

Python-Markdown passes raw HTML and ``javascript:`` links through, so its output is
cleaned with nh3 against an explicit allow-list; only http(s), mailto and relative URLs
survive. The body length is capped before rendering because pathological inputs
(``'[' * 20000``) take tens of seconds to render, so long texts render in a worker
process that is killed past a deadline.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
import unicodedata
from multiprocessing.pool import Pool

import markdown
import nh3

from documents.i18n import N_, Explained
from documents.models import BODY_MAX
from documents.text import strip_controls, unsafe_url

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s",
        "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
# Python-Markdown has inputs whose cost grows with the square of their length
# ('[' * 4000 takes ~2 s, '<a ' * 66666 minutes). Short texts render in-process, where
# the worst case stays near half a second; longer ones in a worker process with a deadline.
INLINE_LIMIT = 2_000
RENDER_TIMEOUT_S = 5.0

_pool: Pool | None = None
_pool_lock = threading.Lock()


class BodyTooLong(Explained, ValueError):
    """The text is longer than the portal accepts."""

    def __init__(self, length: int, limit: int = BODY_MAX) -> None:
        super().__init__(
            N_("Nội dung dài %(length)s ký tự, vượt giới hạn %(limit)s ký tự."),
            length=length,
            limit=limit,
        )
        self.length = length
        self.limit = limit


class BodyTooComplex(Explained, ValueError):
    """Rendering the text did not finish within the deadline."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "Nội dung có cấu trúc quá phức tạp để hiển thị (ví dụ hàng nghìn dấu ngoặc "
                "không đóng). Vui lòng rút gọn hoặc chia nhỏ văn bản."
            )
        )


def normalise_text(text: str) -> str:
    """NFC, Unix line ends and no control characters but tab and newline: the form every
    stored text takes."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text)


URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src"})


def _checked_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Values arrive with character references decoded: ``java&#1;script:`` is seen here
    # as "java\x01script:", which nh3 would keep as a relative address.
    if attribute in URL_ATTRIBUTES:
        return None if unsafe_url(value) else value
    return strip_controls(value)


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; refuse link addresses with
    control characters; drop the control characters character references produce."""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_checked_attribute,
    )
    return strip_controls(cleaned)


def _markdown_to_html(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")


def _shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.terminate()
            _pool.join()
            _pool = None


def _render_with_deadline(text: str, timeout: float) -> str:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = multiprocessing.get_context("spawn").Pool(processes=1)
        pending = _pool.apply_async(_markdown_to_html, (text,))
    try:
        return pending.get(timeout=timeout)
    except multiprocessing.TimeoutError:
        _shutdown_pool()  # the worker is stuck in the regex engine: only killing stops it
        raise BodyTooComplex() from None


atexit.register(_shutdown_pool)


def render_markdown(text: str, *, timeout: float = RENDER_TIMEOUT_S) -> str:
    """Sanitised HTML for Markdown ``text``.

    Raises BodyTooLong past the size cap and BodyTooComplex past the time limit.
    """
    text = normalise_text(text)
    if len(text) > BODY_MAX:
        raise BodyTooLong(len(text))
    if len(text) <= INLINE_LIMIT:
        html = _markdown_to_html(text)
    else:
        html = _render_with_deadline(text, timeout)
    return sanitise_html(html)
