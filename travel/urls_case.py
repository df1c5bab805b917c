"""The journey pages of one case: travel documents, bookings, the departure day."""

urlpatterns = []
