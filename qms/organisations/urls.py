from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("danh-sach/", views.organisation_list, name="list"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:parent_pk>/them/", views.create, name="create"),
    path("<int:pk>/ke-thua/", views.lineage_add, name="lineage_add"),
    path("vai-tro/<int:pk>/thu-hoi/", views.membership_revoke, name="membership_revoke"),
]
