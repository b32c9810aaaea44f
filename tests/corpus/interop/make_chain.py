"""Write hand_chain_2000.bpmn: a start, 2,000 plain ``task`` elements in a row and an end, no lanes, no layout.

Run `python tests/corpus/interop/make_chain.py` to write it again; the file is committed, this says how it was made.
A long chain finds what grows with a diagram's size: parsing, the pack's checks, a dry run, the state kept.
"""
from pathlib import Path

N = 2000
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_chain" '
        'targetNamespace="http://bpmn.io/schema/bpmn">\n'
        '<process id="Process_chain_2000" name="A chain of 2000 tasks" isExecutable="true">\n')


def main() -> None:
    nodes = ["start", *(f"t{i}" for i in range(1, N + 1)), "end"]
    lines = [HEAD, '<startEvent id="start"/>\n']
    lines += [f'<task id="t{i}"/>\n' for i in range(1, N + 1)]
    lines.append('<endEvent id="end"/>\n')
    lines += [f'<sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>\n'
              for i, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False))]
    lines.append("</process>\n</definitions>\n")
    Path(__file__).with_name("hand_chain_2000.bpmn").write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
