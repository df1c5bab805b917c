"""referrals endpoints of the API."""

from django.urls import path

from reintegration import api_referrals as api

urlpatterns = [
    path("referrals/", api.ReferralInboxView.as_view(), name="api-referrals-inbox"),
    path("cases/<int:pk>/referrals/", api.CaseReferralsView.as_view(), name="api-case-referrals"),
    path(
        "cases/<int:pk>/referrals/<int:referral_pk>/accept/",
        api.ReferralAcceptView.as_view(),
        name="api-referral-accept",
    ),
    path(
        "cases/<int:pk>/referrals/<int:referral_pk>/decline/",
        api.ReferralDeclineView.as_view(),
        name="api-referral-decline",
    ),
    path(
        "cases/<int:pk>/referrals/<int:referral_pk>/complete/",
        api.ReferralCompleteView.as_view(),
        name="api-referral-complete",
    ),
    path(
        "cases/<int:pk>/referrals/<int:referral_pk>/withdraw/",
        api.ReferralWithdrawView.as_view(),
        name="api-referral-withdraw",
    ),
    path("cases/<int:pk>/partner-view/", api.PartnerCaseView.as_view(), name="api-case-partner-view"),
    path("cases/<int:pk>/messages/", api.CaseMessagesView.as_view(), name="api-case-messages"),
]
