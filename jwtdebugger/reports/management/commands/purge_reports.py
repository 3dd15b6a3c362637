"""Delete the records of shared reports that expired or were deleted (run it from cron).

Until purged such a report answers 410 Gone; afterwards its id answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jwtdebugger.reports.services import reports_purge


class Command(BaseCommand):
    help = "Delete expired or deleted shared reports and print how many were deleted."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reports_purge()
        self.stdout.write(f"Purged {count} report{'' if count == 1 else 's'}.")
