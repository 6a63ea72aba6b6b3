"use client";

import { useRef, useState, type FormEvent } from "react";

import { send } from "@portals/shared/browser";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "@portals/shared/problem";
import { Alert, ErrorSummary, Spinner, TextField } from "@portals/shared/ui";

import { NEW_PASSWORD_LABELS, NewPasswordFields } from "@/components/NewPasswordFields";
import { checkPasswords } from "@/lib/password";

const FIELDS = ["current_password", "new_password", "confirm_password"] as const;
const LABELS = { current_password: "Current password", ...NEW_PASSWORD_LABELS };

export function PasswordChangeForm() {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setChanged(false);
    const data = new FormData(event.currentTarget);
    const values = {
      current_password: String(data.get("current_password") ?? ""),
      new_password: String(data.get("new_password") ?? ""),
      confirm_password: String(data.get("confirm_password") ?? ""),
    };
    const local = checkPasswords(values);
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await send("/api/auth/password", {
        json: { current_password: values.current_password, new_password: values.new_password },
      });
      form.current?.reset();
      setChanged(true);
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="form card" method="post" noValidate onSubmit={onSubmit}>
      <div aria-live="polite">
        {changed ? (
          <Alert tone="success">
            <p>Your password is changed.</p>
          </Alert>
        ) : null}
      </div>
      <ErrorSummary errors={errors} labels={LABELS} title="We could not change your password" />
      <TextField
        name="current_password"
        label={LABELS.current_password}
        type="password"
        autoComplete="current-password"
        required
        error={errors.fields.current_password}
      />
      <NewPasswordFields errors={errors} />
      <button className="btn" type="submit" disabled={busy}>
        {busy ? (
          <>
            <Spinner /> Saving…
          </>
        ) : (
          "Change password"
        )}
      </button>
    </form>
  );
}
