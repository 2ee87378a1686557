from django.contrib import admin

from .models import Finding, FollowUp, InspectionDecision, InspectionPlan, Minutes, PlanEntry


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "year", "status", "approved_on")
    list_filter = ("status", "year")
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "rubric", "approved_by", "created_by")


@admin.register(PlanEntry)
class PlanEntryAdmin(admin.ModelAdmin):
    list_display = ("agency", "plan", "mode", "starts_on", "leader")
    list_filter = ("mode", "year")
    search_fields = ("agency__name",)
    raw_id_fields = ("plan", "agency", "leader", "inspection_assessment")
    filter_horizontal = ("members",)


@admin.register(InspectionDecision)
class InspectionDecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "plan", "entry", "signed_on")
    raw_id_fields = ("plan", "entry", "created_by")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "entry", "severity")
    list_filter = ("severity",)
    raw_id_fields = ("entry", "criterion", "created_by")


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ("__str__", "held_on", "signed_on")
    raw_id_fields = ("entry", "signed_by", "created_by")


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "due_on", "status")
    list_filter = ("status", "year")
    raw_id_fields = ("finding", "agency", "evidence_file", "answered_by", "reviewed_by")
