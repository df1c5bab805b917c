"""Filled in by the eligibility views."""

urlpatterns: list = []
