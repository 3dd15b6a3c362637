"""The learn modules that decide things stay pure: no Django import, like the engine."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

LEARN = Path(__file__).resolve().parents[2] / "jwtdebugger" / "learn"
PURE = ("authorizers", "cases", "demo", "lessons", "quiz", "scenarios", "snippets", "token_response")


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_django(module):
    tree = ast.parse((LEARN / f"{module}.py").read_text())
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
    assert [n for n in imported if n == "django" or n.startswith("django.")] == []


def test_pure_modules_load_without_django():
    imports = "; ".join(f"import jwtdebugger.learn.{m}" for m in PURE)
    code = f"import sys; {imports}; assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django loaded'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=LEARN.parents[1])
    assert result.returncode == 0, result.stderr
