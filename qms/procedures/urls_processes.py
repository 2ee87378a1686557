"""Process pages, included from ``urls.py`` under "quy-trinh/" (names in the "procedures" namespace).

``<pk>`` is the process document; ``ban-hanh/<revision_pk>`` a revision (lần ban hành) being edited."""

from django.urls import path

from . import views_processes as views

urlpatterns: list = [
    path("", views.process_list, name="process_list"),
    path("them/", views.process_create, name="process_create"),
    path("<int:pk>/", views.process_detail, name="process_detail"),
    path("<int:pk>/word/", views.process_word, name="process_word"),
    path("<int:pk>/ban-hanh-lan-moi/", views.process_revision_start, name="process_revision_start"),
    path("ban-hanh/<int:revision_pk>/soan/", views.process_content_start, name="process_content_start"),
    path("ban-hanh/<int:revision_pk>/sua/", views.process_edit, name="process_edit"),
    path("ban-hanh/<int:revision_pk>/buoc/", views.process_steps, name="process_steps"),
    path("ban-hanh/<int:revision_pk>/buoc/<int:step_pk>/sua/", views.process_step_edit, name="process_step_edit"),
    path("ban-hanh/<int:revision_pk>/buoc/<int:step_pk>/xoa/", views.process_step_delete, name="process_step_delete"),
    path("ban-hanh/<int:revision_pk>/buoc/<int:step_pk>/chuyen/", views.process_step_move, name="process_step_move"),
    path("ban-hanh/<int:revision_pk>/ho-so/", views.process_records, name="process_records"),
    path(
        "ban-hanh/<int:revision_pk>/ho-so/<int:record_pk>/sua/", views.process_record_edit, name="process_record_edit"
    ),
    path(
        "ban-hanh/<int:revision_pk>/ho-so/<int:record_pk>/xoa/",
        views.process_record_delete,
        name="process_record_delete",
    ),
    path("ban-hanh/<int:revision_pk>/thu-tuc/", views.process_procedures, name="process_procedures"),
]
