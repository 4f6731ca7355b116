"""OCR benchmark: pages rendered here from the seed directive and from ALQAC 2023 law
articles (``../shared/corpora`` or ``PORTAL_CORPORA``), read back by the portal's own
recognition path, then imported and searched.

Each document is set on an A4 page (``bench/scans.py``: DejaVu Serif) in the formal
header of a Party document (issuer, ``Số …``, place and date, type word, trích yếu) with
its body below, and saved as a one-page image-only PDF in three variants: clean at 300
dpi, and two worn scans (250 dpi turned 0.7° with 0.5 % speckles, 200 dpi turned -1.2°
with 0.3 % speckles, both slightly blurred). For each page:

* the character error rate (CER): Levenshtein distance between the text printed on the
  page and the recognised text, both with runs of white space made one space, divided by
  the length of the printed text;
* whether the header fields read from the recognised text (type, symbol, issuer, date)
  are the ones printed;
* whether, imported with ``flask import-document`` into a fresh portal, the document is
  the first hit for its symbol and is found by a sentence of its body.

Recognition goes through ``documents.ocr.recognise`` (child process, ocrmypdf with
Tesseract ``vie``, the same limits as the portal). Writes JSON to ``bench/results/``.
Run with ``make bench-ocr``; ``OCR_BENCH_DOCS`` (default 4) sets how many law articles.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scans import as_pdf, degrade, page_lines, render_pages  # noqa: E402
from documents.importing import parse_document_text  # noqa: E402
from documents.ocr import recognise_bytes  # noqa: E402

VARIANTS = [  # name, dpi, angle (degrees), share of speckled pixels
    ("clean-300", 300, 0.0, 0.0),
    ("noisy-250", 250, 0.7, 0.005),
    ("noisy-200", 200, -1.2, 0.003),
]
SEED = ROOT.parent / "shared" / "seed" / "chi-thi-11-CT-TU-kien-giang-2019.txt"


def corpora() -> Path:
    return Path(os.environ.get("PORTAL_CORPORA", ROOT.parent / "shared" / "corpora"))


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(reference: str, recognised: str) -> float:
    """Levenshtein distance over characters, divided by the reference's length."""
    a, b = flat(reference), flat(recognised)
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        previous = current
    return previous[-1] / max(len(a), 1)


def header(number: int, type_word: str, abbr: str, about: str, day: int) -> str:
    return (
        "TỈNH ỦY KIÊN GIANG\n*\n"
        f"Số {number}-{abbr}/TU\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\n"
        f"Rạch Giá, ngày {day:02d} tháng 8 năm 2019\n\n"
        f"{type_word}\n{about}\n-----\n\n"
    )


def documents(count: int) -> list[dict]:
    """The pages: the seed directive in its formal header, then ``count`` law articles."""
    found = []
    if SEED.is_file():
        seed = SEED.read_text(encoding="utf-8")
        body = seed[seed.index("Để tăng cường") :]
        about = "về tăng cường công tác quản lý đoàn viên, hội viên"
        found.append(
            {
                "name": "seed 11-CT/TU",
                "text": header(11, "CHỈ THỊ", "CT", about, 1) + body,
                "fields": ("CT", "11-CT/TU", "TỈNH ỦY KIÊN GIANG", "2019-08-01"),
            }
        )
    articles = corpora() / "alqac2023" / "articles.json"
    if articles.is_file():
        laws = json.loads(articles.read_text(encoding="utf-8"))
        keys = [k for k in laws if 1200 < len(laws[k]) < 2600][::97][:count]
        for index, key in enumerate(keys):
            law = key.split("@")[0]
            number = 20 + index
            found.append(
                {
                    "name": key,
                    "text": header(number, "HƯỚNG DẪN", "HD", f"thực hiện {law}", 2 + index)
                    + laws[key],
                    "fields": (
                        "HD",
                        f"{number}-HD/TU",
                        "TỈNH ỦY KIÊN GIANG",
                        f"2019-08-{2 + index:02d}",
                    ),
                }
            )
    return found


def sentence_of(printed: str) -> str:
    """Eight words from the middle of the body as printed on the page."""
    body = flat(printed.split("-----", 1)[-1])
    words = [w for w in body.split() if re.fullmatch(r"[^\W\d_]+", w)]
    middle = len(words) // 2
    return " ".join(words[middle : middle + 8])


