import type { Metadata } from "next";
import Link from "next/link";

import { INVOICE_STATUS_LABELS, labelOf, type Invoice, type Page } from "@portals/shared/api";
import { formatDate, formatMoney, formatPeriod } from "@portals/shared/format";
import { isStatus } from "@portals/shared/server";
import { Badge, EmptyState, Pagination, pageCount } from "@portals/shared/ui";

import { FilterTabs } from "@/components/FilterTabs";
import { tenantGet } from "@/lib/bff";
import { INVOICE_FILTERS, invoiceTone } from "@/lib/invoices";
import { choiceParam, listHref, PAGE_SIZE, pageParam } from "@/lib/lists";

export const metadata: Metadata = { title: "Invoices" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const STATUSES = INVOICE_FILTERS.map((f) => f.value);

export default async function InvoicesPage({ searchParams }: Props) {
  const params = await searchParams;
  const status = choiceParam(params.status, STATUSES, "");
  const page = pageParam(params.page);
  const href = (p: number) => listHref("/invoices", { status, page: p });
  const result = await tenantGet<Page<Invoice>>(`/api/tenant/invoices?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page) })}`).catch(
    (error: unknown) => {
      if (isStatus(error, 404)) return null; // past the last page
      throw error;
    },
  );

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Invoices</h1>
          <p>Rent and charges, newest first.</p>
        </div>
      </div>
      <FilterTabs
        label="Filter invoices by status"
        current={status}
        items={INVOICE_FILTERS.map((f) => ({ ...f, href: listHref("/invoices", { status: f.value }) }))}
      />
      {result === null || result.results.length === 0 ? (
        <EmptyState
          title={status ? `No ${labelOf(INVOICE_STATUS_LABELS, status).toLowerCase()} invoices` : "No invoices yet"}
          action={
            status ? (
              <Link className="btn btn--secondary" href="/invoices">
                See all invoices
              </Link>
            ) : undefined
          }
        >
          {status ? "Nothing here right now." : "Your first invoice appears here when your rent is billed."}
        </EmptyState>
      ) : (
        <>
          <div className="card card--flush">
            <table className="table table--stack">
              <caption className="visually-hidden">Invoices</caption>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Period</th>
                  <th scope="col">Due</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col" className="num">
                    Still due
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {result.results.map((invoice) => (
                  <tr key={invoice.id}>
                    <td data-label="Invoice">
                      <Link href={`/invoices/${invoice.id}`}>{invoice.number}</Link>
                    </td>
                    <td data-label="Period">{formatPeriod(invoice.period)}</td>
                    <td data-label="Due">{formatDate(invoice.due_date, "short")}</td>
                    <td data-label="Total" className="num">
                      {formatMoney(invoice.total, invoice.currency)}
                    </td>
                    <td data-label="Still due" className="num">
                      {formatMoney(invoice.amount_due, invoice.currency)}
                    </td>
                    <td data-label="Status">
                      <Badge tone={invoiceTone(invoice.status)}>{labelOf(INVOICE_STATUS_LABELS, invoice.status)}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pages={pageCount(result.count, PAGE_SIZE)} hrefFor={href} label="Invoice pages" />
        </>
      )}
    </>
  );
}
