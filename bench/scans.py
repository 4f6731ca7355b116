"""Pages rendered from text as a scanner would give them, for the OCR tests and benchmark.

A4 pages set in DejaVu Serif 13 pt (Debian's fonts-dejavu-core), optionally turned by a
small angle with speckle noise and a little blur, as an office scanner gives them; saved
as PNG or gathered into an image-only PDF (a scan without a text layer).
"""

from __future__ import annotations

import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
A4_INCHES = (8.27, 11.69)


def font_path() -> Path:
    path = FONT_DIR / "DejaVuSerif.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing (Debian package fonts-dejavu-core)")
    return path


def render_pages(text: str, dpi: int = 300, *, max_pages: int | None = None) -> list[Image.Image]:
    """``text`` set on A4 pages at ``dpi``, black on white, one paragraph per line block."""
    width, height = (round(side * dpi) for side in A4_INCHES)
    font = ImageFont.truetype(str(font_path()), size=round(13 * dpi / 72))
    margin = round(0.9 * dpi)
    line_height = round(font.size * 1.45)
    chars = int((width - 2 * margin) / (font.getlength("n") * 1.02))
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines += textwrap.wrap(paragraph, chars) if paragraph.strip() else [""]
    per_page = (height - 2 * margin) // line_height
    pages = []
    for start in range(0, max(len(lines), 1), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for row, line in enumerate(lines[start : start + per_page]):
            draw.text((margin, margin + row * line_height), line, font=font, fill=0)
        pages.append(page)
        if max_pages is not None and len(pages) == max_pages:
            break
    return pages


def page_lines(text: str, dpi: int = 300, pages: int = 1) -> str:
    """The text that ``render_pages(text, dpi, max_pages=pages)`` shows, line by line."""
    width = round(A4_INCHES[0] * dpi)
    font = ImageFont.truetype(str(font_path()), size=round(13 * dpi / 72))
    margin = round(0.9 * dpi)
    chars = int((width - 2 * margin) / (font.getlength("n") * 1.02))
    height = round(A4_INCHES[1] * dpi)
    per_page = (height - 2 * margin) // round(font.size * 1.45)
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines += textwrap.wrap(paragraph, chars) if paragraph.strip() else [""]
    return "\n".join(lines[: per_page * pages])


def degrade(page: Image.Image, *, angle: float, noise: float, seed: int = 18) -> Image.Image:
    """``page`` turned by ``angle`` degrees, with ``noise`` of its pixels flipped to grey
    specks and a slight blur, as a worn office scan."""
    rng = random.Random(seed)
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    turned = turned.filter(ImageFilter.GaussianBlur(0.6))
    pixels = turned.load()
    width, height = turned.size
    for _ in range(int(width * height * noise)):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 160, 255))
    return turned


def as_png(page: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    page.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def as_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF: what a scanner without OCR writes."""
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()
