import type { Metadata } from "next";

import { PasswordChangeForm } from "./PasswordChangeForm";

export const metadata: Metadata = { title: "Change your password" };

export default function PasswordPage() {
  return (
    <div className="container-narrow stack">
      <h1>Change your password</h1>
      <p className="muted">You stay signed in here; any other device you are signed in on is signed out.</p>
      <PasswordChangeForm />
    </div>
  );
}
