"""A helper process that runs diagram scripts with a hard time and memory budget.

A script such as ``s = 'a' * 10**10`` or ``10**10**8`` spends its time and
memory inside one C call, which no tracer inside the web process can stop, and
an address-space limit (RLIMIT_AS) cannot be set on a web or worker process
without starving its own requests. So scripts run in a small child process
that has the limit on itself: an allocation past the budget fails there with
MemoryError, and a script past its time is killed by the parent. A script's
time is the processor time its child spends on it, not the clock: on a loaded
server a one-line condition may wait seconds for a core without having used
any of its budget (CI saw ``proposal == 'supplement'`` killed at 2 s), while
a runaway loop uses its budget at the clock's pace whenever it runs; the clock
bounds it too, at ``WALL_FACTOR`` times the budget. One child per
thread of each web or worker process, started on first use and kept (a round
trip is a fraction of a millisecond: ``python -m bench.sandbox``); a killed
child is replaced at the next script. Data crosses as JSON (SpiffWorkflow's
own converter for dates and times), never as pickle, so nothing the child
sends can run code in the parent.
"""
from __future__ import annotations

import builtins
import json
import os
import resource
import select
import struct
import subprocess
import sys
import threading
import time
from typing import Any

from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry

from motcua.engine.restricted import Compiler, ScriptError, ScriptMemoryError, ScriptTimeout

_HEADER = struct.Struct(">I")
MAX_REPLY = 16 * 1024 * 1024  # task data is a form's worth of values, never this much
STARTUP = 60.0  # seconds a new child may take to start (a loaded machine); not counted in any script's budget
WALL_FACTOR = 10  # a script waiting for a core is given up after this many times its budget on the clock
_TICKS = os.sysconf("SC_CLK_TCK")  # the unit of /proc/<pid>/stat's times
_registry = DefaultRegistry()


def _plain(value: Any) -> Any:
    """What the state serializer would save for values JSON lacks (spec.py): dates as ISO text, sets as lists."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return list(value)
    raise TypeError(f"a {type(value).__name__} is not plain data")


def _encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(_registry.convert(message), ensure_ascii=False, default=_plain).encode("utf-8")
    return _HEADER.pack(len(body)) + body


def _decode(body: bytes) -> dict[str, Any]:
    return _registry.restore(json.loads(body))


def _cpu_seconds(pid: int) -> float | None:
    """Processor time (user + system) the process has used, from /proc; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()  # the name, in brackets, may hold spaces
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime: fields 14 and 15 of proc(5)


class _Budget:
    """How long the parent still waits for a script: its budget of the child's processor time, or of the clock
    where /proc cannot say, and at most WALL_FACTOR times the budget on the clock in any case."""

    def __init__(self, pid: int, seconds: float) -> None:
        self.pid, self.seconds = pid, seconds
        self.started = time.monotonic()
        self.cpu_at_start = _cpu_seconds(pid)

    def left(self) -> float:
        """Seconds to wait before asking again; zero or less once the script has had its time."""
        waited = time.monotonic() - self.started
        if self.cpu_at_start is None or (used := _cpu_seconds(self.pid)) is None:
            spent = waited
        else:
            spent = used - self.cpu_at_start
        return min(self.seconds - spent, self.seconds * WALL_FACTOR - waited)


class _Deadline:
    """A wait bounded by the clock alone (a child starting up)."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds still to wait."""
        return self.at - time.monotonic()


