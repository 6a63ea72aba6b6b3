"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { send } from "@portals/shared/browser";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "@portals/shared/problem";
import { ErrorSummary, Spinner } from "@portals/shared/ui";

import { NEW_PASSWORD_LABELS, NewPasswordFields } from "@/components/NewPasswordFields";
import { checkPasswords } from "@/lib/password";

// method="post": without JavaScript the browser must not put passwords in the URL.
// `token` and `uid` are the link's, not fields: the BFF's errors on them ("invalid or used link") go
// to the summary.
const FIELDS = ["new_password", "confirm_password"] as const;
const LABELS = NEW_PASSWORD_LABELS;

export function ResetPasswordForm({ uid, token }: { uid: string; token: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    const new_password = String(data.get("new_password") ?? "");
    const confirm_password = String(data.get("confirm_password") ?? "");
    const local = checkPasswords({ new_password, confirm_password });
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await send("/api/auth/password-reset/confirm", { json: { uid, token, new_password } });
      router.replace("/signin?password_reset=1");
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
      setBusy(false);
    }
  }

  return (
    <form className="form" method="post" noValidate onSubmit={onSubmit}>
      <ErrorSummary errors={errors} labels={LABELS} title="We could not change your password" />
      <NewPasswordFields errors={errors} />
      <button className="btn btn--block" type="submit" disabled={busy}>
        {busy ? (
          <>
            <Spinner /> Saving…
          </>
        ) : (
          "Set new password"
        )}
      </button>
    </form>
  );
}
