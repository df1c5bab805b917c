"""Referrals to partners and case messages: the pages."""

from django.urls import path

from reintegration import views_referrals as views

urlpatterns = [
    path("referrals/", views.referrals_inbox, name="referrals-inbox"),
    path("<int:pk>/referrals/new/", views.referral_create, name="referral-create"),
    path("<int:pk>/referrals/<int:referral_pk>/accept/", views.referral_accept, name="referral-accept"),
    path("<int:pk>/referrals/<int:referral_pk>/decline/", views.referral_decline, name="referral-decline"),
    path("<int:pk>/referrals/<int:referral_pk>/complete/", views.referral_complete, name="referral-complete"),
    path("<int:pk>/referrals/<int:referral_pk>/withdraw/", views.referral_withdraw, name="referral-withdraw"),
    path("<int:pk>/messages/", views.case_messages, name="case-messages"),
]
