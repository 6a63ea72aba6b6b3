import type { ReactNode } from "react";

export type Tone = "error" | "warning" | "success" | "info";

export function Alert({
  tone,
  title,
  children,
  live,
}: {
  tone: Tone;
  title?: ReactNode;
  children?: ReactNode;
  /** Announce when it appears: "alert" interrupts, "status" waits. */
  live?: "alert" | "status";
}) {
  return (
    <div className={`alert alert--${tone}`} role={live}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children}
    </div>
  );
}

export type BadgeTone = "neutral" | "success" | "danger" | "warning" | "info" | "brand";

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={tone === "neutral" ? "badge" : `badge badge--${tone}`}>{children}</span>;
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children ? <p className="muted">{children}</p> : null}
      {action}
    </div>
  );
}

/** The body of a not-found or error page: what happened and where to go. */
export function StatusPage({
  code,
  title,
  children,
  actions,
}: {
  code?: ReactNode;
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="status-page" aria-labelledby="status-page-title">
      {code ? <p className="status-page__code">{code}</p> : null}
      <h1 id="status-page-title">{title}</h1>
      {children ? <div className="muted">{children}</div> : null}
      {actions ? <div className="cluster">{actions}</div> : null}
    </section>
  );
}

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
