import Link from "next/link";

import { StatusPage } from "@portals/shared/ui";

export default function NotFound() {
  return (
    <div className="container">
      <StatusPage
        code="404 · Not found"
        title="We could not find that home"
        actions={
          <>
            <Link className="btn" href="/listings">
              See homes for rent
            </Link>
            <Link className="btn btn--secondary" href="/">
              Go to the home page
            </Link>
          </>
        }
      >
        <p>It may have been rented already, or the link is not quite right.</p>
      </StatusPage>
    </div>
  );
}
