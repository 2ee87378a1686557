from django.contrib import admin

from .models import Assessment, Rubric


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rubrics and assessments are written through their services (validated, versioned,
    audited, totals recomputed from the leaves): the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "title", "scoring_mode", "max_points", "status", "bands_published")
    list_filter = ("status", "scoring_mode")
    search_fields = ("code", "title", "issuer")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "kind", "rubric", "status", "total", "rating", "scored_count", "leaf_count")
    list_filter = ("year", "kind", "status")
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency", "rubric")
