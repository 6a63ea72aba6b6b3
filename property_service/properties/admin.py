from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from properties import services
from properties.models import Listing, ListingPhoto, Property, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["label", "bedrooms", "bathrooms", "area_sqm", "floor"]
    show_change_link = True


@admin.register(Property)
class PropertyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "address_line1", "postal_code", "unit_count"]
    list_filter = ["city", "country"]
    search_fields = ["name", "address_line1", "city", "postal_code"]
    readonly_fields = ["id", "created_at", "updated_at"]
    inlines = [UnitInline]

    @admin.display(description="units")
    def unit_count(self, obj: Property) -> int:
        return obj.units.count()


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "property", "bedrooms", "bathrooms", "area_sqm", "floor"]
    list_filter = ["property__city", "bedrooms"]
    list_select_related = ["property"]
    search_fields = ["label", "property__name"]
    autocomplete_fields = ["property"]
    readonly_fields = ["id", "created_at", "updated_at"]


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 0


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "monthly_rent", "currency", "available_from", "status", "published_at"]
    list_filter = ["status", "unit__property__city", "unit__bedrooms", "pets_allowed"]
    list_select_related = ["unit__property"]
    search_fields = ["title", "unit__label", "unit__property__name", "unit__property__city"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["id", "status", "published_at", "created_at", "updated_at"]
    date_hierarchy = "available_from"
    inlines = [ListingPhotoInline]
    actions = ["publish", "unpublish"]

    @admin.action(description="Publish selected listings")
    def publish(self, request, queryset):
        done = 0
        for listing in queryset.select_related("unit__property"):
            try:
                services.listing_publish(listing=listing)
                done += 1
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
        if done:
            self.message_user(request, f"Published {done} listing(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected listings")
    def unpublish(self, request, queryset):
        for listing in queryset:
            services.listing_unpublish(listing=listing)
        self.message_user(request, f"Unpublished {queryset.count()} listing(s).", messages.SUCCESS)
