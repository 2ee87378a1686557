from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.legal_list, name="list"),
    path("them/", views.create, name="create"),
    path("nhap-tu-tep/", views.import_texts, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/thay-the/", views.replace, name="replace"),
    path("<int:pk>/tep/", views.download, name="file"),
]
