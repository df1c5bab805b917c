"""Email notifications for the reintegration workspace, through Django's mail
framework (as tasks/reminders.py).

    notify(users, subject, template, context)

Each user with an email address gets one email, in the language of their
first office, sent when the current transaction commits (nothing is sent for
a change that is rolled back). `subject` is a lazy translatable string,
optionally with %(name)s placeholders filled from `context`; `template` a
plain-text template rendered with `context` plus `recipient`.

Email leaves the system: callers put no personal details or message bodies
in the context, only what the recipient needs to find the record (a case
number and a link)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import override

from organisations.access import primary_office

log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    """An absolute link for an email: RETOUR_SITE_URL (if set) + path."""
    base = getattr(settings, "RETOUR_SITE_URL", "") or ""
    return base.rstrip("/") + path


def notify(users, subject, template: str, context: dict) -> int:
    """Queue one email per distinct user with an address; returns how many."""
    seen, queued = set(), 0
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if not user.email:
            log.warning("No email address for user %s; notification %s not sent", user.pk, template)
            continue
        office = primary_office(user)
        language = office.default_language if office else settings.LANGUAGE_CODE
        with override(language):
            text = str(subject)
            try:
                text = text % context
            except (KeyError, TypeError, ValueError):
                pass
            body = render_to_string(template, {**context, "recipient": user})
        transaction.on_commit(
            lambda s=text, b=body, to=user.email: send_mail(s, b, None, [to]),
            robust=True,
        )
        queued += 1
    return queued
