from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CommitteeMember, SteeringCommittee, TrainingRecord, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "email", "home_organisation", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    ordering = ("full_name",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin", {"fields": ("full_name", "email", "phone", "home_organisation")}),
        ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Thời điểm", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    raw_id_fields = ("home_organisation",)


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "decision_number", "decision_date", "is_current")
    inlines = [CommitteeMemberInline]
    raw_id_fields = ("organisation",)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("trainee_name", "course", "kind", "organisation", "start_date", "certificate_number")
    list_filter = ("kind",)
    raw_id_fields = ("organisation", "user")
