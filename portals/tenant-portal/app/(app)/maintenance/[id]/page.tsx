import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import {
  CATEGORY_LABELS,
  isUuid,
  labelOf,
  PRIORITY_LABELS,
  WORK_ORDER_STATUS_LABELS,
  type TimelineEntry,
  type WorkOrder,
} from "@portals/shared/api";
import { formatDateTime } from "@portals/shared/format";
import { isStatus } from "@portals/shared/server";
import { Alert, Badge } from "@portals/shared/ui";

import { tenantGet } from "@/lib/bff";
import { priorityTone, workOrderTone } from "@/lib/work-orders";

import { CancelRequest } from "./CancelRequest";
import { CommentForm } from "./CommentForm";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function load(id: string): Promise<WorkOrder> {
  if (!isUuid(id)) notFound();
  try {
    return await tenantGet<WorkOrder>(`/api/tenant/work-orders/${id}`);
  } catch (error) {
    if (isStatus(error, 404)) notFound(); // not there, or another tenant's: the same answer
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: isUuid(id) ? "Maintenance request" : "Not found" };
}

const status = (s: string | null | undefined) => (s ? labelOf(WORK_ORDER_STATUS_LABELS, s) : "");

function describe(entry: TimelineEntry): string {
  if (entry.kind === "comment") return `${entry.author_name || "Someone"} commented`;
  if (!entry.from_status) return `Request ${status(entry.to_status).toLowerCase()}`;
  return `${status(entry.from_status)} → ${status(entry.to_status)}`;
}

export default async function WorkOrderPage({ params, searchParams }: Props) {
  const workOrder = await load((await params).id);
  const created = Boolean((await searchParams).created);
  const timeline = [...(workOrder.timeline ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  const closed = workOrder.status === "completed" || workOrder.status === "cancelled";

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/maintenance">Maintenance</Link>
          </li>
          <li aria-current="page">{workOrder.number}</li>
        </ol>
      </nav>
      {created ? (
        <div className="dashboard__notice">
          <Alert tone="success" title="Request sent" live="status">
            <p>
              Thank you. Your reference is <strong>{workOrder.number}</strong>. We will update it here as the repair
              progresses.
            </p>
          </Alert>
        </div>
      ) : null}
      <div className="page-header">
        <div>
          <h1>{workOrder.title}</h1>
          <p>
            {workOrder.number} · <Badge tone={workOrderTone(workOrder.status)}>{status(workOrder.status)}</Badge>
          </p>
        </div>
      </div>

      <div className="split">
        <div className="stack-lg">
          <section className="card" aria-labelledby="details-title">
            <h2 id="details-title" className="card__title">
              Details
            </h2>
            <dl className="facts">
              <div>
                <dt>Category</dt>
                <dd>{labelOf(CATEGORY_LABELS, workOrder.category)}</dd>
              </div>
              <div>
                <dt>Priority</dt>
                <dd>
                  <Badge tone={priorityTone(workOrder.priority)}>{labelOf(PRIORITY_LABELS, workOrder.priority)}</Badge>
                </dd>
              </div>
              <div>
                <dt>Opened</dt>
                <dd>{formatDateTime(workOrder.created_at)}</dd>
              </div>
              <div>
                <dt>Scheduled</dt>
                <dd>{workOrder.scheduled_for ? formatDateTime(workOrder.scheduled_for) : "Not yet"}</dd>
              </div>
              <div>
                <dt>Assigned to</dt>
                <dd>{workOrder.assignee || "Not yet"}</dd>
              </div>
              {workOrder.completed_at ? (
                <div>
                  <dt>Completed</dt>
                  <dd>{formatDateTime(workOrder.completed_at)}</dd>
                </div>
              ) : null}
            </dl>
            <h3 className="details__heading">What you told us</h3>
            <p className="prewrap">{workOrder.description}</p>
            {workOrder.photos?.length ? (
              <>
                <h3 className="details__heading">Photos</h3>
                <ul className="thumbs">
                  {workOrder.photos.map((photo, i) => {
                    const src = `/api/tenant/work-orders/${workOrder.id}/photos/${photo.id}`;
                    return (
                      <li key={photo.id}>
                        <a href={src} target="_blank" rel="noopener">
                          <img src={src} alt={`Photo ${i + 1} of the problem`} width={128} height={96} loading="lazy" />
                          <span className="visually-hidden"> (opens in a new tab)</span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </>
            ) : null}
          </section>

          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="card__title">
              Progress
            </h2>
            {timeline.length ? (
              <ol className="timeline">
                {timeline.map((entry, i) => (
                  <li key={`${entry.at}-${i}`} className={entry.kind === "comment" ? "timeline__comment" : undefined}>
                    <p className="timeline__what">
                      <strong>{describe(entry)}</strong>
                    </p>
                    <p className="timeline__meta">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                      {entry.kind === "status" && entry.author_name ? ` · by ${entry.author_name}` : ""}
                      {entry.author_kind === "staff" && entry.kind === "comment" ? " · property team" : ""}
                    </p>
                    {entry.body ? <p className="timeline__body">{entry.body}</p> : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">Nothing has happened yet.</p>
            )}
          </section>
        </div>

        <aside className="stack">
          {closed ? (
            <section className="card">
              <h2 className="card__title">This request is {status(workOrder.status).toLowerCase()}</h2>
              <p className="muted">
                Still a problem?{" "}
                <Link href="/maintenance/new">Report it again</Link> and mention {workOrder.number}.
              </p>
            </section>
          ) : (
            <section className="card" aria-labelledby="comment-title">
              <h2 id="comment-title" className="card__title">
                Add a comment
              </h2>
              <CommentForm workOrderId={workOrder.id} />
            </section>
          )}
          {workOrder.cancellable ? (
            <section className="card" aria-labelledby="cancel-title">
              <h2 id="cancel-title" className="card__title">
                Fixed it yourself?
              </h2>
              <CancelRequest workOrderId={workOrder.id} />
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
