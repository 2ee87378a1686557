from django.contrib import admin

from .models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Publications are written through their services (validated, audited, files generated):
    the admin only shows them."""

    list_display = ("issuer", "number", "symbol", "signed_on", "status", "coverage_covered", "coverage_assigned")
    list_filter = ("status",)
    search_fields = ("issuer", "number", "symbol")
    date_hierarchy = "signed_on"
    list_select_related = ("agency",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
