import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from servicekit.problem import Problem
from workorders import selectors, services
from workorders.models import ActorKind, Comment, Status, StatusChange, WorkOrder, WorkOrderPhoto

# "WO-000123", "wo-123" or "123" find work order 123.
NUMBER = re.compile(r"(?:WO-)?0*(\d{1,12})", re.IGNORECASE)


def staff_name(user) -> str:
    return user.get_full_name() or user.get_username()


class StatusChangeInline(admin.TabularInline):
    """History: written only by the lifecycle, never edited."""

    model = StatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "actor_kind", "actor_name", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CommentInline(admin.TabularInline):
    """Existing comments are read-only; the empty row adds a staff comment."""

    model = Comment
    extra = 1
    fields = ["at", "author_kind", "author_name", "body"]
    readonly_fields = ["at", "author_kind", "author_name"]
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PhotoInline(admin.TabularInline):
    model = WorkOrderPhoto
    extra = 0
    fields = ["preview", "content_type", "size", "created_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description="photo")
    def preview(self, photo: WorkOrderPhoto) -> str:
        url = reverse("admin:workorders_workorder_photo", args=[photo.work_order_id, photo.id])
        return format_html(
            '<a href="{0}" target="_blank"><img src="{0}" alt="" style="max-height:120px"></a>', url
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "status",
        "priority",
        "category",
        "property_id",
        "unit_id",
        "assignee",
        "scheduled_for",
        "created_at",
    ]
    list_filter = ["status", "priority", "category", "property_id"]
    search_fields = ["title", "tenant_id", "property_id", "unit_id", "assignee"]
    ordering = ["-created_at", "-seq"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "number",
        "id",
        "status",
        "tenant_id",
        "property_id",
        "unit_id",
        "category",
        "priority",
        "title",
        "description",
        "created_at",
        "updated_at",
        "completed_at",
        "cancelled_at",
        "timeline",
    ]
    fieldsets = [
        (None, {"fields": ["number", "status", "title", "description", "category", "priority"]}),
        (
            "Work",
            {
                "fields": ["assignee", "scheduled_for"],
                "description": "Set both, then use the Schedule action.",
            },
        ),
        ("Who and where", {"fields": ["tenant_id", "property_id", "unit_id", "id"]}),
        ("Times", {"fields": ["created_at", "updated_at", "completed_at", "cancelled_at"]}),
        ("Timeline", {"fields": ["timeline"]}),
    ]
    inlines = [StatusChangeInline, CommentInline, PhotoInline]
    actions = ["triage", "schedule", "start_work", "complete", "cancel"]

    def has_add_permission(self, request) -> bool:
        return False  # work orders are opened by tenants, through the tenant portal

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a record of work: cancel instead

    @admin.display(description="number", ordering="seq")
    def number(self, obj: WorkOrder) -> str:
        return obj.number

    @admin.display(description="timeline (status changes and comments by time)")
    def timeline(self, obj: WorkOrder) -> str:
        rows = (
            (
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                entry.author_name or entry.author_kind,
                f"{entry.from_status or 'opened'} → {entry.to_status}"
                if entry.kind == "status"
                else "comment",
                entry.body or "",
            )
            for entry in selectors.work_order_timeline(obj)
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {} {}</li>", rows))

    def get_urls(self):
        photo = path(
            "<int:seq>/photos/<uuid:photo_id>/",
            self.admin_site.admin_view(self.photo_view),
            name="workorders_workorder_photo",
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, seq: int, photo_id):
        """The photo's bytes for staff (the admin host only; tenants get them through the BFF)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        photo = get_object_or_404(WorkOrderPhoto, id=photo_id, work_order__seq=seq)
        try:
            return FileResponse(photo.file.open("rb"), content_type=photo.content_type)
        except FileNotFoundError as exc:
            raise Http404("The photo's file is missing.") from exc

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = NUMBER.fullmatch(search_term.strip())
        if match:
            results |= queryset.filter(seq=int(match.group(1)))
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Comment:
            super().save_formset(request, form, formset, change)
            return
        for comment in formset.save(commit=False):
            services.comment_create(
                work_order=form.instance,
                author_kind=ActorKind.STAFF,
                author_name=staff_name(request.user),
                body=comment.body,
            )

    def _transition(self, request, queryset, to_status: Status) -> None:
        done = 0
        for work_order in queryset.order_by("seq"):
            try:
                services.work_order_transition(
                    work_order=work_order,
                    to_status=to_status,
                    actor_kind=ActorKind.STAFF,
                    actor_name=staff_name(request.user),
                )
                done += 1
            except Problem as exc:
                self.message_user(request, str(exc.detail), messages.ERROR)
            except ValidationError as exc:
                self.message_user(request, f"{work_order.number}: {' '.join(exc.messages)}", messages.ERROR)
        if done:
            self.message_user(
                request, f"{done} work order(s) now {to_status.label.lower()}.", messages.SUCCESS
            )

    @admin.action(description="Triage selected work orders")
    def triage(self, request, queryset):
        self._transition(request, queryset, Status.TRIAGED)

    @admin.action(description="Schedule selected work orders (set 'scheduled for' first)")
    def schedule(self, request, queryset):
        self._transition(request, queryset, Status.SCHEDULED)

    @admin.action(description="Start work on selected work orders")
    def start_work(self, request, queryset):
        self._transition(request, queryset, Status.IN_PROGRESS)

    @admin.action(description="Complete selected work orders")
    def complete(self, request, queryset):
        self._transition(request, queryset, Status.COMPLETED)

    @admin.action(description="Cancel selected work orders")
    def cancel(self, request, queryset):
        self._transition(request, queryset, Status.CANCELLED)
