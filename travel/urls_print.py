"""Printable pages and PDFs: the departure summons and the premium receipt."""

urlpatterns = []
