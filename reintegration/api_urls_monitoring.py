"""monitoring endpoints of the API."""

urlpatterns = []
