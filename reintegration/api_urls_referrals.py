"""referrals endpoints of the API."""

urlpatterns = []
