import type { InvoiceStatus } from "@portals/shared/api";
import type { BadgeTone } from "@portals/shared/ui";

export function invoiceTone(status: InvoiceStatus | string): BadgeTone {
  switch (status) {
    case "paid":
      return "success";
    case "overdue":
      return "danger";
    case "open":
      return "warning";
    default:
      return "neutral";
  }
}

export const INVOICE_FILTERS = [
  { value: "", label: "All" },
  { value: "open", label: "Open" },
  { value: "overdue", label: "Overdue" },
  { value: "paid", label: "Paid" },
] as const;

/** The dashboard's sections by the name the BFF gives them in `degraded`. */
const SECTION_NAMES: Record<string, string> = {
  property: "your lease and home",
  lease: "your lease and home",
  financial: "your balance and invoices",
  balance: "your balance",
  invoices: "your invoices",
  next_invoice: "your next invoice",
  maintenance: "your maintenance requests",
  work_orders: "your maintenance requests",
};

/** "your balance and invoices and your maintenance requests" for ["financial", "maintenance"]. */
export function describeDegraded(degraded: readonly string[]): string {
  const names = [...new Set(degraded.map((d) => SECTION_NAMES[d] ?? d.replaceAll("_", " ")))];
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
