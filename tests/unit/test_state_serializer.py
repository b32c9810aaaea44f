"""Instance state is compact: the spec is stored once per version, never in an instance's state."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer

from features.steps.land_change import receive_data
from motcua.domain.clock import FixedClock
from motcua.domain.dossier import DossierFacts
from motcua.engine.offline import offline_contexts
from motcua.engine.pack import load_pack
from motcua.engine.runner import ProcessRunner
from motcua.engine.spec import state_json

ROOT = Path(__file__).resolve().parents[2]


def test_state_round_trips_without_the_spec() -> None:
    pack = load_pack(ROOT)
    loaded = pack.get("land_change")
    clock = FixedClock(datetime(2026, 1, 5, 9, 0))
    runner = ProcessRunner(pack.handlers, clock, pack.calendar)
    facts = DossierFacts(None, loaded.procedure.code, "", "80001", "80001")
    context = offline_contexts(loaded.procedure, facts, clock)

    spec_json = runner.serializer.dump_spec(loaded.compiled.spec, loaded.compiled.subprocess_specs)
    spec, subs = runner.serializer.load_spec(spec_json)
    workflow = runner.start(spec, subs, context)
    state = runner.dump(workflow)
    text = state_json(state)
    assert "spec" not in json.loads(text) and "Tiếp nhận" not in text
    stock = BpmnWorkflowSerializer(runner.serializer._specs.registry).serialize_json(workflow)
    assert len(text) + 0.9 * len(spec_json) < len(stock)  # the spec is what the compact state leaves out
    assert len(state) < len(text) / 3  # and deflating the rest stores a fraction of it

    restored = runner.restore(state, spec, subs)
    task = runner.human_tasks(restored)[0]
    assert task.element_id == "receive" and task.role == "reception" and task.form == "land_change_receive"
    runner.complete(restored, task.id, receive_data(), context)
    assert facts.code == "80001-260105-0001"
    assert [t.element_id for t in runner.human_tasks(runner.restore(runner.dump(restored), spec, subs))] == ["verify"]
