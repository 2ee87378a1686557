from django.urls import path

from . import views
from .urls_records import urlpatterns as record_patterns

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("cua-toi/", views.my_documents, name="mine"),
    path("den-han-xem-xet/", views.review_due, name="review_due"),
    path("chua-xac-nhan-doc/", views.unacknowledged, name="unacknowledged"),
    path("yeu-cau-sua-doi/", views.change_request_list, name="change_request_list"),
    path("yeu-cau-sua-doi/<int:pk>/", views.change_request_detail, name="change_request_detail"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/thu-hoi/", views.document_withdraw, name="withdraw"),
    path("<int:pk>/xem-xet-dinh-ky/", views.document_periodic_review, name="periodic_review"),
    path("<int:pk>/can-cu-phap-ly/", views.document_legal_bases, name="legal_bases"),
    path("<int:pk>/ban-hanh-lan-moi/", views.revision_start, name="revision_start"),
    path("<int:pk>/so-sanh/", views.revision_diff, name="diff"),
    path("<int:pk>/yeu-cau-sua-doi/", views.change_request_create, name="change_request_create"),
    path("lan-ban-hanh/<int:pk>/", views.revision_detail, name="revision_detail"),
    path("lan-ban-hanh/<int:pk>/sua/", views.revision_edit, name="revision_edit"),
    path("lan-ban-hanh/<int:pk>/trinh/", views.revision_submit, name="revision_submit"),
    path("lan-ban-hanh/<int:pk>/y-kien/", views.revision_decide, name="revision_decide"),
    path("lan-ban-hanh/<int:pk>/phe-duyet/", views.revision_approve, name="revision_approve"),
    path("lan-ban-hanh/<int:pk>/huy/", views.revision_discard, name="revision_discard"),
    path("lan-ban-hanh/<int:pk>/tep/", views.revision_file, name="revision_file"),
    path("phan-phoi/<int:pk>/xac-nhan/", views.acknowledge, name="acknowledge"),
]

urlpatterns += record_patterns  # record rules live in their own modules of this app
