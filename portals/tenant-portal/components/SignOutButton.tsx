"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { send } from "@portals/shared/browser";

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setBusy(true);
    setFailed(false);
    try {
      await send("/api/auth/logout");
      router.replace("/signin?signed_out=1");
      router.refresh();
    } catch {
      setFailed(true);
      setBusy(false);
    }
  }

  return (
    <>
      <button className="btn btn--secondary" type="button" onClick={signOut} disabled={busy}>
        {busy ? "Signing out…" : "Sign out"}
      </button>
      {failed ? (
        <span role="alert" className="field__error">
          Could not sign out. Try again.
        </span>
      ) : null}
    </>
  );
}
