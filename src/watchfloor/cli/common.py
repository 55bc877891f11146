"""What the command modules share: the run state and the error line."""

from __future__ import annotations

import sys
from dataclasses import dataclass

__all__ = ["ReportedError", "State", "error_line", "state"]


@dataclass
class State:
    debug: bool = False


state = State()


class ReportedError(Exception):
    """Ends a command with an exit code after its errors were already reported."""

    def __init__(self, code: int = 1) -> None:
        super().__init__(code)
        self.code = code


def error_line(message: str) -> None:
    """One line on stderr for one failed input; newlines in the message are flattened."""
    print(f"watchfloor: error: {' '.join(message.split())}", file=sys.stderr)
