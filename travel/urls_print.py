"""Printable pages and PDFs: the departure summons and the premium receipt."""

from django.urls import path

from travel import views_print

urlpatterns = [
    path(
        "<int:pk>/travel/bookings/<int:booking_pk>/summons/",
        views_print.summons_page,
        name="travel-summons",
    ),
    path(
        "<int:pk>/travel/bookings/<int:booking_pk>/summons.pdf",
        views_print.summons_pdf,
        name="travel-summons-pdf",
    ),
    path(
        "<int:pk>/travel/payments/<int:payment_pk>/receipt.pdf",
        views_print.receipt_pdf,
        name="travel-receipt-pdf",
    ),
]
