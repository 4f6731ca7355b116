"""The index stays exact: whatever sequence of writes happens, it holds one entry per
object, with the object's current text, on both backends (issue 12).

A hypothesis state machine runs random sequences of the operations that write a
document, a plan or an attachment (save, restore a version, upload or delete an
attachment, workflow transition, import, validity change, a document that states it replaces
another, drain, reindex), each committed and drained as the portal does, and checks
after every step, through the backend's long-lived search service and its ``compare``:
every object is found exactly once, with its newest title and validity, and the index
has no missing, stale, extra or duplicate entry.
"""

from __future__ import annotations

import itertools
import os
import random
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select

from documents.attachments import add_attachment, remove_attachment
from documents.models import Assignment, Document, enqueue_index
from documents.permissions import principals_of
from documents.plans import PlanInput, create_plan, restore_plan_version, update_plan
from documents.records import DocumentVersion, PlanVersion
from documents.service import (
    DocumentInput,
    create_document,
    input_from_version,
    restore_document_version,
    set_validity,
    update_document,
)
from search_index.fields import document_validity
from workflows.engine import TransitionRefused, fire

# every title holds this phrase, so one search lists every object
COMMON = "đối chiếu chỉ mục"
WORDS = ("dân vận", "đoàn viên", "nông dân", "biển đảo", "an ninh", "cải cách")
PLAN_TRIGGERS = ("submit", "return", "review", "report")
DOCUMENT_TRIGGERS = ("publish", "unpublish", "archive", "restore")


def attachment_word(document: Document) -> str:
    """A made-up word that only the attachments of ``document`` hold ("zqbc")."""
    letters, number = "", document.id
    while True:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not number:
            return "zq" + letters