def imported_and_found(variant: str, pages: list[dict], workdir: Path) -> None:
    """Import each recognised text into a fresh portal; search its symbol and a sentence."""
    from documents.db import db, write_intent
    from documents.models import Document
    from portal import create_app
    from portal.indexing import search_service
    from search_index.whoosh.indexer import open_index

    folder = workdir / variant
    folder.mkdir(parents=True)
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'portal.sqlite3'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "UPLOAD_DIR": str(folder / "uploads"),
        }
    )
    with app.app_context():
        with write_intent():
            db.create_all()
            db.session.commit()
        open_index(app.config["SEARCH_INDEX_DIR"], create=True).close()
        runner = app.test_cli_runner()
        for number, item in enumerate(pages):
            path = folder / f"page-{number}.txt"
            path.write_text(item["recognised"], encoding="utf-8")
            result = runner.invoke(args=["import-document", str(path)])
            item["imported"] = result.exit_code == 0
            symbol = item["fields"][1]
            document = db.session.scalar(db.select(Document).filter_by(symbol=symbol))
            if document is None:
                item["found_by_symbol"] = item["found_by_sentence"] = False
                continue
            by_symbol = search_service().search(symbol, _principals(document), limit=5)
            by_sentence = search_service().search(item["sentence"], _principals(document), limit=10)
            item["found_by_symbol"] = (
                bool(by_symbol.hits) and by_symbol.hits[0].object_id == document.id
            )
            item["found_by_sentence"] = document.id in [h.object_id for h in by_sentence.hits]


def _principals(document) -> frozenset[str]:  # type: ignore[no-untyped-def]
    from workflows.definitions import allowed_principals

    return allowed_principals(document, "view")


def main() -> None:
    count = int(os.environ.get("OCR_BENCH_DOCS", "4"))
    docs = documents(count)
    if not docs:
        raise SystemExit("neither the seed nor ../shared/corpora is here: nothing to measure")
    results: dict[str, list[dict]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        for variant, dpi, angle, noise in VARIANTS:
            pages = []
            for doc in docs:
                page = render_pages(doc["text"], dpi, max_pages=1)[0]
                if noise or angle:
                    page = degrade(page, angle=angle, noise=noise)
                printed = page_lines(doc["text"], dpi)
                began = time.perf_counter()
                recognition = recognise_bytes(as_pdf([page], dpi), "pdf")
                seconds = time.perf_counter() - began
                draft = parse_document_text(recognition.text)
                read = (draft.type_code, draft.symbol, draft.issuer_text, str(draft.issued_on))
                pages.append(
                    {
                        "name": doc["name"],
                        "cer": round(cer(printed, recognition.text), 4),
                        "seconds": round(seconds, 1),
                        "error": str(recognition.error) if recognition.error else None,
                        "fields": doc["fields"],
                        "fields_read": read,
                        "fields_right": read == tuple(doc["fields"]),
                        "sentence": sentence_of(printed),
                        "recognised": recognition.text,
                    }
                )
                print(
                    f"{variant:10} {doc['name'][:40]:40} CER {pages[-1]['cer']:.2%} "
                    f"{seconds:.1f}s fields {'ok' if pages[-1]['fields_right'] else read}"
                )
            imported_and_found(variant, pages, Path(tmp))
            results[variant] = pages
    summary = {}
    for variant, pages in results.items():
        summary[variant] = {
            "pages": len(pages),
            "cer_mean": round(sum(p["cer"] for p in pages) / len(pages), 4),
            "cer_max": max(p["cer"] for p in pages),
            "fields_right": sum(p["fields_right"] for p in pages),
            "found_by_symbol": sum(p["found_by_symbol"] for p in pages),
            "found_by_sentence": sum(p["found_by_sentence"] for p in pages),
            "seconds_per_page": round(sum(p["seconds"] for p in pages) / len(pages), 1),
        }
        print(variant, summary[variant])
    out = ROOT / "bench" / "results" / f"ocr-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    for pages in results.values():
        for page in pages:
            page.pop("recognised")
    out.write_text(
        json.dumps(
            {"summary": summary, "pages": results, "seconds": round(time.perf_counter() - started)},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
