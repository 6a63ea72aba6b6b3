"use client";

// Any failure while rendering a page (the BFF down or slow, a bug): a friendly page, never a trace.
// In production Next.js sends the browser only a digest of the error, which we show for support.
import Link from "next/link";

import { StatusPage } from "@portals/shared/ui";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="container">
      <StatusPage
        code="Temporarily unavailable"
        title="We cannot show this page right now"
        actions={
          <>
            <button className="btn" type="button" onClick={() => reset()}>
              Try again
            </button>
            <Link className="btn btn--secondary" href="/">
              Go to the home page
            </Link>
          </>
        }
      >
        <p>Part of our service is not answering. This is usually over in a minute or two.</p>
        {error.digest ? <p className="small">Reference: {error.digest}</p> : null}
      </StatusPage>
    </div>
  );
}
