from django.urls import path

from tasks import views

urlpatterns = [
    path("", views.my_tasks, name="my-tasks"),
    path("office/", views.office_overdue, name="office-overdue-tasks"),
    path("new/", views.task_create, name="task-create"),
    path("<int:pk>/done/", views.task_done, name="task-done"),
    path("<int:pk>/reopen/", views.task_reopen, name="task-reopen"),
]
