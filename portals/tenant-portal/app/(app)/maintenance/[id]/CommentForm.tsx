"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import { send } from "@portals/shared/browser";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "@portals/shared/problem";
import { Alert, Spinner, TextAreaField } from "@portals/shared/ui";

import { MAX_COMMENT, validateComment } from "@/lib/work-orders";

export function CommentForm({ workOrderId }: { workOrderId: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const body = String(new FormData(event.currentTarget).get("body") ?? "");
    const problem = validateComment(body);
    if (problem) {
      setErrors({ fields: { body: problem }, form: [] });
      return;
    }
    setBusy(true);
    setSent(false);
    setErrors(NO_ERRORS);
    try {
      await send(`/api/tenant/work-orders/${workOrderId}/comments`, { json: { body: body.trim() } });
      form.current?.reset();
      setSent(true);
      router.refresh(); // the timeline shows the new comment
    } catch (error) {
      setErrors(formErrorsFrom(error, ["body"]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" noValidate onSubmit={onSubmit} ref={form}>
      {errors.form.length ? (
        <Alert tone="error" live="alert">
          <p>{errors.form.join(" ")}</p>
        </Alert>
      ) : null}
      <TextAreaField
        name="body"
        id="comment-body"
        label="Comment"
        rows={4}
        maxLength={MAX_COMMENT}
        hint="A question, an update, or when you are home."
        error={errors.fields.body}
        onChange={() => setSent(false)}
      />
      <div className="form-actions">
        <button className="btn" type="submit" disabled={busy}>
          {busy ? (
            <>
              <Spinner /> Sending…
            </>
          ) : (
            "Add comment"
          )}
        </button>
        <span role="status" className="muted small">
          {sent ? "Comment added." : ""}
        </span>
      </div>
    </form>
  );
}
