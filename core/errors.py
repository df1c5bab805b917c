"""Domain errors raised by actions. Views turn them into form errors or
messages, the API into RFC 9457 problem details."""


class DomainError(Exception):
    """A refused operation, with a message fit to show the user."""

    def __init__(self, message, *, field: str | None = None, code: str = "refused"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class StaleEdit(DomainError):
    """Someone else changed the record since the user loaded it."""

    def __init__(self, message):
        super().__init__(message, code="conflict")
