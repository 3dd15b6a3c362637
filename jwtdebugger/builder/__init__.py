"""The token builder: write a header and payload, sign them, get the key that verifies them.

A plain package (no models, so not an app): `/build/` and `POST /api/v1/sign`. Nothing the
user sends is stored or logged; the answers never repeat a secret or a pasted private key.
"""
