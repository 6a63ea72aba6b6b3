import type { Metadata } from "next";
import Link from "next/link";

import { CATEGORY_LABELS, labelOf, PRIORITY_LABELS, WORK_ORDER_STATUS_LABELS, type Page, type WorkOrder } from "@portals/shared/api";
import { formatDate } from "@portals/shared/format";
import { isStatus } from "@portals/shared/server";
import { Badge, EmptyState, Pagination, pageCount } from "@portals/shared/ui";

import { FilterTabs } from "@/components/FilterTabs";
import { tenantGet } from "@/lib/bff";
import { choiceParam, listHref, PAGE_SIZE, pageParam } from "@/lib/lists";
import { priorityTone, WORK_ORDER_FILTERS, workOrderTone } from "@/lib/work-orders";

export const metadata: Metadata = { title: "Maintenance" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const FILTERS = WORK_ORDER_FILTERS.map((f) => f.value);

export default async function MaintenancePage({ searchParams }: Props) {
  const params = await searchParams;
  const status = choiceParam(params.status, FILTERS, "open");
  const page = pageParam(params.page);
  const query = new URLSearchParams({ ...(status !== "all" ? { status } : {}), page: String(page) });
  const result = await tenantGet<Page<WorkOrder>>(`/api/tenant/work-orders?${query}`).catch((error: unknown) => {
    if (isStatus(error, 404)) return null; // past the last page
    throw error;
  });
  const filterHref = (value: string) => listHref("/maintenance", { status: value === "open" ? null : value });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Maintenance</h1>
          <p>Report a problem at home and follow the repair.</p>
        </div>
        <Link className="btn" href="/maintenance/new">
          Report a problem
        </Link>
      </div>
      <FilterTabs
        label="Filter requests by status"
        current={status}
        items={WORK_ORDER_FILTERS.map((f) => ({ ...f, href: filterHref(f.value) }))}
      />
      {result === null || result.results.length === 0 ? (
        <EmptyState
          title={status === "open" ? "No open requests" : "No requests here"}
          action={
            <Link className="btn btn--secondary" href="/maintenance/new">
              Report a problem
            </Link>
          }
        >
          Something broken or not working? Tell us and we will arrange the repair.
        </EmptyState>
      ) : (
        <>
          <ul className="request-list">
            {result.results.map((wo) => (
              <li key={wo.id} className="card request">
                <div className="request__main">
                  <h2 className="request__title">
                    <Link href={`/maintenance/${wo.id}`}>{wo.title}</Link>
                  </h2>
                  <p className="muted small">
                    {wo.number} · {labelOf(CATEGORY_LABELS, wo.category)} · opened {formatDate(wo.created_at.slice(0, 10), "short")}
                  </p>
                </div>
                <div className="cluster request__badges">
                  {wo.priority !== "normal" ? (
                    <Badge tone={priorityTone(wo.priority)}>{labelOf(PRIORITY_LABELS, wo.priority)} priority</Badge>
                  ) : null}
                  <Badge tone={workOrderTone(wo.status)}>{labelOf(WORK_ORDER_STATUS_LABELS, wo.status)}</Badge>
                </div>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pages={pageCount(result.count, PAGE_SIZE)}
            hrefFor={(p) => listHref("/maintenance", { status: status === "open" ? null : status, page: p })}
            label="Request pages"
          />
        </>
      )}
    </>
  );
}
