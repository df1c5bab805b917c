"""plans endpoints of the API."""

urlpatterns = []
