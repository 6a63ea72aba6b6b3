import type { Metadata } from "next";
import Link from "next/link";

import {
  labelOf,
  WORK_ORDER_STATUS_LABELS,
  INVOICE_STATUS_LABELS,
  type Balance,
  type Dashboard,
  type Invoice,
  type Lease,
  type WorkOrder,
} from "@portals/shared/api";
import { formatDate, formatMoney, formatPeriod, toCents } from "@portals/shared/format";
import { Alert, Badge } from "@portals/shared/ui";

import { tenantGet } from "@/lib/bff";
import { describeDegraded, invoiceTone } from "@/lib/invoices";
import { isPayable } from "@/lib/payment";
import { workOrderTone } from "@/lib/work-orders";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const dashboard = await tenantGet<Dashboard>("/api/tenant/dashboard");
  const name = dashboard.tenant?.first_name;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{name ? `Hello, ${name}` : "Your home"}</h1>
          <p>Your home, rent and repairs at a glance.</p>
        </div>
      </div>
      {dashboard.degraded.length ? (
        <div className="dashboard__notice">
          <Alert tone="warning" title="Some of your information is not available right now" live="status">
            <p>
              We cannot show {describeDegraded(dashboard.degraded)} at the moment. Everything else is up to date;
              please look again in a few minutes.
            </p>
          </Alert>
        </div>
      ) : null}
      <div className="dashboard">
        <BalanceCard balance={dashboard.balance} />
        <NextInvoiceCard invoice={dashboard.next_invoice} balance={dashboard.balance} />
        <LeaseCard lease={dashboard.lease} />
        <WorkOrdersCard workOrders={dashboard.open_work_orders} />
      </div>
    </>
  );
}

function Unavailable({ what }: { what: string }) {
  return <p className="muted">We cannot show {what} right now.</p>;
}

function BalanceCard({ balance }: { balance: Balance | null }) {
  const overdue = balance ? (toCents(balance.overdue) ?? 0n) > 0n : false;
  return (
    <section className="card" aria-labelledby="balance-title">
      <h2 className="card__title" id="balance-title">
        Balance
      </h2>
      {balance ? (
        <>
          <p className="figure">{formatMoney(balance.outstanding, balance.currency)}</p>
          <p className="muted">
            outstanding across {balance.open_invoices} open {balance.open_invoices === 1 ? "invoice" : "invoices"}
          </p>
          {overdue ? (
            <>
              <p className="text-danger">
                <strong>{formatMoney(balance.overdue, balance.currency)} is overdue.</strong>
              </p>
              <div className="cluster">
                <Link className="btn" href="/invoices?status=overdue">
                  Pay overdue invoices
                </Link>
                <Link href="/invoices">All invoices</Link>
              </div>
            </>
          ) : (
            <Link href="/invoices">See all invoices</Link>
          )}
        </>
      ) : (
        <Unavailable what="your balance" />
      )}
    </section>
  );
}

function NextInvoiceCard({ invoice, balance }: { invoice: Invoice | null; balance: Balance | null }) {
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 className="card__title" id="next-title">
        Next payment
      </h2>
      {invoice ? (
        <>
          <p className="figure">{formatMoney(invoice.amount_due, invoice.currency)}</p>
          <p className="muted">
            due {formatDate(invoice.due_date)} · {formatPeriod(invoice.period)}{" "}
            <Badge tone={invoiceTone(invoice.status)}>{labelOf(INVOICE_STATUS_LABELS, invoice.status)}</Badge>
          </p>
          <div className="cluster">
            {isPayable(invoice) ? (
              <Link className="btn" href={`/invoices/${invoice.id}#pay`}>
                Pay {formatMoney(invoice.amount_due, invoice.currency)}
              </Link>
            ) : null}
            <Link href={`/invoices/${invoice.id}`}>Invoice {invoice.number}</Link>
          </div>
        </>
      ) : balance && (toCents(balance.outstanding) ?? 0n) <= 0n ? (
        <p>You are all paid up. Nothing is due.</p>
      ) : balance ? (
        <p className="muted">No upcoming invoice. Your open balance is in your invoices.</p>
      ) : (
        <Unavailable what="your next invoice" />
      )}
    </section>
  );
}

function LeaseCard({ lease }: { lease: Lease | null }) {
  return (
    <section className="card" aria-labelledby="lease-title">
      <h2 className="card__title" id="lease-title">
        Your home
      </h2>
      {lease ? (
        <>
          <p className="lease__where">
            <strong>
              {lease.property.name}, unit {lease.unit.label}
            </strong>
            <br />
            {lease.property.address_line1}, {lease.property.city} {lease.property.postal_code}
          </p>
          <dl className="rows">
            <dt>Rent</dt>
            <dd>
              {formatMoney(lease.monthly_rent, lease.currency)} a month, due on day {lease.rent_due_day}
            </dd>
            <dt>Lease</dt>
            <dd>
              {formatDate(lease.start_date, "short")} – {lease.end_date ? formatDate(lease.end_date, "short") : "open-ended"}
            </dd>
            <dt>Deposit</dt>
            <dd>{formatMoney(lease.deposit, lease.currency)}</dd>
          </dl>
        </>
      ) : (
        <Unavailable what="your lease" />
      )}
    </section>
  );
}

function WorkOrdersCard({ workOrders }: { workOrders: WorkOrder[] | null }) {
  return (
    <section className="card dashboard__wide" aria-labelledby="repairs-title">
      <h2 className="card__title" id="repairs-title">
        Open maintenance requests
      </h2>
      {workOrders === null ? (
        <Unavailable what="your maintenance requests" />
      ) : workOrders.length === 0 ? (
        <p className="muted">Nothing open. Something broken? Tell us and we will fix it.</p>
      ) : (
        <ul className="list">
          {workOrders.slice(0, 5).map((wo) => (
            <li key={wo.id} className="list__row">
              <span>
                <Link href={`/maintenance/${wo.id}`}>{wo.title}</Link>
                <span className="muted small list__meta">
                  {wo.number} · opened {formatDate(wo.created_at.slice(0, 10), "short")}
                </span>
              </span>
              <Badge tone={workOrderTone(wo.status)}>{labelOf(WORK_ORDER_STATUS_LABELS, wo.status)}</Badge>
            </li>
          ))}
        </ul>
      )}
      <div className="cluster">
        <Link className="btn btn--secondary" href="/maintenance/new">
          Report a problem
        </Link>
        <Link href="/maintenance">All requests</Link>
      </div>
    </section>
  );
}
