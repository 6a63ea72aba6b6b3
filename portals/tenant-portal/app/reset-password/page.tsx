import type { Metadata } from "next";
import Link from "next/link";

import { Alert } from "@portals/shared/ui";

import { SiteHeader } from "@/components/SiteHeader";
import { resetLink } from "@/lib/password";

import { ResetPasswordForm } from "./ResetPasswordForm";

// The page the BFF's password-reset email links to: /reset-password?uid=…&token=…
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  const link = resetLink(await searchParams);
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <div className="container container-narrow signin">
          <div className="card stack">
            <h1>Choose a new password</h1>
            {link ? (
              <ResetPasswordForm uid={link.uid} token={link.token} />
            ) : (
              <Alert tone="warning">
                <p>
                  This link is incomplete. Open the link in the email again, or ask your property manager for a
                  new one.
                </p>
              </Alert>
            )}
          </div>
          <p className="small muted signin__help">
            Remembered it? <Link href="/signin">Sign in</Link>
          </p>
        </div>
      </main>
    </>
  );
}
