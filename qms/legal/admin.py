from django.contrib import admin

from .models import LegalCitation, LegalText


class ReadOnlyAdmin(admin.ModelAdmin):
    """The register is written through its services (validated, audited, indexed): the admin
    only shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalText)
class LegalTextAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "issuer", "signed_on", "effective_on", "expires_on")
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer")
    date_hierarchy = "signed_on"


@admin.register(LegalCitation)
class LegalCitationAdmin(ReadOnlyAdmin):
    list_display = ("target_repr", "legal_text", "organisation", "provision", "created_at")
    search_fields = ("target_repr", "legal_text__number")
    list_select_related = ("legal_text", "organisation")
