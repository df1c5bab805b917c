"""The case timeline: transitions, interviews, consents and notes, newest
first, each as a plain dict the template can show."""

from django.utils.translation import gettext as _

from cases.lifecycle import Status


def build_timeline(case, *, notes, with_interviews: bool) -> list[dict]:
    labels = dict(Status.choices)
    items = []
    for t in case.transitions.select_related("by"):
        title = (
            _("Case opened")
            if not t.from_status
            else _("%(from)s → %(to)s") % {"from": labels.get(t.from_status), "to": labels.get(t.to_status)}
        )
        items.append(
            {"at": t.at, "kind": "transition", "title": title, "by": t.by, "body": t.reason if t.from_status else ""}
        )
    if with_interviews:
        for i in case.interviews.select_related("counsellor"):
            items.append(
                {
                    "at": i.held_at,
                    "kind": "interview",
                    "interview": i,
                    "by": i.counsellor,
                    "title": _("Interview (%(mode)s)") % {"mode": i.get_mode_display()},
                    "body": i.notes,
                }
            )
    for c in case.consents.select_related("person", "recorded_by", "partner"):
        items.append(
            {
                "at": c.recorded_at,
                "kind": "consent",
                "by": c.recorded_by,
                "title": _("Consent: %(purpose)s – %(state)s")
                % {"purpose": c.get_purpose_display(), "state": c.get_state_display()},
                "body": "",
                "consent": c,
            }
        )
    for n in notes:
        items.append(
            {
                "at": n.created_at,
                "kind": "note",
                "by": n.author,
                "note": n,
                "title": _("Note (%(visibility)s)") % {"visibility": n.get_visibility_display()},
                "body": n.body,
            }
        )
    items.sort(key=lambda item: item["at"], reverse=True)
    return items
