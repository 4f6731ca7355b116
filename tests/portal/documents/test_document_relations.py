"""A document's relations on its page. The implementation chain above it (``upstream``):
every path to the documents it implements, root first, at most ``CHAIN_DEPTH`` documents
above it, never round a cycle, without the documents the reader may not see; read in one
query whatever the depth. The documents it cites and that cite it come with their
relations, not one query each (issue 19)."""

from __future__ import annotations

from documents.db import db
from documents.permissions import principals_of
from documents.records import Relation
from documents.relations import chain_children, chain_parents, children_of, parents_of
from portal.documents.pages import CHAIN_DEPTH, downstream, upstream
from tests.conftest import AuthActions
from tests.fixtures.statements import counted_statements
from workflows.models import WorkflowEvent


def implements(source, target, kind="implements"):
    db.session.add(
        Relation(
            found_in_id=source.id,
            kind=kind,
            origin="manual",
            source_id=source.id,
            source_symbol=source.symbol,
            source_key=source.symbol,
            source_status="resolved",
            target_id=target.id,
            target_symbol=target.symbol,
            target_key=target.symbol,
            target_status="resolved",
        )
    )
    db.session.flush()


def documents(factory, world, count, first=101):
    return [
        factory.document(f"{n}-CT/TU", number=n, issuer=world.province)
        for n in range(first, first + count)
    ]


def symbols(paths):
    return [[d.symbol for d in path] for path in paths]


def test_a_chain_longer_than_the_limit_stops_at_chain_depth_documents_above(factory, world):
    chain = documents(factory, world, CHAIN_DEPTH + 3)
    for lower, upper in zip(chain, chain[1:], strict=False):
        implements(lower, upper)
    reader = principals_of(world.reader)
    above = chain[1 : CHAIN_DEPTH + 1]
    assert symbols(upstream(chain[0], reader)) == [[d.symbol for d in reversed(above)]]


def test_a_cycle_is_not_walked_round_and_each_branch_is_a_path(factory, world):
    start, a, b, c, root = documents(factory, world, 5)
    implements(start, a)
    implements(a, start)  # back to the document itself
    implements(a, b)
    implements(b, a)  # a cycle above it
    implements(start, c, "continues")
    implements(b, root)
    implements(c, root, "based_on")
    reader = principals_of(world.reader)
    assert symbols(upstream(start, reader)) == [
        [root.symbol, b.symbol, a.symbol],
        [root.symbol, c.symbol],
    ]


def test_a_document_the_reader_may_not_see_hides_its_branch_but_not_the_others(factory, world):
    start, hidden, above_hidden, shown = documents(factory, world, 4)
    hidden.state = "draft"
    implements(start, hidden)
    implements(hidden, above_hidden)
    implements(start, shown)
    assert symbols(upstream(start, principals_of(world.reader))) == [[shown.symbol]]
    editor_sees = symbols(upstream(start, principals_of(world.admin)))
    assert [above_hidden.symbol, hidden.symbol] in editor_sees


def test_no_chain_above_is_one_empty_path(factory, world):
    assert upstream(world.directive, principals_of(world.reader)) == [[]]


def test_chain_parents_are_parents_of_each_document_within_the_steps(factory, world):
    chain = documents(factory, world, 5)
    for lower, upper in zip(chain, chain[1:], strict=False):
        implements(lower, upper)
    implements(chain[2], chain[0])  # a cycle
    implements(chain[1], chain[3], "cites")  # not a chain relation
    found = chain_parents(db.session, chain[0], 2)
    assert found == {d.id: parents_of(db.session, d) for d in chain[:3]}


def test_the_chain_above_is_read_in_one_statement_whatever_its_depth(factory, world):
    short = documents(factory, world, 2)
    long = documents(factory, world, CHAIN_DEPTH + 2, first=201)
    for chain in (short, long):
        for lower, upper in zip(chain, chain[1:], strict=False):
            implements(lower, upper)
    db.session.commit()
    reader = principals_of(world.reader)
    counts = []
    for chain in (short, long):
        db.session.expire_all()
        start = db.session.get(type(chain[0]), chain[0].id)
        with counted_statements() as statements:
            upstream(start, reader)
        counts.append(len(statements))
    assert counts == [1, 1]


