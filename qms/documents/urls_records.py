"""URLs of the record rule pages, included by ``qms.documents.urls`` (namespace ``documents``)."""

from django.urls import path

from . import views_records as views

urlpatterns = [
    path("ho-so/", views.record_rule_list, name="record_rule_list"),
    path("ho-so/them/", views.record_rule_create, name="record_rule_create"),
    path("ho-so/den-han-huy/", views.record_disposal_due, name="record_disposal_due"),
    path("ho-so/<int:pk>/", views.record_rule_detail, name="record_rule_detail"),
    path("ho-so/<int:pk>/sua/", views.record_rule_edit, name="record_rule_edit"),
    path("ho-so/<int:pk>/xoa/", views.record_rule_delete, name="record_rule_delete"),
    path("ho-so/<int:pk>/them-tap/", views.record_holding_add, name="record_holding_add"),
    path("ho-so/tap/<int:pk>/huy/", views.record_holding_dispose, name="record_holding_dispose"),
]
