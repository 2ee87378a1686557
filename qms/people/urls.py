from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("them/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/sua/", views.user_edit, name="user_edit"),
    path("chuyen-co-quan/", views.switch_workspace, name="switch_workspace"),
    path("ban-chi-dao/", views.committee_list, name="committee_list"),
    path("ban-chi-dao/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("ban-chi-dao/thanh-vien/<int:pk>/bot/", views.committee_member_remove, name="committee_member_remove"),
    path("dao-tao/", views.training_list, name="training_list"),
    path("dao-tao/them/", views.training_create, name="training_create"),
    path("dao-tao/<int:pk>/sua/", views.training_edit, name="training_edit"),
    path("dao-tao/<int:pk>/xoa/", views.training_delete, name="training_delete"),
]
