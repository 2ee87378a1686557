from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.home, name="home"),
    path("tinh-hinh/", views.overview, name="overview"),
    path("tinh-hinh/kiem-tra/", views.overview_check, name="overview_check"),
    path("co-quan/<int:agency_id>/", views.agency_page, name="agency"),
    path("co-quan/<int:agency_id>/du-thao/", views.draft_create, name="draft_create"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/sua/", views.draft_edit, name="edit"),
    path("<int:pk>/huy/", views.draft_discard, name="discard"),
    path("<int:pk>/ban-hanh/", views.issue, name="issue"),
    path("<int:pk>/niem-yet/", views.posting, name="posting"),
    path("<int:pk>/quyet-dinh.docx", views.decision_docx, name="decision_docx"),
    path("<int:pk>/thong-bao.docx", views.notice_docx, name="notice_docx"),
    path("cong-khai/", views.public_list, name="public_list"),
    path("cong-khai/<int:pk>/", views.public_detail, name="public_detail"),
]
