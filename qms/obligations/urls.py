from django.urls import path

from . import views

app_name = "obligations"

urlpatterns = [
    path("", views.obligation_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/hoan-thanh/", views.close, name="close"),
]
