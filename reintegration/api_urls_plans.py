"""plans endpoints of the API: a case's reintegration plan versions, their
objectives and budget lines, the decision, purchases in kind, and the
partners' exchange rates."""

from django.urls import path

from reintegration import api_plans as api

P = "cases/<int:pk>/reintegration/plans/<int:plan_pk>/"

urlpatterns = [
    path("cases/<int:pk>/reintegration/plans/", api.PlansView.as_view(), name="api-case-plans"),
    path(P, api.PlanView.as_view(), name="api-case-plan"),
    path(P + "objectives/", api.ObjectivesView.as_view(), name="api-plan-objectives"),
    path(P + "objectives/<int:item_pk>/", api.ObjectiveView.as_view(), name="api-plan-objective"),
    path(P + "lines/", api.LinesView.as_view(), name="api-plan-lines"),
    path(P + "lines/<int:item_pk>/", api.LineView.as_view(), name="api-plan-line"),
    path(P + "submit/", api.SubmitView.as_view(), name="api-plan-submit"),
    path(P + "approve/", api.ApproveView.as_view(), name="api-plan-approve"),
    path(P + "return/", api.ReturnView.as_view(), name="api-plan-return"),
    path("cases/<int:pk>/reintegration/disbursements/", api.DisbursementsView.as_view(), name="api-case-disbursements"),
    path("exchange-rates/", api.RatesView.as_view(), name="api-exchange-rates"),
]
