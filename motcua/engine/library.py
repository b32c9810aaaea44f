"""What a diagram may use from the rest of the pack: the diagrams it calls and the DMN decision tables.

A call activity names another process by id (``calledElement``); a business rule task names a decision
(``spiffworkflow:calledDecisionId``). Those live in the pack's ``bpmn/`` and ``dmn/`` folders. They are
parsed together with the diagram that uses them, so that their specs are compiled into that procedure's
version: a running dossier keeps the called parts and decisions it started with, and a change to one of
them makes a new version of every procedure that uses it (their text is part of the version's digest).

The pack's files are the province's source; the modeler's edits of the frame's shared parts
(``bpmn/shared/``) live in the database. A library built with ``overrides`` reads those edits instead of the
files, so every compile the modeler does sees the shared parts as last saved.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from motcua.engine.links import links_as_flows
from motcua.engine.problems import PackError, Problem, coded
from motcua.engine.xmltext import read_diagram

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMN_DIR, DMN_DIR = "bpmn", "dmn"
SHARED_DIR = f"{BPMN_DIR}/shared/"  # the one-stop frame's shared parts, which the modeler edits on their own


@dataclass
class Library:
    """The pack's diagrams and decision tables, by the name problems show (``bpmn/x.bpmn``)."""

    diagrams: dict[str, bytes] = field(default_factory=dict)
    decisions: dict[str, bytes] = field(default_factory=dict)
    _processes: dict[str, str] | None = None  # process id -> diagram, built when first needed

    @classmethod
    def of_pack(cls, root: Path, overrides: Mapping[str, str] | None = None) -> Library:
        """Every ``bpmn/**/*.bpmn`` and ``dmn/*.dmn`` of the pack at ``root``; a diagram named in ``overrides``
        (file name -> unicode text declared UTF-8, as the modeler saves it) is read from there instead."""
        diagrams = {f"{BPMN_DIR}/{p.relative_to(root / BPMN_DIR).as_posix()}": p.read_bytes()
                    for p in sorted((root / BPMN_DIR).rglob("*.bpmn"))}
        diagrams |= {name: text.encode("utf-8") for name, text in (overrides or {}).items()}
        return cls(
            diagrams=diagrams,
            decisions={f"{DMN_DIR}/{p.name}": p.read_bytes() for p in sorted((root / DMN_DIR).glob("*.dmn"))},
        )

    def shared_parts(self) -> list[str]:
        """The frame's shared parts (``bpmn/shared/*.bpmn``), by file name."""
        return sorted(name for name in self.diagrams if name.startswith(SHARED_DIR))

    def calls(self, tree: etree._Element, filename: str) -> list[str]:
        """The diagrams ``tree`` calls, directly or through the diagrams it calls, by file name.

        A call no diagram answers, or a file that does not parse, is passed over: compiling names those.
        """
        found: list[str] = []
        pending = [tree]
        while pending:
            current = pending.pop()
            for call in current.iter(f"{{{BPMN}}}callActivity"):
                source = self.process_files().get(call.get("calledElement") or "")
                if source is None or source == filename or source in found:
                    continue
                found.append(source)
                added = self.tree(source)
                if not isinstance(added, Problem):
                    pending.append(added)
        return sorted(found)

    def process_files(self) -> dict[str, str]:
        """Which diagram defines each process id (a file that does not parse defines none)."""
        if self._processes is None:
            self._processes = {}
            for name in self.diagrams:
                tree = self.tree(name)
                if isinstance(tree, Problem):
                    continue
                for process in tree.iter(f"{{{BPMN}}}process"):
                    if ident := process.get("id"):
                        self._processes.setdefault(ident, name)
        return self._processes

    def tree(self, name: str) -> etree._Element | Problem:
        """A library file parsed (decoded by the encoding it declares), or the Problem that stops it."""
        text = read_diagram(self.diagrams.get(name) or self.decisions[name], name)
        if isinstance(text, Problem):
            return text
        try:
            return etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            return coded(name, "xml.malformed", line=exc.lineno, detail=exc.msg)

    def add_needed(self, parser: Any, tree: etree._Element, filename: str,
                   tailor: Callable[[etree._Element], object] | None = None) -> dict[str, etree._Element]:
        """Add to ``parser`` the diagrams ``tree`` calls (transitively) and, when it has business rule tasks,
        the decision tables; return each file added (its tree, as tailored), for the version's digest.

        ``tailor`` fits each called diagram to the procedure that calls it before it is parsed
        (``motcua.engine.tailor``).

        A call to a process no diagram defines, or a chain of calls that comes back to where it started, is a
        problem naming the call activity, its line and what to do.
        """
        used: dict[str, etree._Element] = {}
        problems: list[Problem] = []
        trees = [(filename, tree)]
        defined = {p.get("id") for p in tree.iter(f"{{{BPMN}}}process")}
        pending = [(filename, tree)]
        while pending:
            shown, current = pending.pop()
            for call in current.iter(f"{{{BPMN}}}callActivity"):
                target = call.get("calledElement") or ""
                if target in defined:
                    continue
                source = self.process_files().get(target)
                if source is None:
                    problems.append(coded(shown, "library.unknown_process", element=call.get("id"),
                                          line=call.sourceline, target=repr(target), folder=BPMN_DIR))
                    continue
                if source == filename:
                    continue
                added = self.tree(source)
                if isinstance(added, Problem):
                    problems.append(added)
                    continue
                defined |= {p.get("id") for p in added.iter(f"{{{BPMN}}}process")}
                if tailor is not None:
                    tailor(added)
                used[source] = added
                parser.add_bpmn_xml(etree.ElementTree(links_as_flows(added)), filename=source)
                trees.append((source, added))
                pending.append((source, added))
        problems += _cycles(trees)
        if any(next(t.iter(f"{{{BPMN}}}businessRuleTask"), None) is not None for _, t in trees):
            for name in self.decisions:
                decision = self.tree(name)
                if isinstance(decision, Problem):
                    problems.append(decision)
                    continue
                parser.add_dmn_xml(decision, filename=name)
                used[name] = decision
        if problems:
            raise PackError(problems)
        return used


def _cycles(trees: list[tuple[str, etree._Element]]) -> list[Problem]:
    """Call activities that, through the processes they call, end up calling their own process again."""
    calls: dict[str, list[tuple[str, etree._Element, str]]] = {}
    for shown, tree in trees:
        for process in tree.iter(f"{{{BPMN}}}process"):
            if not (ident := process.get("id")):
                continue  # no call activity can name it, so no cycle runs through it
            for call in process.iter(f"{{{BPMN}}}callActivity"):
                calls.setdefault(ident, []).append((shown, call, call.get("calledElement") or ""))
    problems = []
    for start, outgoing in calls.items():
        for shown, call, target in outgoing:
            seen, frontier = set(), [target]
            while frontier:
                current = frontier.pop()
                if current == start:
                    problems.append(coded(shown, "library.cycle", element=call.get("id"), line=call.sourceline,
                                          target=repr(target), start=repr(start)))
                    break
                if current in seen:
                    continue
                seen.add(current)
                frontier.extend(t for _s, _c, t in calls.get(current, []))
    return problems
