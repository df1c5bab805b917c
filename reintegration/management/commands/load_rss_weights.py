from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reintegration import rss
from reintegration.actions_monitoring import make_current
from reintegration.models import RssWeights


class Command(BaseCommand):
    help = (
        "Store the survey weights files (reintegration/rss/weights-*.yaml, or the files given) not stored yet. "
        "When no version is current, the last one loaded becomes current; --make-current LABEL makes that "
        "version current and recomputes every survey's scores. Safe to run again: nothing changes twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Weights files (default: reintegration/rss/weights-*.yaml).")
        parser.add_argument("--make-current", metavar="LABEL", help="Make this weights version current.")

    def handle(self, *args, files=(), **options):
        label = options.get("make_current")
        paths = [Path(f) for f in files] or None
        try:
            new, same = rss.load_weights(paths)
        except rss.RssFileError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}") from None
        self.stdout.write(f"{len(new)} weights version(s) stored, {len(same)} already stored.")
        target = None
        if label:
            target = RssWeights.objects.filter(label=label).first()
            if target is None:
                raise CommandError(f"--make-current: no weights version labelled {label!r}.")
        elif not RssWeights.objects.filter(is_current=True).exists():
            target = (new or same or [None])[-1]
        if target is not None and not target.is_current:
            make_current(target)
            self.stdout.write(f"{target.label} is now current; scores recomputed.")