class ScriptProcess:
    """The parent's handle on one child: send a script, wait at most its budget, get data or an error back."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self._child: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        """This thread's child, started and waited for (it says when it is ready) if there is none."""
        if self._child is None or self._child.poll() is not None:
            self._child = subprocess.Popen([sys.executable, "-m", "motcua.engine.script_process", str(self.memory_mb)],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
            try:
                _decode(self._read(self._child, _Deadline(STARTUP)))
            except (ScriptTimeout, OSError, ValueError) as exc:
                self.stop()
                raise ScriptError(f"the script process could not start: {exc!r}") from None
        return self._child

    def stop(self) -> None:
        """Kill the child (a runaway script, or a broken reply); the next script starts a new one."""
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._child = None

    def run(self, mode: str, source: str, context: dict[str, Any], external: dict[str, Any],
            seconds: float) -> dict[str, Any]:
        """What Compiler.run answers in the child; ScriptTimeout / ScriptMemoryError / the script's own error."""
        try:
            request = _encode({"mode": mode, "source": source, "context": context, "external": external})
        except (TypeError, ValueError) as exc:
            raise ScriptError(f"the task data cannot be handed to a script: {exc}") from exc
        child = self._start()
        budget = _Budget(child.pid, seconds)  # counted from here: a child's start-up is not the script's time
        assert child.stdin is not None  # _start opens both pipes
        try:
            child.stdin.write(request)
            child.stdin.flush()
            reply = _decode(self._read(child, budget))
        except ScriptTimeout:
            self.stop()
            raise ScriptTimeout(f"script ran longer than {seconds:g} s and was stopped") from None
        except (OSError, ValueError) as exc:  # the child died (out of memory in C code) or sent garbage
            self.stop()
            raise ScriptMemoryError(f"script stopped: it needed more than {self.memory_mb} MB of memory "
                                    f"or crashed ({exc})") from None
        if "error" in reply:
            raise _rebuild(reply["error"], reply["message"])
        return reply

    def _read(self, child: subprocess.Popen[bytes], wait: _Budget | _Deadline) -> bytes:
        assert child.stdout is not None  # _start opens both pipes
        fd = child.stdout.fileno()
        buffer = bytearray()
        needed = _HEADER.size
        while len(buffer) < needed:
            left = wait.left()
            if left <= 0:
                raise ScriptTimeout
            if not select.select([fd], [], [], left)[0]:
                continue  # asked again: a child kept off the processor has not spent its budget
            chunk = os.read(fd, min(needed - len(buffer), 1 << 20))
            if not chunk:
                raise OSError("the script process ended")
            buffer += chunk
            if needed == _HEADER.size and len(buffer) == needed:
                length = _HEADER.unpack(bytes(buffer))[0]
                if length > MAX_REPLY:
                    raise ValueError(f"reply of {length} bytes")
                needed += length
        return bytes(buffer[_HEADER.size:])


def _rebuild(kind: str, message: str) -> Exception:
    """The child's error as the parent raises it: a builtin exception keeps its type (NameError, ...)."""
    known = {"ScriptError": ScriptError, "ScriptTimeout": ScriptTimeout, "ScriptMemoryError": ScriptMemoryError}
    if kind in known:
        return known[kind](message)
    builtin = getattr(builtins, kind, None)
    if isinstance(builtin, type) and issubclass(builtin, Exception):
        try:
            return builtin(message)
        except TypeError:  # an exception type taking other arguments
            pass
    return ScriptError(f"{kind}: {message}")


class ScriptProcesses:
    """One ScriptProcess per thread and per OS process (a forked server worker must not share its parent's)."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self._local = threading.local()

    def current(self) -> ScriptProcess:
        """This thread's script process."""
        owned = getattr(self._local, "owned", None)
        if owned is None or owned[0] != os.getpid():
            owned = (os.getpid(), ScriptProcess(self.memory_mb))
            self._local.owned = owned
        return owned[1]


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at what it uses now plus the scripts' budget."""
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    limit = used + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(memory_mb: int) -> None:
    """The child's loop: read a request, run it, answer, until the parent closes the pipe."""
    compiler = Compiler()
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    _limit_memory(memory_mb)
    sink.write(_encode({"ready": True}))
    sink.flush()
    while header := source.read(_HEADER.size):
        request = _decode(source.read(_HEADER.unpack(header)[0]))
        try:
            result = compiler.run(request["mode"], request["source"], request["context"], request["external"])
            try:
                answer = _encode(result)
            except (TypeError, ValueError) as exc:
                raise ScriptError(f"a script may leave only plain data (text, numbers, dates, lists, "
                                  f"dictionaries): {exc}") from None
        except MemoryError:
            answer = _encode({"error": "ScriptMemoryError",
                              "message": f"script needed more than {memory_mb} MB of memory and was stopped"})
        except Exception as exc:  # noqa: BLE001 - every script error goes back to the parent by name
            answer = _encode({"error": type(exc).__name__, "message": str(exc)})
        if len(answer) > MAX_REPLY + _HEADER.size:
            answer = _encode({"error": "ScriptError",
                              "message": f"script left more than {MAX_REPLY // 1024 // 1024} MB of data"})
        sink.write(answer)
        sink.flush()


if __name__ == "__main__":
    try:
        _serve(int(sys.argv[1]))
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away (killed, or shut down): nothing to answer
        sys.exit(0)
