from django.urls import path

from . import views, views_consolidation, views_results

app_name = "inspections"

urlpatterns = [
    # Plans (Mẫu 19), entries and teams, decisions (Mẫu 20).
    path("", views.plan_list, name="plan_list"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/phe-duyet/", views.plan_approve, name="plan_approve"),
    path("ke-hoach/<int:pk>/xoa/", views.plan_delete, name="plan_delete"),
    path("ke-hoach/<int:pk>/word/", views.plan_word, name="plan_word"),
    path("ke-hoach/<int:pk>/them-co-quan/", views.entries_add, name="entries_add"),
    path("ke-hoach/<int:pk>/de-nghi-tu-danh-gia/", views.self_reports_request, name="self_reports_request"),
    path("ke-hoach/<int:pk>/quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/xoa/", views.decision_delete, name="decision_delete"),
    path("quyet-dinh/<int:pk>/word/", views.decision_word, name="decision_word"),
    path("doan/<int:pk>/sua/", views.entry_edit, name="entry_edit"),
    path("doan/<int:pk>/xoa/", views.entry_remove, name="entry_remove"),
    # One inspection: score, findings, minutes (Mẫu 21).
    path("cua-toi/", views_results.my_inspections, name="my_inspections"),
    path("doan/<int:pk>/", views_results.entry_detail, name="entry_detail"),
    path("doan/<int:pk>/ton-tai/them/", views_results.finding_create, name="finding_create"),
    path("ton-tai/<int:pk>/sua/", views_results.finding_edit, name="finding_edit"),
    path("ton-tai/<int:pk>/xoa/", views_results.finding_delete, name="finding_delete"),
    path("doan/<int:pk>/bien-ban/", views_results.minutes_edit, name="minutes_edit"),
    path("doan/<int:pk>/bien-ban/ky/", views_results.minutes_sign, name="minutes_sign"),
    path("doan/<int:pk>/bien-ban/word/", views_results.minutes_word, name="minutes_word"),
    # The agency: results and follow-ups.
    path("ket-qua/", views_results.agency_results, name="agency_results"),
    path("ket-qua/<int:pk>/", views_results.agency_entry, name="agency_entry"),
    path("khac-phuc/<int:pk>/", views_results.followup_detail, name="followup_detail"),
    path("khac-phuc/<int:pk>/bao-cao/", views_results.followup_answer, name="followup_answer"),
    path("khac-phuc/<int:pk>/danh-gia/", views_results.followup_review, name="followup_review"),
    path("khac-phuc/<int:pk>/minh-chung/", views_results.followup_evidence, name="followup_evidence"),
    path(
        "khac-phuc/<int:pk>/minh-chung/<int:event_pk>/", views_results.followup_evidence, name="followup_event_evidence"
    ),
    # Consolidation.
    path("tong-hop/", views_consolidation.consolidation, name="consolidation"),
    path("tong-hop/excel/", views_consolidation.consolidation_excel, name="consolidation_excel"),
    path("tong-hop/bao-cao/", views_consolidation.consolidation_report, name="consolidation_report"),
    path("tong-hop/co-quan/<int:agency_pk>/", views_consolidation.consolidation_agency, name="consolidation_agency"),
    path(
        "tong-hop/co-quan/<int:agency_pk>/tieu-chi/<int:criterion_pk>/",
        views_consolidation.consolidation_criterion,
        name="consolidation_criterion",
    ),
]
