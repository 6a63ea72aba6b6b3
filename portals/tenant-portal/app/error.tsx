"use client";

// Any failure while rendering (the BFF down or slow, a bug): a friendly page, never a trace.
// In production Next.js sends the browser only a digest of the error, shown for support.
import Link from "next/link";

import { StatusPage } from "@portals/shared/ui";

import { SiteHeader } from "@/components/SiteHeader";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
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
                  Go to your dashboard
                </Link>
              </>
            }
          >
            <p>Part of our service is not answering. This is usually over in a minute or two. Your data is safe.</p>
            {error.digest ? <p className="small">Reference: {error.digest}</p> : null}
          </StatusPage>
        </div>
      </main>
    </>
  );
}
