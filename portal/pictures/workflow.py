"""Geometry of a workflow drawn from its definition, for the help page.

States are boxes from top to bottom in their defined order; a transition to the next
state is a straight arrow down with its label beside it, one that skips states an arc on
the right, one back to an earlier state an arc on the left. Every size comes from the
texts of the reader's language (``portal.pictures.textwidth``): the boxes are as wide as the
longest state title, the arcs stand clear of the labels of the arcs inside them, and the
picture is as wide as all of that, so no label overflows in Vietnamese or in English.
Arcs whose spans overlap go to separate lanes, each further out than the labels of the
lane before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext

from portal.pictures.graphs import principal_label
from portal.pictures.textwidth import text_width
from workflows.definitions import Workflow

WF_MARGIN = 12
WF_TOP = 12
WF_BOX_H = 40
WF_BOX_MIN_W = 150
WF_BOX_PAD = 14  # between a state's title and its box, on each side
WF_GAP_MIN = 86  # between two boxes
STATE_SIZE = 14  # px, bold: .wf-state text in portal.css
LABEL_SIZE = 12.5  # px: .wf-label (its first line bold)
LINE = 15  # px between the lines of a label (the tspans' dy)
ASCENT, DESCENT = 10, 4  # of a label line around its baseline, at LABEL_SIZE
ARC_OUT = 34  # from a box's side to the first lane of arcs
LABEL_GAP = 8  # from an arc to its label
LANE_GAP = 16  # from a lane's labels to the next lane's arcs


@dataclass(frozen=True)
class StateBox:
    name: str
    title: str
    x: int
    y: int
    w: int
    h: int
    initial: bool


@dataclass(frozen=True)
class Arrow:
    name: str
    title: str
    who: tuple[str, ...]  # who may fire it, one label a line
    needs: str  # "cần ý kiến", "cần báo cáo kết quả" or ""
    forward: bool
    path: str  # the SVG path data
    lx: int  # where the label starts (its anchor)
    ly: int  # the baseline of its first line
    anchor: str  # text-anchor of the label
    source_title: str
    dest_title: str
    label_box: tuple[int, int, int, int] = (0, 0, 0, 0)  # x, y, w, h the label covers


@dataclass(frozen=True)
class WorkflowDiagram:
    name: str
    boxes: list[StateBox]
    arrows: list[Arrow] = field(default_factory=list)
    width: int = 0
    height: int = 0
    summary: str = ""


def _t(message_id: str | None) -> str:
    return gettext(message_id) if message_id else ""


def _needs(transition: Any) -> str:
    needs = []
    if transition.comment_required:
        needs.append(gettext("cần ý kiến"))
    if transition.requires_report:
        needs.append(gettext("cần báo cáo kết quả"))
    return ", ".join(needs)


def _who_needs(arrow: Arrow) -> str:
    return "; ".join(filter(None, [", ".join(arrow.who), arrow.needs]))


@dataclass
class _Label:
    """A transition's label before the picture's width is known."""

    transition: Any
    title: str
    who: tuple[str, ...]
    needs: str
    source: int
    dest: int

    @property
    def lines(self) -> int:
        return 1 + len(self.who) + (1 if self.needs else 0)

    @property
    def width(self) -> int:
        widths = [text_width(self.title, LABEL_SIZE, bold=True)]
        widths += [text_width(w, LABEL_SIZE) for w in self.who]
        if self.needs:
            widths.append(text_width(self.needs, LABEL_SIZE))
        return int(max(widths)) + 1

    @property
    def height(self) -> int:
        return ASCENT + LINE * (self.lines - 1) + DESCENT

    @property
    def straight(self) -> bool:
        return self.dest == self.source + 1


def _state_ys(gap: int, count: int) -> list[int]:
    return [WF_TOP + i * (WF_BOX_H + gap) for i in range(count)]


def _arc_span(label: _Label, ys: list[int]) -> tuple[int, int, int]:
    """(y where the arc leaves, y where it arrives, baseline of its label's first line):
    below the middle of the source box, above the middle of the destination, so that two
    arcs between the same boxes do not meet; the label centred on the span."""
    y1 = ys[label.source] + WF_BOX_H // 2 + 6
    y2 = ys[label.dest] + WF_BOX_H // 2 - 6
    return y1, y2, (y1 + y2) // 2 - label.height // 2 + ASCENT


def _lanes(arcs: list[_Label], ys: list[int]) -> list[list[_Label]]:
    """Arcs in lanes, the first lane innermost. Two arcs share a lane when they span no
    state gap in common (they may meet at one box, at different heights) and their labels
    stand apart."""
    lanes: list[list[_Label]] = []
    for label in arcs:
        for lane in lanes:
            if all(_apart(label, other, ys) for other in lane):
                lane.append(label)
                break
        else:
            lanes.append([label])
    return lanes


def _apart(one: _Label, other: _Label, ys: list[int]) -> bool:
    lo1, hi1 = sorted((one.source, one.dest))
    lo2, hi2 = sorted((other.source, other.dest))
    if lo1 < hi2 and lo2 < hi1:
        return False
    top1 = _arc_span(one, ys)[2] - ASCENT
    top2 = _arc_span(other, ys)[2] - ASCENT
    return top1 + one.height + 4 < top2 or top2 + other.height + 4 < top1


def _lane_offsets(lanes: list[list[_Label]], first: int) -> tuple[list[int], int]:
    """How far each lane's arcs bulge from the boxes' side, and how far its labels reach."""
    offsets, reach = [], first - LANE_GAP
    for lane in lanes:
        offset = max(first, reach + LANE_GAP)
        offsets.append(offset)
        reach = offset + LABEL_GAP + max(label.width for label in lane)
    return offsets, reach if lanes else 0


def workflow_diagram(workflow: Workflow) -> WorkflowDiagram:
    """The picture of ``workflow`` in the reader's language; see the module's docstring."""
    index = {s.name: i for i, s in enumerate(workflow.states)}
    titles = [_t(s.title) for s in workflow.states]
    box_w = max(
        [WF_BOX_MIN_W]
        + [int(text_width(t, STATE_SIZE, bold=True)) + 2 * WF_BOX_PAD + 1 for t in titles]
    )
    labels = [
        _Label(
            t,
            _t(t.title),
            tuple(principal_label(p) for p in t.guard),
            _needs(t),
            index[t.source],
            index[t.dest],
        )
        for t in workflow.transitions
    ]
    straight = [label for label in labels if label.straight]
    gap = max([WF_GAP_MIN] + [16 + label.height + 8 for label in straight])
    ys = _state_ys(gap, len(titles))
    # Straight arrows run down at two thirds of the box; their labels start just right.
    straight_x = box_w * 2 // 3
    straight_reach = max([box_w] + [straight_x + 10 + label.width for label in straight])
    right_lanes = _lanes([la for la in labels if not la.straight and la.dest > la.source], ys)
    left_lanes = _lanes([la for la in labels if la.dest < la.source], ys)
    right_offsets, right_reach = _lane_offsets(
        right_lanes, max(ARC_OUT, straight_reach - box_w + LANE_GAP)
    )
    left_offsets, left_reach = _lane_offsets(left_lanes, ARC_OUT)
    box_x = WF_MARGIN + left_reach
    width = box_x + max(straight_reach, box_w + right_reach) + WF_MARGIN
    boxes = [
        StateBox(s.name, titles[i], box_x, ys[i], box_w, WF_BOX_H, s.name == workflow.initial)
        for i, s in enumerate(workflow.states)
    ]
    drawn: dict[int, Arrow] = {}
    for label in straight:
        x = box_x + straight_x
        y1, y2 = ys[label.source] + WF_BOX_H, ys[label.dest]
        drawn[id(label)] = _arrow(
            label, boxes, f"M{x},{y1} L{x},{y2 - 2}", x + 10, y1 + 16, "start"
        )
    for side, lanes, offsets in ((1, right_lanes, right_offsets), (-1, left_lanes, left_offsets)):
        edge = box_x + box_w if side == 1 else box_x
        for lane, offset in zip(lanes, offsets, strict=True):
            bulge = edge + side * offset
            for label in lane:
                y1, y2, ly = _arc_span(label, ys)
                path = f"M{edge},{y1} C{bulge},{y1} {bulge},{y2} {edge + side * 2},{y2}"
                lx = bulge + side * LABEL_GAP
                drawn[id(label)] = _arrow(
                    label, boxes, path, lx, ly, "start" if side == 1 else "end"
                )
    arrows = [drawn[id(label)] for label in labels]
    summary = gettext(
        "Quy trình %(name)s: %(steps)s.",
        name=_t(workflow.noun) or workflow.name,
        steps="; ".join(
            f"{a.source_title} → {a.dest_title}: {a.title} ({_who_needs(a)})" for a in arrows
        ),
    )
    height = ys[-1] + WF_BOX_H + WF_TOP if ys else WF_TOP
    return WorkflowDiagram(workflow.name, boxes, arrows, width, height, summary)


def _arrow(label: _Label, boxes: list[StateBox], path: str, lx: int, ly: int, anchor: str) -> Arrow:
    left = lx if anchor == "start" else lx - label.width
    return Arrow(
        label.transition.name,
        label.title,
        label.who,
        label.needs,
        label.dest > label.source,
        path,
        lx,
        ly,
        anchor,
        boxes[label.source].title,
        boxes[label.dest].title,
        (left, ly - ASCENT, label.width, label.height),
    )
