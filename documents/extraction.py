"""The child process that extracts text from an uploaded file.

Run as ``python -m documents.extraction KIND MEMORY_BYTES`` with the file on stdin; it
prints one JSON object ``{"text": …}`` or ``{"error": …}``, the error a message stored as
``documents.i18n.dump`` keeps it (shown in the reader's language). The memory limit is set
before any parser is imported, so a decompression bomb ends in MemoryError (or the
child being killed) instead of taking the server down; the parent enforces the time
limit. Only the standard library, the file parsers and ``documents.i18n`` (itself only
the standard library) are imported here.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from documents.i18n import N_, Message, dump, message

if TYPE_CHECKING:  # the parsers are imported only when a file is read (see above)
    from docx.blkcntnr import BlockItemContainer
    from docx.document import Document as DocxDocument

TEXT_MAX = 2_000_000  # characters kept of an extracted text
ZIP_MEMBER_MAX = 50 * 1024 * 1024  # declared uncompressed size of one member
ZIP_TOTAL_MAX = 100 * 1024 * 1024
ZIP_RATIO_MAX = 200
PAGES_MAX = 300  # pages of a PDF or multi-page TIFF read at all (OCR has its own limit)
PAGE_TEXT_MIN = 20  # a page with fewer characters of text is taken for a scan
IMAGE_PIXELS_MAX = 80_000_000  # an A3 page scanned at 600 dpi is about 70 million pixels

ENCRYPTED = Message(
    N_(
        "Tệp PDF được đặt mật khẩu nên không đọc được nội dung. Hãy gửi bản không đặt mật "
        "khẩu nếu cần tìm kiếm theo nội dung tệp."
    )
)
BOMB = Message(
    N_(
        "Tệp nén bên trong có dung lượng giải nén bất thường (có thể là “bom nén”) nên không "
        "được đọc. Hãy lưu lại tệp bằng Word/Excel rồi gửi lại."
    )
)

TOO_MANY_PAGES = N_(
    "Tệp có %(pages)s trang, vượt giới hạn %(limit)s trang nên không được đọc. Hãy tách "
    "thành các tệp nhỏ hơn rồi gửi lại."
)
IMAGE_TOO_LARGE = N_(
    "Ảnh quá lớn (hơn %(limit)s triệu điểm ảnh một trang) nên không được nhận. Hãy quét lại "
    "ở độ phân giải 300 dpi."
)
BROKEN_IMAGE = N_("Tệp ảnh bị hỏng hoặc không đúng định dạng PNG, JPEG, TIFF (%(detail)s).")


class Refused(Exception):
    """A file whose text is not extracted; ``message`` is shown to the user."""

    def __init__(self, why: Message) -> None:
        super().__init__(str(why))
        self.message = why


def _check_zip(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > ZIP_MEMBER_MAX
            or total > ZIP_TOTAL_MAX
            or (info.file_size > 1024 * 1024 and ratio > ZIP_RATIO_MAX)
        ):
            raise Refused(BOMB)
    return archive


class Read(str):
    """Extracted text that also says how many pages have no text layer (scans to OCR)."""

    scanned: int

    def __new__(cls, text: str, scanned: int = 0) -> Read:
        read = super().__new__(cls, text)
        read.scanned = scanned
        return read


def _image(data: bytes) -> str:
    """An image has no text until OCR reads it; here it is only checked: a known format,
    at most IMAGE_PIXELS_MAX pixels a page (Pillow's decompression-bomb guard, tightened and
    made an error), at most PAGES_MAX pages (a multi-page TIFF), and decodable."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = IMAGE_PIXELS_MAX
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "TIFF")) as image:
                pages = getattr(image, "n_frames", 1)
                if pages > PAGES_MAX:
                    raise Refused(message(TOO_MANY_PAGES, pages=pages, limit=PAGES_MAX))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(message(IMAGE_TOO_LARGE, limit=IMAGE_PIXELS_MAX // 1_000_000)) from None
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise Refused(message(BROKEN_IMAGE, detail=type(error).__name__)) from None
    return Read("", pages)


def _has_image(holder: Mapping[str, Any], depth: int = 0) -> bool:
    """Whether a page draws an image, itself or in a form it draws (a blank page has
    nothing to recognise)."""
    resources = holder.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    for name in xobjects:
        xobject = xobjects[name].get_object()
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and depth < 3 and _has_image(xobject, depth + 1):
            return True
    return False


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Refused(ENCRYPTED)
            except (FileNotDecryptedError, NotImplementedError):
                raise Refused(ENCRYPTED) from None
        pages = len(reader.pages)
        if pages > PAGES_MAX:
            raise Refused(message(TOO_MANY_PAGES, pages=pages, limit=PAGES_MAX))
        parts = []
        size = 0
        scanned = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            scanned += len(text.strip()) < PAGE_TEXT_MIN and _has_image(page)
            parts.append(text)
            size += len(text)
            if size > TEXT_MAX:
                break
        return Read("\n\n".join(parts), scanned)
    except FileNotDecryptedError:
        raise Refused(ENCRYPTED) from None
    except PdfReadError as error:
        raise Refused(
            message(N_("Tệp PDF bị hỏng hoặc không đúng chuẩn (%(detail)s)."), detail=str(error))
        ) from None


def _docx_blocks(container: DocxDocument | BlockItemContainer, depth: int = 0) -> list[str]:
    """The text blocks of a document body or a table cell in reading order: one block per
    run of paragraphs, one per table cell (a merged cell once), nested tables inside out."""
    from docx.table import Table

    blocks: list[str] = []
    lines: list[str] = []
    for item in container.iter_inner_content():
        if not isinstance(item, Table):
            if depth == 0:  # a paragraph of the body is a block of its own
                blocks.append(item.text)
            else:
                lines.append(item.text)
            continue
        if lines:
            blocks.append("\n".join(lines))
            lines = []
        if depth > 8:  # Word itself nests no deeper in practice; a crafted file may
            continue
        seen: set[int] = set()
        for row in item.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                blocks.extend(_docx_blocks(cell, depth + 1))
    if lines:
        blocks.append("\n".join(lines))
    return blocks


def _docx(data: bytes) -> str:
    _check_zip(data)
    import docx

    document = docx.Document(io.BytesIO(data))
    blocks = ("\n".join(x for x in b.split("\n") if x.strip()) for b in _docx_blocks(document))
    return "\n\n".join(b for b in blocks if b)


def _xlsx(data: bytes) -> str:
    _check_zip(data)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if v is not None]
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def _odt(data: bytes) -> str:
    archive = _check_zip(data)
    # defusedxml refuses DTDs with entities (billion laughs, XXE) instead of expanding them.
    from defusedxml import ElementTree

    root = ElementTree.fromstring(archive.read("content.xml"))
    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    parts = []
    for element in root.iter():
        if element.tag in (f"{text_ns}p", f"{text_ns}h"):
            parts.append("".join(element.itertext()))
    return "\n\n".join(p for p in parts if p.strip())


def decode_text(data: bytes) -> str:
    """A plain text file: UTF-8 (with or without BOM), else the Vietnamese Windows code page."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


EXTRACTORS = {
    "pdf": _pdf,
    "docx": _docx,
    "xlsx": _xlsx,
    "odt": _odt,
    "txt": decode_text,
    "png": _image,
    "jpeg": _image,
    "tiff": _image,
}


def main() -> None:
    kind, memory = sys.argv[1], int(sys.argv[2])
    if memory > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    try:
        text = EXTRACTORS[kind](data)
        result = {"text": text[:TEXT_MAX], "scanned": getattr(text, "scanned", 0)}
    except Refused as refused:
        result = {"error": dump(refused.message)}
    except MemoryError:
        result = {"error": dump(BOMB)}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        broken = N_("Tệp bị hỏng hoặc không đúng định dạng (%(detail)s).")
        result = {"error": dump(message(broken, detail=type(error).__name__))}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
