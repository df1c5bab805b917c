"""Referrals to partners and case messages: the pages."""

urlpatterns = []
