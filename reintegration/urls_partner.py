"""partner pages."""

urlpatterns = []
