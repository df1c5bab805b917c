"""partner endpoints of the API."""

urlpatterns = []
