"""The child process that recognises the text of a scan (OCR).

Run as ``python -m documents.recognition KIND MEMORY_BYTES SOURCE WORK_DIR LANGUAGE``; it
prints one JSON object: ``{"text": …}`` and, for a PDF, ``"pdf"``: the path of a copy of
SOURCE with a searchable text layer written into WORK_DIR; or ``{"error": …}`` (a stored
``documents.i18n`` message). The memory limit is set first and holds for Tesseract and
ocrmypdf, which run as children of this process; the parent enforces the time limit and
ends the whole process group. Images go to Tesseract directly; PDFs go through ocrmypdf
with ``--skip-text``, so typed pages keep their text and only scanned pages are read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from documents.extraction import IMAGE_PIXELS_MAX
from documents.i18n import N_, dump, message

TEXT_MAX = 2_000_000


def _failed(detail: str) -> dict[str, str]:
    if "DecompressionBomb" in detail or "MemoryError" in detail:
        why = N_(
            "Trang quét quá lớn (có thể là “bom giải nén”) nên không nhận dạng chữ; tệp gốc "
            "vẫn được giữ nhưng không tìm kiếm được theo nội dung."
        )
        return {"error": dump(message(why))}
    why = N_("Không nhận dạng được chữ trong tệp (%(detail)s).")
    return {"error": dump(message(why, detail=detail[-300:].strip() or "?"))}


def _image(source: Path, language: str) -> dict[str, str]:
    done = subprocess.run(
        ["tesseract", str(source), "stdout", "-l", language, "--psm", "3"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        return _failed(done.stderr.decode("utf-8", "replace"))
    return {"text": done.stdout.decode("utf-8", "replace")}


def _pdf(source: Path, work_dir: Path, language: str) -> dict[str, str]:
    from pypdf import PdfReader

    output = work_dir / f".ocr-{os.getpid()}.pdf"
    sidecar = work_dir / f".ocr-{os.getpid()}.txt"
    done = subprocess.run(
        [
            "ocrmypdf",
            "--quiet",
            "--skip-text",  # pages with a text layer are kept as they are
            "--jobs",
            "1",
            "--output-type",
            "pdf",  # no PDF/A conversion: the stored file changes as little as possible
            "--optimize",
            "0",
            "--max-image-mpixels",  # a page rendered larger than this is a bomb, not a scan
            str(IMAGE_PIXELS_MAX // 1_000_000),
            "-l",
            language,
            "--sidecar",
            str(sidecar),
            str(source),
            str(output),
        ],
        capture_output=True,
        check=False,
    )
    try:
        recognised = sidecar.read_text(encoding="utf-8").split("\f")
    except OSError:
        recognised = []
    sidecar.unlink(missing_ok=True)
    if done.returncode != 0 or not output.is_file():
        output.unlink(missing_ok=True)
        return _failed(done.stderr.decode("utf-8", "replace"))
    # The sidecar has the recognised text of each page, a note for the pages it skipped:
    # those keep the text of their own layer.
    pages = []
    for number, page in enumerate(PdfReader(source).pages):
        read = recognised[number] if number < len(recognised) else ""
        skipped = read.strip().startswith("[OCR skipped")
        pages.append((page.extract_text() or "") if skipped else read)
    return {"text": "\n\n".join(p.strip("\n") for p in pages), "pdf": str(output)}


def main() -> None:
    kind, memory, source, work_dir, language = sys.argv[1:6]
    if int(memory) > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one core per recognition; the server has others
    try:
        if kind == "pdf":
            result = _pdf(Path(source), Path(work_dir), language)
        else:
            result = _image(Path(source), language)
    except MemoryError:
        result = _failed("MemoryError")
    except OSError as error:
        result = _failed(type(error).__name__)
    if "text" in result:
        result["text"] = result["text"].replace("\x00", "")[:TEXT_MAX]
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
