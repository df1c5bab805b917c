"""Rebuild every match profile and blocking key, after a change to how names
are normalised or keyed (people.matching): the look-up reads the stored keys."""

import time

from django.core.management.base import BaseCommand

from people.matching.index import index_all


class Command(BaseCommand):
    help = "Rebuild the identity-matching index (profiles and blocking keys) of every person."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = index_all()
        self.stdout.write(f"Indexed {count} people in {time.monotonic() - started:.1f} s.")
