import type { ReactNode } from "react";

import type { Me } from "@portals/shared/api";

import { SiteHeader } from "@/components/SiteHeader";
import { tenantGet } from "@/lib/bff";

// Every page in here is the signed-in tenant's: not signed in → the sign-in page.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const me = await tenantGet<Me>("/api/auth/me");
  return (
    <>
      <SiteHeader me={me} />
      <main id="main" tabIndex={-1}>
        <div className="container">{children}</div>
      </main>
    </>
  );
}
