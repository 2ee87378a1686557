from django.urls import path

from . import views, views_import, views_rubrics

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("tu-danh-gia/", views.assessment_start, name="start"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/luu/", views.assessment_save, name="save"),
    path("<int:pk>/tinh-thu/", views.assessment_preview, name="preview"),
    path("<int:pk>/nop/", views.assessment_submit, name="submit"),
    path("<int:pk>/mo-lai/", views.assessment_reopen, name="reopen"),
    path("<int:pk>/excel/", views.assessment_export, name="export"),
    path("<int:pk>/nhap-bang-diem/", views_import.sheet_import, name="import"),
    path("<int:pk>/tieu-chi/<int:criterion_pk>/minh-chung/", views.criterion_evidence, name="evidence"),
    path("<int:pk>/minh-chung/<int:evidence_pk>/tep/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/minh-chung/<int:evidence_pk>/xoa/", views.evidence_remove, name="evidence_remove"),
    path("bo-tieu-chi/", views_rubrics.rubric_list, name="rubric_list"),
    path("bo-tieu-chi/nhap/", views_rubrics.rubric_import, name="rubric_import"),
    path("bo-tieu-chi/<int:pk>/", views_rubrics.rubric_detail, name="rubric_detail"),
    path("bo-tieu-chi/<int:pk>/excel/", views_rubrics.rubric_export, name="rubric_export"),
    path("bo-tieu-chi/<int:pk>/xep-loai/", views_rubrics.rubric_bands, name="rubric_bands"),
    path("bo-tieu-chi/<int:pk>/ap-dung/", views_rubrics.rubric_publish, name="rubric_publish"),
    path("bo-tieu-chi/<int:pk>/ngung/", views_rubrics.rubric_retire, name="rubric_retire"),
    path("bo-tieu-chi/<int:pk>/xoa/", views_rubrics.rubric_discard, name="rubric_discard"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", views_rubrics.rubric_derive, name="rubric_derive"),
]
