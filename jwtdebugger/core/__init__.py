"""The token engine: pure Python, no Django import anywhere below (a test enforces it).

Entry point: :func:`jwtdebugger.core.inspect.inspect`.
"""

from jwtdebugger.core.inspect import inspect
from jwtdebugger.core.results import Check, Expectations, KeyInput, Report, Status, Verdict

__all__ = ["Check", "Expectations", "KeyInput", "Report", "Status", "Verdict", "inspect"]
