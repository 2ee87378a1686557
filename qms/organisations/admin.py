from django.contrib import admin

from .models import Membership, Organisation, OrganisationLineage


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "official")
    search_fields = ("name", "code", "short_name")
    readonly_fields = ("path", "depth", "agency", "version")
    raw_id_fields = ("parent",)

    def has_add_permission(self, request):  # the tree's paths are maintained by the services
        return False


@admin.register(OrganisationLineage)
class OrganisationLineageAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "event", "effective_date")
    raw_id_fields = ("predecessor", "successor")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "organisation__name")
    raw_id_fields = ("user", "organisation", "granted_by")
