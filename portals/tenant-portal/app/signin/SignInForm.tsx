"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import type { Me } from "@portals/shared/api";
import { send } from "@portals/shared/browser";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "@portals/shared/problem";
import { ErrorSummary, Spinner, TextField } from "@portals/shared/ui";

const FIELDS = ["email", "password"] as const;
const LABELS = { email: "Email", password: "Password" };

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const local: Record<string, string> = {};
    if (!email) local.email = "Enter your email address.";
    if (!password) local.password = "Enter your password.";
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: [] });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await send<Me>("/api/auth/login", { json: { email, password } });
      router.replace(next);
      router.refresh();
    } catch (error) {
      setErrors(formErrorsFrom(error, FIELDS));
      setBusy(false);
    }
  }

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <ErrorSummary errors={errors} labels={LABELS} title="We could not sign you in" />
      <TextField name="email" label="Email" type="email" autoComplete="username" required error={errors.fields.email} />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.fields.password}
      />
      <button className="btn btn--block" type="submit" disabled={busy}>
        {busy ? (
          <>
            <Spinner /> Signing in…
          </>
        ) : (
          "Sign in"
        )}
      </button>
    </form>
  );
}
