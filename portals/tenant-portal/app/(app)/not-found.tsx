import Link from "next/link";

import { StatusPage } from "@portals/shared/ui";

// Inside the signed-in pages (an unknown invoice or request): the header and navigation stay.
export default function NotFound() {
  return (
    <StatusPage
      code="404 · Not found"
      title="We could not find that"
      actions={
        <>
          <Link className="btn" href="/">
            Go to your dashboard
          </Link>
          <Link className="btn btn--secondary" href="/invoices">
            Invoices
          </Link>
          <Link className="btn btn--secondary" href="/maintenance">
            Maintenance
          </Link>
        </>
      }
    >
      <p>The link may be out of date, or this belongs to another account.</p>
    </StatusPage>
  );
}
