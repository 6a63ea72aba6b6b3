"use client";

// What both portals' error.tsx show for any failure while rendering (the BFF down or slow, a bug): a
// friendly page, never a trace. In production Next.js sends the browser only a digest of the error,
// shown for support.
import Link from "next/link";

import { StatusPage } from "./feedback";

export function RenderErrorPage({
  error,
  reset,
  homeLabel,
  reassurance,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  /** The text of the link to "/". */
  homeLabel: string;
  /** A sentence after "usually over in a minute or two." */
  reassurance?: string;
}) {
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
              {homeLabel}
            </Link>
          </>
        }
      >
        <p>
          Part of our service is not answering. This is usually over in a minute or two.
          {reassurance ? ` ${reassurance}` : null}
        </p>
        {error.digest ? <p className="small">Reference: {error.digest}</p> : null}
      </StatusPage>
    </div>
  );
}
