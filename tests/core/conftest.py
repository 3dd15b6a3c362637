import pytest

from jwtdebugger.core import audit


@pytest.fixture
def short_wordlist(monkeypatch):
    """The weak-secret scan over the first 200 entries of the real list instead of 112k.

    For tests about something else (conformance, differential, properties) that inspect
    thousands of HMAC tokens with no or the wrong key: the scan code still runs on every one
    of them, only on a shorter list. tests/core/test_audit.py scans the whole list."""
    short = audit.wordlist()[:200]
    monkeypatch.setattr(audit, "wordlist", lambda: short)
    monkeypatch.setattr(audit, "_wordset", lambda: frozenset(short))
    audit._SCAN_CACHE.clear()
    yield short
    audit._SCAN_CACHE.clear()
