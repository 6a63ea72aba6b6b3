import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { INVOICE_STATUS_LABELS, isUuid, labelOf, PAYMENT_METHOD_LABELS, type Invoice } from "@portals/shared/api";
import { formatDate, formatDateTime, formatMoney, formatPeriod } from "@portals/shared/format";
import { isStatus } from "@portals/shared/server";
import { Badge } from "@portals/shared/ui";

import { tenantGet } from "@/lib/bff";
import { invoiceTone } from "@/lib/invoices";
import { isPayable } from "@/lib/payment";

import { PayForm } from "./PayForm";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(id: string): Promise<Invoice> {
  if (!isUuid(id)) notFound();
  try {
    return await tenantGet<Invoice>(`/api/tenant/invoices/${id}`);
  } catch (error) {
    if (isStatus(error, 404)) notFound(); // not there, or another tenant's: the same answer
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: isUuid(id) ? "Invoice" : "Not found" };
}

export default async function InvoicePage({ params }: Props) {
  const invoice = await load((await params).id);
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/invoices">Invoices</Link>
          </li>
          <li aria-current="page">{invoice.number}</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>
            Invoice {invoice.number} <Badge tone={invoiceTone(invoice.status)}>{labelOf(INVOICE_STATUS_LABELS, invoice.status)}</Badge>
          </h1>
          <p>{formatPeriod(invoice.period)}</p>
        </div>
      </div>
      <div className="split">
        <div className="stack-lg">
          <section className="card" aria-labelledby="summary-title">
            <h2 id="summary-title" className="card__title">
              Summary
            </h2>
            <dl className="facts">
              <div>
                <dt>Issued</dt>
                <dd>{formatDate(invoice.issue_date)}</dd>
              </div>
              <div>
                <dt>Due</dt>
                <dd>{formatDate(invoice.due_date)}</dd>
              </div>
              <div>
                <dt>Total</dt>
                <dd>{money(invoice.total)}</dd>
              </div>
              <div>
                <dt>Paid</dt>
                <dd>{money(invoice.amount_paid)}</dd>
              </div>
              <div>
                <dt>Still due</dt>
                <dd>{money(invoice.amount_due)}</dd>
              </div>
            </dl>
          </section>

          <section className="card card--flush" aria-labelledby="lines-title">
            <h2 id="lines-title" className="card__title card__title--padded">
              Charges
            </h2>
            <table className="table table--stack">
              <caption className="visually-hidden">Charges on invoice {invoice.number}</caption>
              <thead>
                <tr>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {(invoice.lines ?? []).map((line) => (
                  <tr key={line.id}>
                    <td data-label="Description">{line.description}</td>
                    <td data-label="Quantity" className="num">
                      {line.quantity.replace(/\.0+$/, "")}
                    </td>
                    <td data-label="Price" className="num">
                      {money(line.unit_price)}
                    </td>
                    <td data-label="Amount" className="num">
                      {money(line.amount)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    Total
                  </th>
                  <td className="num" data-label="Total">
                    <strong>{money(invoice.total)}</strong>
                  </td>
                </tr>
              </tfoot>
            </table>
          </section>

          <section className="card card--flush" aria-labelledby="payments-title">
            <h2 id="payments-title" className="card__title card__title--padded">
              Payments
            </h2>
            {invoice.payments?.length ? (
              <table className="table table--stack">
                <caption className="visually-hidden">Payments on invoice {invoice.number}</caption>
                <thead>
                  <tr>
                    <th scope="col">Received</th>
                    <th scope="col">Method</th>
                    <th scope="col">Reference</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {invoice.payments.map((payment) => (
                    <tr key={payment.id}>
                      <td data-label="Received">{formatDateTime(payment.received_at)}</td>
                      <td data-label="Method">{labelOf(PAYMENT_METHOD_LABELS, payment.method)}</td>
                      <td data-label="Reference">
                        <span className="mono">{payment.provider_reference || "—"}</span>
                      </td>
                      <td data-label="Status">{payment.status.replaceAll("_", " ")}</td>
                      <td data-label="Amount" className="num">
                        {money(payment.amount)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted card__pad">No payments yet.</p>
            )}
          </section>
        </div>
        <aside id="pay" className="card" aria-labelledby="pay-title">
          <h2 id="pay-title" className="card__title">
            {isPayable(invoice) ? "Pay this invoice" : "Payment"}
          </h2>
          <PayForm
            invoiceId={invoice.id}
            amountDue={invoice.amount_due}
            currency={invoice.currency}
            payable={isPayable(invoice)}
            status={invoice.status}
          />
        </aside>
      </div>
    </>
  );
}
