"""Keep an instance's task tree to the part that can still matter, so a step costs the same at loop 100.

SpiffWorkflow 3.x never forgets a task: a flow that goes back to an earlier step (a leader sending a
dossier back, a citizen asked for more papers) grows new tasks under the finished ones, and every finished
call to a sub-process stays in ``workflow.subprocesses``. Each save serialised all of it and each step
restored all of it, so a dossier sent back a hundred times cost twenty times more per step than a new one
(``python -m bench.land_change --loops 100``). The business event log already keeps the history.

Before a save, for the instance and each of its sub-processes: everything not on the way to an unfinished
task is dropped. The unfinished tasks' lowest common ancestor keeps its parent (whose data it inherited, and
which SpiffWorkflow copies data from when migration resets the ancestor's branch), and that parent is hung
directly under the tree's root. Finished sub-processes whose calling task was dropped go with it. Finished
instances are left whole (their tree was bounded by the last prune). What dropped tasks did for people is
tallied on the root (``completed_steps``) so the records can still be checked against the state.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from SpiffWorkflow.util.task import TaskState

TALLY_KEY = "pruned_steps"  # the root task's internal data: bpmn id → human tasks done in dropped branches


def prune(workflow: Any) -> int:
    """Drop the finished tasks no unfinished one descends from; how many were dropped."""
    tally: Counter[str] = Counter(workflow.task_tree.internal_data.get(TALLY_KEY, {}))
    dropped = 0
    for process in [workflow, *workflow.subprocesses.values()]:
        dropped += _prune_process(process, workflow, tally)
    dropped += _drop_orphans(workflow, tally)
    if dropped:
        workflow.task_tree.internal_data[TALLY_KEY] = dict(tally)
    return dropped


def completed_steps(workflow: Any) -> Counter[str]:
    """Human tasks the instance has completed, by diagram element, those in dropped branches included."""
    done = Counter(t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED) if t.task_spec.manual)
    done.update(workflow.task_tree.internal_data.get(TALLY_KEY, {}))
    return done


def _prune_process(process: Any, top: Any, tally: Counter[str]) -> int:
    root = process.task_tree
    unfinished = [t for t in process.tasks.values() if t.has_state(TaskState.NOT_FINISHED_MASK)]
    if not unfinished:
        return 0
    common = _common_ancestor(unfinished)
    anchor = common.parent
    if anchor is None or anchor is root or anchor.parent is root:
        return 0
    kept = {root.id, *(t.id for t in _subtree(anchor))}
    dropped = [t for t in process.tasks.values() if t.id not in kept]
    for task in dropped:
        _forget(task, process, top, tally)
    root._children = [anchor.id]
    anchor._parent = root.id
    if process.last_task is not None and process.last_task.id not in kept:
        process.last_task = None
    return len(dropped)


def _drop_orphans(top: Any, tally: Counter[str]) -> int:
    """Sub-processes whose calling task is gone (and those they called in turn)."""
    dropped = 0
    while True:
        live = set(top.tasks).union(*(sp.tasks for sp in top.subprocesses.values()))
        orphans = [sp_id for sp_id in top.subprocesses if sp_id not in live]
        if not orphans:
            return dropped
        for sp_id in orphans:
            process = top.subprocesses.pop(sp_id)
            dropped += len(process.tasks)
            for task in list(process.tasks.values()):
                _forget(task, process, top, tally)


def _forget(task: Any, process: Any, top: Any, tally: Counter[str]) -> None:
    if task.state == TaskState.COMPLETED and task.task_spec.manual:
        tally[task.task_spec.bpmn_id] += 1
    top.event_manager.remove_task(task)
    process.tasks.pop(task.id, None)


def _common_ancestor(tasks: list[Any]) -> Any:
    """The deepest task that every one of ``tasks`` is, or descends from."""
    path = _ancestry(tasks[0])
    index = {t.id: i for i, t in enumerate(path)}
    deepest = len(path) - 1
    for task in tasks[1:]:
        node = task
        while node.id not in index:
            node = node.parent
        deepest = min(deepest, index[node.id])
    return path[deepest]


def _ancestry(task: Any) -> list[Any]:
    """The tasks from the root down to ``task``."""
    path = []
    node = task
    while node is not None:
        path.append(node)
        node = node.parent
    return path[::-1]


def _subtree(task: Any) -> list[Any]:
    found, stack = [], [task]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found
