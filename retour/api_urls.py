from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from cases import api as cases_api
from core.api import TokenView
from counselling import api as counselling_api
from eligibility import api as eligibility_api
from people import api as people_api
from people import api_match as people_match_api
from travel import api as travel_api


@extend_schema(exclude=True)
class NoSuchEndpoint(APIView):
    """Any other path under /api/: a 404 problem, not Django's HTML page."""

    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        raise NotFound


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("people/", people_api.PersonListView.as_view(), name="api-people"),
    path("people/match/", people_match_api.PersonMatchView.as_view(), name="api-people-match"),
    # The issue names the endpoint without the trailing slash; both answer.
    path("people/match", people_match_api.PersonMatchView.as_view(schema=None)),
    path("people/<int:pk>/", people_api.PersonDetailView.as_view(), name="api-person"),
    path("people/<int:pk>/documents/", people_api.PersonDocumentsView.as_view(), name="api-person-documents"),
    path("cases/", cases_api.CaseListView.as_view(), name="api-cases"),
    path("cases/<int:pk>/", cases_api.CaseDetailView.as_view(), name="api-case"),
    path("cases/<int:pk>/transitions/", cases_api.CaseTransitionsView.as_view(), name="api-case-transitions"),
    path("cases/<int:pk>/interviews/", counselling_api.CaseInterviewsView.as_view(), name="api-case-interviews"),
    path("cases/<int:pk>/consents/", cases_api.CaseConsentsView.as_view(), name="api-case-consents"),
    path("cases/<int:pk>/travel/", travel_api.CaseTravelView.as_view(), name="api-case-travel"),
    path(
        "cases/<int:pk>/travel/document-requests/",
        travel_api.DocumentRequestsView.as_view(),
        name="api-case-document-requests",
    ),
    path("cases/<int:pk>/travel/bookings/", travel_api.BookingsView.as_view(), name="api-case-bookings"),
    path(
        "cases/<int:pk>/travel/bookings/<int:booking_pk>/cancel/",
        travel_api.BookingCancelView.as_view(),
        name="api-booking-cancel",
    ),
    path("cases/<int:pk>/travel/departure/", travel_api.DepartureView.as_view(), name="api-case-departure"),
    path("cases/<int:pk>/travel/payments/", travel_api.PaymentsView.as_view(), name="api-case-payments"),
    path("interviews/<int:pk>/", counselling_api.InterviewDetailView.as_view(), name="api-interview"),
    path("eligibility/evaluate/", eligibility_api.EvaluateView.as_view(), name="api-eligibility-evaluate"),
    # The issue names the endpoint without the trailing slash; both answer.
    path("eligibility/evaluate", eligibility_api.EvaluateView.as_view(schema=None)),
    path("", include("reintegration.api_urls_referrals")),
    path("", include("reintegration.api_urls_plans")),
    path("", include("reintegration.api_urls_monitoring")),
    path("", include("reintegration.api_urls_partner")),
    path("", include("countries.api_urls")),
    path("", include("counselling.api_urls_screening")),
    path("", include("exchanges.api_urls")),
    path("", include("guides.api_urls")),
    re_path(r"^.*$", NoSuchEndpoint.as_view()),
]
