import type { Metadata } from "next";
import { redirect } from "next/navigation";

import type { Me } from "@portals/shared/api";
import { bffGet } from "@portals/shared/server";
import { Alert } from "@portals/shared/ui";

import { SiteHeader } from "@/components/SiteHeader";
import { safeNextPath } from "@/lib/navigation";

import { SignInForm } from "./SignInForm";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  // Already signed in: straight on. (Any failure here just shows the form.)
  const me = await bffGet<Me>("/api/auth/me", { withCookies: true }).catch(() => null);
  if (me) redirect(next);

  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <div className="container container-narrow signin">
          <div className="card stack">
            <h1>Sign in</h1>
            <p className="muted">Your lease, rent and maintenance requests in one place.</p>
            {params.signed_out ? (
              <Alert tone="success" live="status">
                <p>You have signed out.</p>
              </Alert>
            ) : params.password_reset ? (
              <Alert tone="success" live="status">
                <p>Your password is changed. Sign in with the new one.</p>
              </Alert>
            ) : params.next ? (
              <Alert tone="info">
                <p>Please sign in to continue.</p>
              </Alert>
            ) : null}
            <SignInForm next={next} />
          </div>
          <p className="small muted signin__help">
            No account yet? Your property manager sends an invitation when your lease starts.
          </p>
        </div>
      </main>
    </>
  );
}
