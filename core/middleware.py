import zoneinfo

from django.utils import timezone

from organisations.access import primary_office


class OfficeTimezoneMiddleware:
    """Show dates in the time zone of the office the user works in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        office = primary_office(request.user) if hasattr(request, "user") else None
        if office is not None:
            timezone.activate(zoneinfo.ZoneInfo(office.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)
