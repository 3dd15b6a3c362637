"""The engine stays pure: no Django import anywhere under jwtdebugger/core."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "jwtdebugger" / "core"


def test_core_sources_import_no_django():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n == "django" or n.startswith("django.")]
    assert offenders == []


def test_core_imports_without_django_loaded():
    code = "import sys, jwtdebugger.core; assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django loaded'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=CORE.parents[1])
    assert result.returncode == 0, result.stderr
