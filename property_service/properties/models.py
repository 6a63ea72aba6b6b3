import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Property(TimeStamped):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address (line 2)", max_length=200, blank=True)
    city = models.CharField(max_length=100, db_index=True)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="US", help_text="ISO 3166-1 alpha-2")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "properties"
        indexes = [models.Index(Upper("city"), name="property_city_ci")]  # search: city__iexact
        constraints = [
            models.UniqueConstraint(
                fields=["address_line1", "city", "postal_code"], name="property_unique_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class Unit(TimeStamped):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="units")
    label = models.CharField(max_length=20, help_text="As on the door: 2B, 101, …")
    bedrooms = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(20)], help_text="0 for a studio"
    )
    bathrooms = models.DecimalField(
        max_digits=3, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    area_sqm = models.PositiveIntegerField("area (m²)", validators=[MinValueValidator(5)])
    floor = models.SmallIntegerField(default=0)

    class Meta:
        ordering = ["property__name", "label"]
        constraints = [
            models.UniqueConstraint(fields=["property", "label"], name="unit_unique_label_per_property"),
            models.CheckConstraint(condition=Q(bedrooms__lte=20), name="unit_bedrooms_range"),
            models.CheckConstraint(
                condition=Q(bathrooms__gte=Decimal("0.5")), name="unit_bathrooms_positive"
            ),
            models.CheckConstraint(condition=Q(area_sqm__gte=5), name="unit_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.property.name} {self.label}"


PUBLISHED = Q(status="published")


class Listing(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="listings")
    title = models.CharField(max_length=140)
    description = models.TextField(blank=True)
    monthly_rent = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(max_length=3, default="USD")
    deposit = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    available_from = models.DateField(db_index=True)
    pets_allowed = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_rent__gt=0), name="listing_rent_positive"),
            models.CheckConstraint(condition=Q(deposit__gte=0), name="listing_deposit_not_negative"),
            # A unit is advertised once at a time.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status="published"), name="listing_one_published_per_unit"
            ),
        ]
        # Search reads published listings only, a page at a time in one of its orderings: with an
        # index in that order PostgreSQL walks the first rows instead of sorting every match.
        indexes = [
            models.Index(fields=["-published_at", "id"], name="listing_pub_newest", condition=PUBLISHED),
            models.Index(fields=["monthly_rent", "id"], name="listing_pub_rent", condition=PUBLISHED),
            models.Index(fields=["available_from", "id"], name="listing_pub_available", condition=PUBLISHED),
        ]

    def __str__(self) -> str:
        return self.title


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    # A path the market portal serves (e.g. /photos/alder-court-1.svg) or an absolute https URL.
    url = models.CharField(max_length=500)
    alt_text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text
