"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { send } from "@portals/shared/browser";
import { friendlyMessage, ApiError } from "@portals/shared/problem";
import { Alert, Spinner, TextField } from "@portals/shared/ui";

/** Cancel, with a second step so that one stray click does not cancel a repair. */
export function CancelRequest({ workOrderId }: { workOrderId: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const reason = useRef<HTMLInputElement>(null);

  // The second step appears where the button was: put the keyboard there too.
  useEffect(() => {
    if (confirming) reason.current?.focus();
  }, [confirming]);

  async function cancel() {
    setBusy(true);
    setError(undefined);
    try {
      const text = reason.current?.value.trim();
      await send(`/api/tenant/work-orders/${workOrderId}/cancel`, { json: text ? { reason: text } : {} });
      setConfirming(false);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setError("Work on this request has already started, so it cannot be cancelled now. Add a comment instead.");
        router.refresh();
      } else {
        setError(e instanceof ApiError ? friendlyMessage(e.problem, e.retryAfter) : "Something went wrong. Please try again.");
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      {error ? (
        <Alert tone="error" live="alert">
          <p>{error}</p>
        </Alert>
      ) : null}
      {confirming ? (
        <div className="stack" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question">
            <strong>Cancel this request?</strong> We will stop work on it.
          </p>
          <TextField name="reason" id="cancel-reason" label="Why are you cancelling?" optional maxLength={500} ref={reason} />
          <div className="form-actions">
            <button className="btn btn--danger" type="button" onClick={cancel} disabled={busy}>
              {busy ? (
                <>
                  <Spinner /> Cancelling…
                </>
              ) : (
                "Yes, cancel the request"
              )}
            </button>
            <button className="btn btn--secondary" type="button" onClick={() => setConfirming(false)} disabled={busy}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">You can cancel this request until work starts.</p>
          <button className="btn btn--secondary" type="button" onClick={() => setConfirming(true)}>
            Cancel request
          </button>
        </>
      )}
    </div>
  );
}
