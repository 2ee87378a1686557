from django.contrib import admin

from .models import Obligation


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    """Read-only: obligations are derived and closed through the services (audited)."""

    list_display = ("title", "organisation", "kind", "due_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "key", "subject_repr", "source_repr")
    date_hierarchy = "due_on"
    raw_id_fields = ("organisation",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
