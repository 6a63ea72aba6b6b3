import Link from "next/link";

import { StatusPage } from "@portals/shared/ui";

import { SiteHeader } from "@/components/SiteHeader";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <div className="container">
          <StatusPage
            code="404 · Not found"
            title="We could not find that page"
            actions={
              <Link className="btn" href="/">
                Go to your dashboard
              </Link>
            }
          >
            <p>The link may be out of date, or this belongs to another account.</p>
          </StatusPage>
        </div>
      </main>
    </>
  );
}
