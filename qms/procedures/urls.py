from django.urls import include, path

from . import views, views_calendar

app_name = "procedures"

# Catalogue, assignments, calendar and coverage are listed here; processes in ``urls_processes``.
urlpatterns: list = [
    path("", views.procedure_list, name="list"),
    path("<int:pk>/", views.procedure_detail, name="detail"),
    path("<int:pk>/sua/", views.procedure_edit, name="edit"),
    path("<int:pk>/giao/", views.procedure_assign, name="assign"),
    path("giao/<int:pk>/", views.assignment_link, name="assignment"),
    path("giao/<int:pk>/thoi-giao/", views.assignment_end, name="unassign"),
    path("quyet-dinh-cong-bo/", views.decision_list, name="decisions"),
    path("nhap-tu-tep/", views.catalogue_import, name="import"),
    path("co-quan/", views.agency_scope, name="my_agency"),
    path("co-quan/<int:pk>/", views.agency_scope, name="agency"),
    path("do-bao-phu/", views.coverage, name="coverage"),
    path("lich-nghi/", views_calendar.calendar_list, name="calendar"),
    path("lich-nghi/them/", views_calendar.calendar_create, name="calendar_create"),
    path("lich-nghi/nhap-tu-tep/", views_calendar.calendar_import, name="calendar_import"),
    path("lich-nghi/<int:pk>/sua/", views_calendar.calendar_edit, name="calendar_edit"),
    path("lich-nghi/<int:pk>/xoa/", views_calendar.calendar_delete, name="calendar_delete"),
    path("quy-trinh/", include("qms.procedures.urls_processes")),
]
