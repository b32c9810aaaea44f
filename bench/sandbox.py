"""What bounding diagram scripts costs: a condition and a script task through the script process.

    python -m bench.sandbox [--rounds 2000]

Prints the milliseconds per evaluation and per script (the JSON round trip to
the helper process) against running the same restricted code in this process,
and the one-off start of a helper process (after a killed runaway script).
"""
from __future__ import annotations

import argparse
import time

from motcua.engine.restricted import Compiler
from motcua.engine.sandbox import SandboxEnvironment

DATA = {"decision": "approve", "fee": 50000, "papers": [{"name": f"paper {i}", "copies": 2} for i in range(10)],
        "note": "Đã kiểm tra đủ giấy tờ " * 10}
CONDITION = "decision == 'approve' and fee > 0"
SCRIPT = "total = fee * len(papers)\ncopies = sum(p['copies'] for p in papers)"


def _ms(work: object, rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        work()  # type: ignore[operator]
    return (time.perf_counter() - started) / rounds * 1000


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds
    sandbox, compiler = SandboxEnvironment(), Compiler()
    started = time.perf_counter()
    sandbox.evaluate("1", {})
    print(f"helper process start:      {(time.perf_counter() - started) * 1000:7.1f} ms (once per thread)")
    print(f"condition, bounded:        {_ms(lambda: sandbox.evaluate(CONDITION, dict(DATA)), rounds):7.3f} ms")
    print(f"condition, in-process:     {_ms(lambda: compiler.run('eval', CONDITION, dict(DATA), {}), rounds):7.3f} ms")
    print(f"script task, bounded:      {_ms(lambda: sandbox.execute(SCRIPT, dict(DATA)), rounds):7.3f} ms")
    print(f"script task, in-process:   {_ms(lambda: compiler.run('exec', SCRIPT, dict(DATA), {}), rounds):7.3f} ms")


if __name__ == "__main__":
    main()
