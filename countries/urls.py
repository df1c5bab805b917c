from django.urls import path

from countries import views, views_questions

urlpatterns = [
    path("", views.country_list, name="countries"),
    path("questions/", views_questions.inbox, name="country-questions"),
    path("questions/<int:pk>/", views_questions.question_detail, name="country-question"),
    path("answers/<int:pk>/withdraw/", views.entry_withdraw, name="country-answer-withdraw"),
    path("<str:code>/", views.country_card, name="country-card"),
    path("<str:code>/answers/", views.answers, name="country-answers"),
    path("<str:code>/sections/<str:topic>/", views.section_edit, name="country-section-edit"),
    path("<str:code>/sections/<str:topic>/history/", views.section_history, name="country-section-history"),
]
