from cases.models import Consent


def current_consent(case, person, purpose: str) -> Consent | None:
    """The latest consent record for a purpose: a later withdrawal overrides
    an earlier yes."""
    return (
        Consent.objects.filter(case=case, person=person, purpose=purpose)
        .order_by("-date", "-recorded_at", "-pk")
        .first()
    )
