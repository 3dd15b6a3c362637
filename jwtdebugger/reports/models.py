"""A shared report: what an inspection found, stored so that a link can show it later.

Never the credential: no token, no signature, no secret, no key material (see documents.py).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import models
from django.utils import timezone


def new_report_id() -> str:
    """192 random bits, URL-safe: the link itself is the only permission to read a report."""
    return secrets.token_urlsafe(24)


class Report(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_report_id, editable=False)
    # The stored report (documents.build_document): what /r/<id>.json and the page show.
    document = models.JSONField()
    hidden_claims = models.JSONField(default=list, blank=True)
    # What the person verified with: secret, pem, jwk, jwks, jwks_url, issuer, or "" for no key.
    key_kind = models.CharField(max_length=16, blank=True, default="")
    # sha256 hex of the delete token: a database leak must not let anyone delete reports.
    delete_token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # Deleting also moves expires_at to the deletion time, so "gone" is one indexed comparison.
    expires_at = models.DateTimeField(db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"report {self.id[:6]}… expires {self.expires_at:%Y-%m-%d %H:%M} UTC"

    def is_gone(self, now: datetime | None = None) -> bool:
        """Expired or deleted: the record remains (410 Gone) until it is purged (404)."""
        return self.deleted_at is not None or self.expires_at <= (now or timezone.now())
