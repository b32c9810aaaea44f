"""Handlers are collected from a folder by their marks; names are unique; required parameters are known."""
from __future__ import annotations

from pathlib import Path

import pytest

from motcua.engine.handlers import HandlerError, HandlerRegistry

MODULE = '''
from motcua.engine.handlers import handler

@handler("fees.compute")
def compute(ctx, *, area, rate=1):
    return {"fee": area * rate}

def helper():
    return 1
'''


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_marked_functions_are_registered_with_their_parameters(tmp_path: Path) -> None:
    write(tmp_path / "handlers", "fees.py", MODULE)
    registry = HandlerRegistry.load(tmp_path / "handlers")
    assert registry.names() == ["fees.compute"]
    operator = registry.get("fees.compute")
    assert operator.required == {"area"} and operator.accepted == {"area", "rate"}
    assert operator.call(None, {"area": 3, "rate": 2}) == {"fee": 6}


def test_a_second_handler_under_the_same_name_is_refused_naming_both_files(tmp_path: Path) -> None:
    write(tmp_path / "handlers", "a.py", MODULE)
    write(tmp_path / "handlers", "b.py", MODULE)
    with pytest.raises(HandlerError, match=r"handlers/b.py: operator 'fees.compute' is already registered by handlers/a.py"):
        HandlerRegistry.load(tmp_path / "handlers")


def test_a_handler_returning_something_else_than_a_dict_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "handlers", "bad.py", 'from motcua.engine.handlers import handler\n'
                                          '@handler("bad.one")\ndef one(ctx):\n    return 42\n')
    operator = HandlerRegistry.load(tmp_path / "handlers").get("bad.one")
    with pytest.raises(TypeError, match=r"handler 'bad.one' \(handlers/bad.py\) returned int, not a dict"):
        operator.call(None, {})


def test_the_project_handlers_register_the_operators_the_diagrams_use() -> None:
    registry = HandlerRegistry.load(Path(__file__).resolve().parents[2] / "handlers")
    assert {"intake.receive", "result.return"} <= set(registry.names())
