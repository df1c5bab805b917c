"""Staff exchanges between agencies (included under /exchanges/)."""

from django.urls import path

from exchanges import views

urlpatterns = [
    path("", views.exchange_list, name="exchange-list"),
    path("new/", views.exchange_create, name="exchange-create"),
    path("earlier/", views.exchange_earlier, name="exchange-earlier"),
    path("<int:pk>/", views.exchange_detail, name="exchange-detail"),
    path("<int:pk>/edit/", views.exchange_edit, name="exchange-edit"),
    path("<int:pk>/material/", views.material_add, name="exchange-material-add"),
    path("<int:pk>/material/<int:material_pk>/remove/", views.material_remove, name="exchange-material-remove"),
]
