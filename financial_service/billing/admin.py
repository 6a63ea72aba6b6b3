import uuid
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from billing import services
from billing.models import IdempotencyRecord, Invoice, InvoiceLine, Payment
from billing.money import MAX_DIGITS
from servicekit.idempotency import request_fingerprint
from servicekit.problem import Problem


def _error_text(exc: Exception) -> str:
    if isinstance(exc, Problem):
        return str(exc.detail)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class OverdueFilter(admin.SimpleListFilter):
    """Past due and unpaid, whether or not the nightly job has marked it overdue yet."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Past due and unpaid"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        past_due = Q(status__in=Invoice.UNPAID_STATUSES, due_date__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(past_due)
        if self.value() == "no":
            return queryset.exclude(past_due)
        return queryset


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ["position", "description", "quantity", "unit_price", "amount"]
    readonly_fields = ["amount"]

    def _editable(self, obj) -> bool:
        # Lines of an issued invoice are what the tenant was billed: fixed once it leaves draft.
        return obj is None or obj.status == Invoice.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    fields = ["received_at", "amount", "currency", "method", "status", "provider_reference", "recorded_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # through "Record a manual payment", which applies the payment rules


class ManualPaymentForm(forms.Form):
    amount = forms.DecimalField(max_digits=MAX_DIGITS, decimal_places=2, min_value=Decimal("0.01"))
    method = forms.ChoiceField(choices=Payment.Method.choices, initial=Payment.Method.BANK_TRANSFER)
    provider_reference = forms.CharField(
        max_length=64, required=False, label="Reference", help_text="Cheque number, bank reference, ..."
    )
    received_at = forms.DateTimeField(initial=timezone.now)
    # Made when the form is shown: submitting the same form twice records one payment.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=255)

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now():
            raise forms.ValidationError("A payment cannot be received in the future.")
        return received_at


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "tenant_id",
        "period",
        "due_date",
        "status",
        "total",
        "amount_paid",
        "amount_due",
    ]
    list_filter = ["status", "period", OverdueFilter, "currency"]
    search_fields = ["number", "tenant_id", "lease_id"]
    date_hierarchy = "due_date"
    inlines = [InvoiceLineInline, PaymentInline]
    actions = ["void_invoices", "issue_invoices", "record_manual_payment"]
    readonly_fields = [
        "id",
        "number",
        "status",
        "total",
        "amount_paid",
        "amount_due",
        "paid_at",
        "voided_at",
        "created_at",
        "updated_at",
    ]
    fields = [
        "number",
        "id",
        "status",
        "lease_id",
        "tenant_id",
        "period",
        "issue_date",
        "due_date",
        "currency",
        "total",
        "amount_paid",
        "amount_due",
        "paid_at",
        "voided_at",
        "created_at",
        "updated_at",
    ]
    change_form_template = "admin/billing/invoice/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_amounts()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Invoice.Status.DRAFT:
            # Issued invoices are records of what was billed: nothing on them is edited by hand.
            return self.fields
        return self.readonly_fields

    @admin.display(ordering="total")
    def total(self, obj):
        return obj.total

    @admin.display(ordering="amount_paid", description="paid")
    def amount_paid(self, obj):
        return obj.amount_paid

    @admin.display(ordering="amount_due", description="due")
    def amount_due(self, obj):
        return obj.amount_due

    def has_delete_permission(self, request, obj=None):
        # Only a draft may disappear; an issued invoice is voided, so that its record stays.
        if obj is not None and obj.status != Invoice.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would bypass the rule above for a whole selection
        return actions

    def save_model(self, request, obj, form, change):
        if obj.status == Invoice.Status.DRAFT:  # anything else has no editable field
            services.invoice_save_draft(invoice=obj)

    def _apply(self, request, queryset, action, verb: str) -> None:
        done = 0
        for invoice in queryset:
            try:
                action(invoice=invoice)
                done += 1
            except (Problem, ValidationError) as exc:
                self.message_user(request, f"{invoice.number}: {_error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, f"{verb} {done} invoice(s).", messages.SUCCESS)

    @admin.action(description="Void selected invoices")
    def void_invoices(self, request, queryset):
        self._apply(request, queryset, services.invoice_void, "Voided")

    @admin.action(description="Issue selected draft invoices")
    def issue_invoices(self, request, queryset):
        self._apply(request, queryset, services.invoice_issue, "Issued")

    @admin.action(description="Record a manual payment (one invoice)")
    def record_manual_payment(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one invoice to record a payment on.", messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:billing_invoice_record_payment", args=[queryset.get().pk]))

    def get_urls(self):
        return [
            path(
                "<uuid:invoice_id>/record-payment/",
                self.admin_site.admin_view(self.record_payment_view),
                name="billing_invoice_record_payment",
            ),
            *super().get_urls(),
        ]

    def record_payment_view(self, request, invoice_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(Invoice.objects.with_amounts(), pk=invoice_id)
        change_url = reverse("admin:billing_invoice_change", args=[invoice.pk])
        if request.method == "POST":
            form = ManualPaymentForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                body = {k: str(v) for k, v in data.items() if k != "idempotency_key"}
                try:
                    answer = services.payment_record_once(
                        caller=f"admin:{request.user.get_username()}",
                        key=data["idempotency_key"],
                        fingerprint=request_fingerprint("POST", request.path, body),
                        render=lambda payment: str(payment.pk),
                        invoice_id=invoice.pk,
                        amount=data["amount"],
                        method=data["method"],
                        provider_reference=data["provider_reference"],
                        received_at=data["received_at"],
                    )
                except (Problem, ValidationError) as exc:
                    form.add_error(None, _error_text(exc))
                else:
                    note = " (already recorded: this form was sent before)" if answer.replayed else ""
                    self.message_user(
                        request,
                        f"Recorded a payment of {data['amount']} on {invoice.number}{note}.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url)
        else:
            form = ManualPaymentForm(
                initial={"amount": invoice.amount_due, "idempotency_key": uuid.uuid4().hex}
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Record a payment on {invoice.number}",
            "invoice": invoice,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/billing/invoice/record_payment.html", context)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["received_at", "invoice", "amount", "currency", "method", "status", "provider_reference"]
    list_filter = ["status", "method", "currency"]
    list_select_related = ["invoice"]
    search_fields = ["invoice__number", "provider_reference", "invoice__tenant_id"]
    readonly_fields = [
        "id",
        "invoice_link",
        "amount",
        "currency",
        "method",
        "status",
        "provider_reference",
        "received_at",
        "recorded_by",
        "voided_at",
        "created_at",
    ]
    fields = readonly_fields
    actions = ["void_payments"]

    def has_add_permission(self, request):
        return False  # payments are recorded on their invoice

    def has_delete_permission(self, request, obj=None):
        return False  # a mistaken payment is voided, so the record stays

    @admin.display(description="invoice")
    def invoice_link(self, obj):
        url = reverse("admin:billing_invoice_change", args=[obj.invoice_id])
        return format_html('<a href="{}">{}</a>', url, obj.invoice.number)

    @admin.action(description="Void selected payments (recorded by mistake)")
    def void_payments(self, request, queryset):
        done = 0
        for payment in queryset:
            try:
                services.payment_void(payment=payment)
                done += 1
            except Problem as exc:
                self.message_user(request, f"{payment}: {_error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, f"Voided {done} payment(s).", messages.SUCCESS)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    """Read-only: what a key was first answered (support questions such as "was I charged twice?")."""

    list_display = ["created_at", "caller", "key", "response_status", "payment"]
    list_filter = ["caller", "response_status"]
    search_fields = ["key"]
    list_select_related = ["payment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
