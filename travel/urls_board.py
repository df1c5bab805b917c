"""The departures board of an office or agency, and its calendar feed."""

urlpatterns = []
