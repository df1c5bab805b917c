"""The reintegration plan of a case, its purchases in kind, and the partners'
rate table (included under cases/)."""

from django.urls import path

from reintegration import views_plans as views

P = "<int:pk>/reintegration/plan/<int:plan_pk>/"

urlpatterns = [
    path("rates/", views.exchange_rates, name="exchange-rates"),
    path("<int:pk>/reintegration/plan/", views.case_plan, name="case-plan"),
    path("<int:pk>/reintegration/plan/new/", views.plan_start, name="plan-start"),
    path(P + "summary/", views.plan_summary, name="plan-summary"),
    path(P + "objectives/new/", views.objective_add, name="plan-objective-add"),
    path(P + "objectives/<int:item_pk>/", views.objective_edit, name="plan-objective-edit"),
    path(P + "objectives/<int:item_pk>/delete/", views.objective_delete, name="plan-objective-delete"),
    path(P + "lines/new/", views.line_add, name="plan-line-add"),
    path(P + "lines/<int:item_pk>/", views.line_edit, name="plan-line-edit"),
    path(P + "lines/<int:item_pk>/delete/", views.line_delete, name="plan-line-delete"),
    path(P + "submit/", views.plan_submit, name="plan-submit"),
    path(P + "approve/", views.plan_approve, name="plan-approve"),
    path(P + "return/", views.plan_return, name="plan-return"),
    path("<int:pk>/reintegration/purchases/new/", views.disbursement_create, name="disbursement-create"),
    path("<int:pk>/reintegration/purchases/<int:item_pk>/proof/", views.disbursement_proof, name="disbursement-proof"),
]
