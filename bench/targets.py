"""The TARGET lines of `make bench` (issue #22), one format for every part:

    TARGET <name> <value> <op> <goal> ok|MISSED
    TARGET <name> not measured: <why>

A target that a run could not measure says so; it is never "ok"."""

from __future__ import annotations

import operator

_OPS = {">=": operator.ge, "<=": operator.le, "<": operator.lt, "==": operator.eq}


def line(name: str, value: float, op: str, goal: float, digits: int = 2) -> str:
    verdict = "ok" if _OPS[op](value, goal) else "MISSED"
    return f"TARGET {name} {value:.{digits}f} {op} {goal:.{digits}f} {verdict}"


def not_measured(name: str, why: str) -> str:
    return f"TARGET {name} not measured: {why}"


def say(text: str) -> None:
    print(text, flush=True)
