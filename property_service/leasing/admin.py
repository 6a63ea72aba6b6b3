from django.contrib import admin, messages

from leasing import services
from leasing.models import Lease, RentalApplication, Tenant
from servicekit.problem import Problem


class LeaseInline(admin.TabularInline):
    model = Lease
    extra = 0
    fields = ["unit", "start_date", "end_date", "monthly_rent", "status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "phone"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    readonly_fields = ["id", "created_at", "updated_at"]
    inlines = [LeaseInline]


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tenant", "start_date", "end_date", "monthly_rent", "status"]
    list_filter = ["status", "unit__property__city", "unit__property"]
    list_select_related = ["unit__property", "tenant"]
    search_fields = ["tenant__last_name", "tenant__email", "unit__label", "unit__property__name"]
    autocomplete_fields = ["unit", "tenant"]
    readonly_fields = ["id", "created_at", "updated_at"]
    date_hierarchy = "start_date"


@admin.register(RentalApplication)
class RentalApplicationAdmin(admin.ModelAdmin):
    list_display = ["number", "full_name", "email", "listing", "move_in_date", "status", "created_at"]
    list_filter = ["status", "listing__unit__property__city", "created_at"]
    list_select_related = ["listing"]
    search_fields = ["full_name", "email", "phone", "listing__title"]
    readonly_fields = [
        "number",
        "id",
        "listing",
        "full_name",
        "email",
        "phone",
        "move_in_date",
        "occupants",
        "message",
        "status",
        "decided_at",
        "tenant",
        "created_at",
        "updated_at",
    ]
    fields = [*readonly_fields, "decision_note"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request) -> bool:
        return False  # applications come from renters, through the market portal

    @admin.display(description="reference", ordering="seq")
    def number(self, obj: RentalApplication) -> str:
        return obj.number

    def _decide(self, request, queryset, decide, verb: str) -> None:
        done = 0
        for application in queryset:
            try:
                decide(application=application)
                done += 1
            except Problem as exc:
                self.message_user(request, str(exc.detail), messages.ERROR)
        if done:
            self.message_user(request, f"{verb} {done} application(s).", messages.SUCCESS)

    @admin.action(description="Approve selected applications")
    def approve(self, request, queryset):
        self._decide(request, queryset, services.application_approve, "Approved")

    @admin.action(description="Reject selected applications")
    def reject(self, request, queryset):
        self._decide(request, queryset, services.application_reject, "Rejected")
