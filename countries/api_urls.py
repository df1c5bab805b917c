"""Country cards, questions to the country and the knowledge base in the API
(retour/api_urls.py: path("", include("countries.api_urls")))."""

from django.urls import path

from countries import api

urlpatterns = [
    path("countries/", api.CountryListView.as_view(), name="api-countries"),
    path("countries/answers/<int:pk>/withdraw/", api.AnswerWithdrawView.as_view(), name="api-country-answer-withdraw"),
    path("countries/<str:code>/", api.CountryCardView.as_view(), name="api-country"),
    path("countries/<str:code>/answers/", api.AnswersView.as_view(), name="api-country-answers"),
    path("countries/<str:code>/sections/<str:topic>/", api.SectionView.as_view(), name="api-country-section"),
    path("cases/<int:pk>/questions/", api.CaseQuestionsView.as_view(), name="api-case-questions"),
    path(
        "cases/<int:pk>/questions/recipients/",
        api.CaseQuestionRecipientsView.as_view(),
        name="api-case-question-recipients",
    ),
    path("country-questions/", api.ReceivedQuestionsView.as_view(), name="api-country-questions"),
    path("country-questions/<int:pk>/", api.QuestionDetailView.as_view(), name="api-country-question"),
    path("country-questions/<int:pk>/answer/", api.QuestionAnswerView.as_view(), name="api-country-question-answer"),
]
