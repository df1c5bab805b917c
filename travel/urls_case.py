"""The journey pages of one case: travel documents, bookings, the departure day."""

from django.urls import path

from travel import views_case as views

urlpatterns = [
    path("<int:pk>/travel/", views.case_travel, name="travel-case"),
    path("<int:pk>/travel/documents/new/", views.document_request, name="travel-document-request"),
    path("<int:pk>/travel/documents/<int:req_pk>/reminder/", views.document_reminder, name="travel-document-reminder"),
    path("<int:pk>/travel/documents/<int:req_pk>/issued/", views.document_issued, name="travel-document-issued"),
    path("<int:pk>/travel/documents/<int:req_pk>/close/", views.document_close, name="travel-document-close"),
    path("<int:pk>/travel/bookings/new/", views.booking_create, name="travel-booking-create"),
    path("<int:pk>/travel/bookings/<int:booking_pk>/", views.booking_edit, name="travel-booking-edit"),
    path("<int:pk>/travel/bookings/<int:booking_pk>/cancel/", views.booking_cancel, name="travel-booking-cancel"),
    path("<int:pk>/travel/departure/", views.outcome_record, name="travel-outcome"),
    path("<int:pk>/travel/payments/new/", views.payment_record, name="travel-payment"),
]
