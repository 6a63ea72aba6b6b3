/**
 * The BFF's public API as the portals see it (docs/api.md, "bff"). Money is a decimal string
 * ("1850.00") with an ISO 4217 currency; dates are YYYY-MM-DD; times ISO 8601 UTC.
 */

export type Decimal = string;
export type IsoDate = string;
export type IsoDateTime = string;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface PropertySummary {
  id: string;
  name: string;
  address_line1: string;
  city: string;
  postal_code: string;
  country: string;
}

export interface ListingUnit {
  id: string;
  label: string;
  bedrooms: number;
  bathrooms: Decimal;
  area_sqm: number;
  floor: number;
  property: PropertySummary;
}

export interface ListingPhoto {
  url: string;
  alt_text: string;
}

export interface Listing {
  id: string;
  title: string;
  description: string;
  monthly_rent: Decimal;
  currency: string;
  deposit: Decimal;
  available_from: IsoDate;
  pets_allowed: boolean;
  status: string;
  published_at: IsoDateTime | null;
  unit: ListingUnit;
  photos: ListingPhoto[];
}

export interface Cities {
  cities: string[];
}

export interface ApplicationRequest {
  listing_id: string;
  full_name: string;
  email: string;
  phone: string;
  move_in_date: IsoDate;
  occupants: number;
  message: string;
  /** Honeypot: people never see it, so it stays empty. */
  website: string;
}

export interface ApplicationReceipt {
  id: string;
  number: string;
  status: string;
  listing_id: string;
}

export interface Me {
  email: string;
  first_name: string;
  last_name: string;
  tenant_id: string;
}

export interface TenantProfile {
  id?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
}

export type LeaseStatus = "draft" | "active" | "ended" | "terminated";

export interface Lease {
  id: string;
  tenant_id: string;
  status: LeaseStatus;
  start_date: IsoDate;
  end_date: IsoDate | null;
  monthly_rent: Decimal;
  currency: string;
  deposit: Decimal;
  rent_due_day: number;
  unit: Omit<ListingUnit, "property">;
  property: PropertySummary;
}

export interface Balance {
  tenant_id: string;
  currency: string;
  outstanding: Decimal;
  overdue: Decimal;
  next_due_date: IsoDate | null;
  next_due_amount: Decimal | null;
  open_invoices: number;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "overdue";

export interface InvoiceLine {
  id: string;
  description: string;
  quantity: Decimal;
  unit_price: Decimal;
  amount: Decimal;
}

export type PaymentMethod = "card" | "bank_transfer";

export interface Payment {
  id: string;
  amount: Decimal;
  method: string;
  status: string;
  provider_reference: string | null;
  received_at: IsoDateTime | null;
}

export interface Invoice {
  id: string;
  number: string;
  tenant_id: string;
  lease_id: string;
  period: string;
  issue_date: IsoDate;
  due_date: IsoDate;
  currency: string;
  status: InvoiceStatus;
  total: Decimal;
  amount_paid: Decimal;
  amount_due: Decimal;
  lines?: InvoiceLine[];
  payments?: Payment[];
}

export type WorkOrderCategory =
  | "plumbing"
  | "electrical"
  | "heating_cooling"
  | "appliance"
  | "pest"
  | "other";
export type WorkOrderPriority = "low" | "normal" | "high" | "emergency";
export type WorkOrderStatus =
  | "submitted"
  | "triaged"
  | "scheduled"
  | "in_progress"
  | "completed"
  | "cancelled";

export interface TimelineEntry {
  kind: "status" | "comment";
  at: IsoDateTime;
  from_status?: WorkOrderStatus | null;
  to_status?: WorkOrderStatus | null;
  author_kind: "tenant" | "staff" | "system";
  author_name: string;
  body?: string | null;
}

export interface WorkOrderPhoto {
  id: string;
  content_type: string;
  size: number;
}

export interface WorkOrder {
  id: string;
  number: string;
  tenant_id: string;
  property_id: string;
  unit_id: string;
  category: WorkOrderCategory;
  priority: WorkOrderPriority;
  title: string;
  description: string;
  status: WorkOrderStatus;
  assignee: string | null;
  scheduled_for: IsoDateTime | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  completed_at: IsoDateTime | null;
  cancellable: boolean;
  timeline?: TimelineEntry[];
  photos?: WorkOrderPhoto[];
}

export interface Dashboard {
  tenant: TenantProfile | null;
  lease: Lease | null;
  balance: Balance | null;
  next_invoice: Invoice | null;
  open_work_orders: WorkOrder[] | null;
  /** Sections the BFF could not fill because their service is down or slow. */
  degraded: string[];
}

export const CATEGORY_LABELS: Record<WorkOrderCategory, string> = {
  plumbing: "Plumbing",
  electrical: "Electrical",
  heating_cooling: "Heating and cooling",
  appliance: "Appliance",
  pest: "Pests",
  other: "Something else",
};

export const PRIORITY_LABELS: Record<WorkOrderPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  emergency: "Emergency",
};

export const WORK_ORDER_STATUS_LABELS: Record<WorkOrderStatus, string> = {
  submitted: "Submitted",
  triaged: "Triaged",
  scheduled: "Scheduled",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  open: "Open",
  paid: "Paid",
  void: "Void",
  overdue: "Overdue",
};

export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  card: "Card",
  bank_transfer: "Bank transfer",
  cash: "Cash",
  cheque: "Cheque",
};

/** A label for a value the BFF may grow beyond what this build knows. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string): string {
  return (labels as Record<string, string>)[value] ?? value.replaceAll("_", " ");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids are UUIDs; anything else is a page that cannot exist (404 without asking the BFF). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
