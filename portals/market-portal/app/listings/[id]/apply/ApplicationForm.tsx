"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import type { ApplicationReceipt } from "@portals/shared/api";
import { send } from "@portals/shared/browser";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "@portals/shared/problem";
import { ErrorSummary, Spinner, TextAreaField, TextField } from "@portals/shared/ui";

import {
  APPLICATION_FIELDS,
  APPLICATION_LABELS,
  applicationRequest,
  MAX_MESSAGE,
  MAX_OCCUPANTS,
  validateApplication,
  type ApplicationValues,
} from "@/lib/application";

export function ApplicationForm({
  listingId,
  today,
  suggestedMoveIn,
}: {
  listingId: string;
  today: string;
  suggestedMoveIn: string;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const data = new FormData(event.currentTarget);
    const values = Object.fromEntries(
      [...APPLICATION_FIELDS, "website"].map((name) => [name, String(data.get(name) ?? "")]),
    ) as ApplicationValues;

    const local = validateApplication(values, today);
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: [] });
      return;
    }
    setSubmitting(true);
    setErrors(NO_ERRORS);
    try {
      const { data: receipt } = await send<ApplicationReceipt>("/api/market/applications", {
        json: applicationRequest(listingId, values),
      });
      // Stay "submitting" while the confirmation page loads: no second application.
      router.push(`/listings/${listingId}/apply/confirmation?ref=${encodeURIComponent(receipt.number)}`);
    } catch (error) {
      setErrors(formErrorsFrom(error, APPLICATION_FIELDS));
      setSubmitting(false);
    }
  }

  const f = errors.fields;
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-describedby="apply-privacy">
      <ErrorSummary errors={errors} labels={APPLICATION_LABELS} />
      <TextField name="full_name" label="Full name" autoComplete="name" required maxLength={160} error={f.full_name} />
      <div className="form-row">
        <TextField name="email" label="Email" type="email" autoComplete="email" required error={f.email} />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="tel"
          required
          hint="We call only about this application."
          error={f.phone}
        />
      </div>
      <div className="form-row">
        <TextField
          name="move_in_date"
          label="Move-in date"
          type="date"
          required
          min={today}
          defaultValue={suggestedMoveIn}
          error={f.move_in_date}
        />
        <TextField
          name="occupants"
          label="People moving in"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_OCCUPANTS}
          required
          defaultValue="1"
          hint="Including you."
          error={f.occupants}
        />
      </div>
      <TextAreaField
        name="message"
        label="Message"
        optional
        maxLength={MAX_MESSAGE}
        rows={5}
        hint="Anything we should know: pets, parking, questions about the home."
        error={f.message}
      />
      {/* Honeypot: out of sight and out of the accessibility tree; a bot that fills it is ignored. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <p className="small muted" id="apply-privacy">
        We use these details only to process your application.
      </p>
      <div className="form-actions">
        <button className="btn" type="submit" disabled={submitting} aria-disabled={submitting}>
          {submitting ? (
            <>
              <Spinner /> Sending application…
            </>
          ) : (
            "Send application"
          )}
        </button>
      </div>
    </form>
  );
}
