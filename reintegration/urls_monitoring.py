"""monitoring pages."""

urlpatterns = []