def exact_index_machine(session, backend, world, upload_dir: Path) -> type:
    """A state machine bound to this test's database session and backend."""
    counter = itertools.count(1)
    numbers = itertools.count(100)

    class ExactIndex(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            # hypothesis seeds ``random`` alike for every run, and Whoosh names its
            # segment files with it: without this, a run's new segment would reuse the
            # name of an earlier run's, in the same index
            random.seed(os.urandom(16))
            backend.service.close()  # each run starts as a freshly started portal would
            province = world.unit(f"tinh{next(counter)}", "Tỉnh ủy", "provincial_committee")
            unit = world.unit(f"huyen{next(counter)}", "Huyện ủy Phú Quốc")
            commission = world.unit(f"bdv{next(counter)}", "Ban Dân vận", "commission")
            self.admin = world.user(province, "admin")
            self.drafter = world.user(unit, "drafter")
            self.reviewer = world.user(commission, "reviewer")
            self.users = (self.admin, self.drafter, self.reviewer)
            self.province = province
            self.documents = [self._new_document(state="published") for _ in range(3)]
            assignment = Assignment(document=self.documents[0], unit=unit, deliverable="Kế hoạch")
            session.add(assignment)
            session.flush()
            self.plans = [
                create_plan(
                    session,
                    assignment,
                    self.drafter,
                    PlanInput(self._title(), "Nội dung kế hoạch."),
                    initial_state="drafted",
                )
            ]
            self._commit()

        # --- helpers ---------------------------------------------------------------

        def _title(self, word: str = "dân vận") -> str:
            return f"Về {word} {COMMON} lần {next(counter)}"

        def _new_document(self, state: str, note: str = "") -> Document:
            number = next(numbers)
            data = DocumentInput(
                doc_type="CT",
                title=self._title(),
                body=f"Chỉ thị số {number} về công tác dân vận.",
                symbol=f"{number}-CT/TU",
                issuer_id=self.province.id,
                term="khóa X",
            )
            return create_document(session, data, actor=self.admin, state=state, note=note)

        def _commit(self) -> None:
            session.commit()
            backend.apply_outbox(session)
            session.commit()

        def _latest_input(self, document: Document) -> DocumentInput:
            version = session.scalar(
                select(DocumentVersion)
                .filter_by(document_id=document.id)
                .order_by(DocumentVersion.number.desc())
                .limit(1)
            )
            return input_from_version(version)

        def _attached_hits(self, document: Document) -> int:
            """How often the document is found by the word only its attachments have."""
            principals = frozenset().union(*(principals_of(u) for u in self.users))
            found = backend.service.search(attachment_word(document), principals)
            return sum(1 for h in found.hits if h.object_id == document.id)

        # --- the operations --------------------------------------------------------

        @rule(i=st.integers(0, 20), word=st.sampled_from(WORDS), cites=st.booleans())
        def save_document(self, i: int, word: str, cites: bool) -> None:
            document = self.documents[i % len(self.documents)]
            target = self.documents[(i + 1) % len(self.documents)]
            body = f"Nội dung về {word}."
            if cites and target.symbol:  # states that it replaces another document
                body += f" Chỉ thị này thay thế Chỉ thị số {target.symbol}."
            data = replace(self._latest_input(document), title=self._title(word), body=body)
            update_document(session, document, data, actor=self.admin)
            self._commit()

        @rule(i=st.integers(0, 20), word=st.sampled_from(WORDS))
        def save_plan(self, i: int, word: str) -> None:
            plan = self.plans[i % len(self.plans)]
            update_plan(
                session, plan, PlanInput(self._title(word), f"Về {word}."), author=self.drafter
            )
            self._commit()

        @rule(i=st.integers(0, 20), back=st.integers(0, 5))
        def restore_document(self, i: int, back: int) -> None:
            document = self.documents[i % len(self.documents)]
            versions = session.scalars(
                select(DocumentVersion)
                .filter_by(document_id=document.id)
                .order_by(DocumentVersion.number)
            ).all()
            version = versions[back % len(versions)]
            restore_document_version(session, document, version, actor=self.admin)
            self._commit()

        @rule(i=st.integers(0, 20), back=st.integers(0, 5))
        def restore_plan(self, i: int, back: int) -> None:
            plan = self.plans[i % len(self.plans)]
            versions = session.scalars(
                select(PlanVersion).filter_by(plan_id=plan.id).order_by(PlanVersion.number)
            ).all()
            restore_plan_version(session, plan, versions[back % len(versions)], author=self.drafter)
            self._commit()

        @rule(i=st.integers(0, 20), word=st.sampled_from(WORDS))
        def upload_attachment(self, i: int, word: str) -> None:
            document = self.documents[i % len(self.documents)]
            text = f"Phụ lục {word} kèm theo, {attachment_word(document)}.".encode()
            add_attachment(
                session, document, "phu-luc.txt", text, upload_dir=upload_dir, actor=self.admin
            )
            self._commit()

        @rule(i=st.integers(0, 20))
        def delete_attachment(self, i: int) -> None:
            document = self.documents[i % len(self.documents)]
            if not document.attachments:
                return
            remove_attachment(session, document, document.attachments[0], upload_dir=upload_dir)
            self._commit()

        @rule(i=st.integers(0, 20), trigger=st.sampled_from(DOCUMENT_TRIGGERS))
        def document_transition(self, i: int, trigger: str) -> None:
            document = self.documents[i % len(self.documents)]
            try:
                fire(session, document, trigger, actor=self.admin, comment="Theo yêu cầu.")
            except TransitionRefused:
                session.rollback()
                return
            self._commit()

        @rule(i=st.integers(0, 20), trigger=st.sampled_from(PLAN_TRIGGERS))
        def plan_transition(self, i: int, trigger: str) -> None:
            plan = self.plans[i % len(self.plans)]
            actor = self.reviewer if trigger in ("return", "review") else self.drafter
            try:
                fire(
                    session,
                    plan,
                    trigger,
                    actor=actor,
                    comment="Cần bổ sung.",
                    report_text="Đã thực hiện xong.",
                )
            except TransitionRefused:
                session.rollback()
                return
            self._commit()

        @rule()
        def import_document(self) -> None:
            self.documents.append(self._new_document(state="published", note="Nhập từ tệp"))
            self._commit()

        @rule(i=st.integers(0, 20), status=st.sampled_from((None, "expired", "repealed")))
        def change_validity(self, i: int, status: str | None) -> None:
            document = self.documents[i % len(self.documents)]
            set_validity(session, document, status, actor=self.admin, note="Theo quyết định.")
            self._commit()

        @rule()
        def drain(self) -> None:
            backend.apply_outbox(session)
            session.commit()

        @rule()
        def reindex(self) -> None:
            backend.rebuild(session)
            session.commit()

        # --- what must hold after every step ---------------------------------------

        @invariant()
        def one_current_entry_per_object(self) -> None:
            if not hasattr(self, "users"):
                return
            principals = frozenset().union(*(principals_of(u) for u in self.users))
            session.expire_all()
            # this run's objects: earlier runs of the machine share the database
            expected = {("document", d.id): d for d in self.documents}
            expected.update({("plan", p.id): p for p in self.plans})
            seen: list[tuple[str, int]] = []
            for page in range(1, 10):
                found = backend.service.search(COMMON, principals, limit=100, page=page)
                for hit in found.hits:
                    key = (hit.kind, hit.object_id)
                    current = expected.get(key)
                    if current is None:
                        continue
                    seen.append(key)
                    assert hit.title == current.title, f"{key} shows an old title"
                    if hit.kind == "document":
                        assert hit.validity == document_validity(current), key
                        attached = 1 if current.attachments else 0
                        assert self._attached_hits(current) == attached, key
                if page >= found.pages:
                    break
            duplicated = sorted({k for k in seen if seen.count(k) > 1})
            assert not duplicated, f"found more than once: {duplicated}"
            assert sorted(seen) == sorted(expected), "an object is missing from the results"
            differences = backend.compare(session)
            session.rollback()
            for name in ("missing", "stale", "extra", "duplicated"):
                wrong = set(getattr(differences, name)) & expected.keys()
                assert not wrong, f"{name} in the index: {sorted(wrong)}"

    return ExactIndex


def test_index_holds_one_current_entry_per_object(
    search_backend, search_session, search_world, tmp_path
):
    machine = exact_index_machine(search_session, search_backend, search_world, tmp_path / "up")
    machine.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    machine.TestCase().runTest()


def test_an_upsert_replaces_every_entry_of_the_key(search_world, search_session, index_dir):
    """An index that holds an object twice (a plain add somewhere, an old bug) holds it
    once after the object's next change: the writer deletes every entry of the key."""
    from search_index.whoosh.generations import open_index
    from search_index.whoosh.indexer import apply_outbox, fields_for_document
    from search_index.whoosh.query import SearchService

    document = search_world.document(f"Về {COMMON}")
    search_session.commit()
    apply_outbox(search_session, index_dir)
    search_session.commit()
    ix = open_index(index_dir)
    writer = ix.writer()
    writer.add_document(**fields_for_document(document))
    writer.commit()
    ix.close()
    everyone = frozenset({"authenticated"})
    with SearchService(index_dir) as service:
        assert service.search(COMMON, everyone).total == 2
        document.title = f"Về {COMMON} mới"
        enqueue_index(search_session, "document", document.id)
        search_session.commit()
        apply_outbox(search_session, index_dir)
        search_session.commit()
        found = service.search(COMMON, everyone)
        assert [(h.object_id, h.title) for h in found.hits] == [(document.id, document.title)]
