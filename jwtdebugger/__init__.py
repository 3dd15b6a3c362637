"""The JWT debugger: a Django app around a pure-Python token engine (`jwtdebugger.core`)."""
