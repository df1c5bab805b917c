"""The departures board of an office or agency, and its calendar feed."""

from django.urls import path

from travel import views_board

urlpatterns = [
    path("departures/", views_board.departures, name="departures"),
    path("departures/calendar-address/", views_board.new_feed_key, name="departures-feed-key"),
    path("departures.ics", views_board.departures_ics, name="departures-ics"),
]