def test_the_page_sends_as_many_statements_for_three_cited_and_citing_documents_as_for_one(
    app, client, factory, world
):
    AuthActions(client).login("reviewer")
    counts = []
    for first in (101, 201):
        cited = documents(factory, world, 1 if first == 101 else 2, first)
        citing = documents(factory, world, 1 if first == 101 else 2, first + 50)
        for other in cited:
            implements(world.directive, other, "cites")
        for other in citing:
            implements(other, world.directive, "cites")
        path = f"/documents/{world.directive.id}"
        assert client.get(path).status_code == 200
        with counted_statements() as statements:
            html = client.get(path).get_data(as_text=True)
        assert all(f">{d.symbol}</a>" in html for d in cited + citing)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def tree(nodes):
    """The chain below as nested (symbol, [children]) pairs."""
    return [(n.document.symbol, tree(n.children)) for n in nodes]


def test_chain_children_are_children_of_each_document_within_the_steps(factory, world):
    chain = documents(factory, world, 5)
    for lower, upper in zip(chain, chain[1:], strict=False):
        implements(lower, upper)
    implements(chain[4], chain[2])  # a cycle
    implements(chain[3], chain[1], "cites")  # not a chain relation
    found = chain_children(db.session, chain[4], 2)
    assert found == {
        d.id: children_of(db.session, d) for d in chain[2:] if children_of(db.session, d)
    }


def test_the_chain_below_stops_at_chain_depth_goes_round_no_cycle_and_hides_what_it_must(
    factory, world
):
    chain = documents(factory, world, CHAIN_DEPTH + 3)
    for lower, upper in zip(chain, chain[1:], strict=False):
        implements(lower, upper)
    implements(chain[-1], chain[-2])  # back down: a cycle
    hidden, under_hidden = documents(factory, world, 2, first=301)
    hidden.state = "draft"
    implements(hidden, chain[-1])
    implements(under_hidden, hidden)
    found = tree(downstream(chain[-1], principals_of(world.reader)))
    depth, node = 0, found
    while node:
        assert len(node) == 1  # the hidden branch is not shown, the cycle not walked
        symbol, node = node[0]
        depth += 1
        assert symbol == chain[-1 - depth].symbol
    assert depth == CHAIN_DEPTH
    editor = tree(downstream(chain[-1], principals_of(world.admin)))
    assert (hidden.symbol, [(under_hidden.symbol, [])]) in editor


def test_the_chain_below_and_its_plans_are_read_in_two_statements_whatever_its_size(factory, world):
    drafter = principals_of(world.drafter)  # sees the plans of its unit, drafts too
    counts = []
    for first, width in ((101, 1), (201, 3)):
        top = documents(factory, world, 1, first)[0]
        middle = documents(factory, world, width, first + 10)
        for doc in middle:
            implements(doc, top)
            for below in documents(factory, world, width, first + 20 + 5 * middle.index(doc)):
                implements(below, doc)
                plan = factory.plan(factory.assignment(below, world.unit), world.drafter)
        db.session.commit()
        db.session.expire_all()
        start = db.session.get(type(top), top.id)
        with counted_statements() as statements:
            nodes = downstream(start, drafter)
        counts.append(len(statements))
        assert [len(n.children) for n in nodes] == [width] * width
        assert nodes[-1].children[-1].assignments == 1
        assert [p.id for p in nodes[-1].children[-1].plans] == [plan.id]
    assert counts == [2, 2]


def test_a_history_whose_comments_cite_documents_costs_no_statement_per_comment(
    app, client, factory, world
):
    """The document's history and the plan's versions page link the symbols their
    comments cite: looked up together, not comment by comment."""
    plan = factory.plan(world.assignment, world.drafter)
    targets = documents(factory, world, 6)
    # the document's history shows to its editors, the plan's to its unit
    pages = (("document", world.directive.id, f"/documents/{world.directive.id}", "admin"),)
    pages += (("plan", plan.id, f"/plans/{plan.id}/versions", "drafter"),)
    for kind, object_id, path, username in pages:
        client = app.test_client()
        AuthActions(client).login(username)
        counts = []
        for cited in (targets[:1], targets[1:]):
            for target in cited:
                db.session.add(
                    WorkflowEvent(
                        object_kind=kind,
                        object_id=object_id,
                        transition="comment",
                        from_state="published" if kind == "document" else "drafted",
                        to_state="published" if kind == "document" else "drafted",
                        actor_id=world.reviewer.id,
                        comment=f"Theo {target.symbol}.",
                    )
                )
            db.session.commit()
            assert client.get(path).status_code == 200
            with counted_statements() as statements:
                html = client.get(path).get_data(as_text=True)
            assert all(f">{d.symbol}</a>" in html for d in cited), path
            counts.append(len(statements))
        assert counts[0] == counts[1], (path, counts)
