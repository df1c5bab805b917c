"""The information sheet for the person (included under /cases/)."""

from django.urls import path

from counselling import views_sheet

urlpatterns = [
    path("<int:pk>/sheet/", views_sheet.sheet_page, name="sheet"),
    path("<int:pk>/sheet.pdf", views_sheet.sheet_pdf, name="sheet-pdf"),
]
