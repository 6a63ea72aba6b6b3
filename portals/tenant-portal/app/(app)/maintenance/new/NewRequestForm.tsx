"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import type { WorkOrder } from "@portals/shared/api";
import { send } from "@portals/shared/browser";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "@portals/shared/problem";
import { ChoiceField, ErrorSummary, SelectField, Spinner, TextAreaField, TextField } from "@portals/shared/ui";

import {
  CATEGORY_OPTIONS,
  MAX_DESCRIPTION,
  MAX_PHOTOS,
  MAX_TITLE,
  PHOTO_TYPES,
  PRIORITY_OPTIONS,
  validateWorkOrder,
  WORK_ORDER_FIELDS,
  WORK_ORDER_LABELS,
} from "@/lib/work-orders";

export function NewRequestForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    // An empty file input still sends one nameless, empty file: leave it out.
    const photos = data.getAll("photos").filter((f): f is File => f instanceof File && f.size > 0 && f.name !== "");
    const draft = {
      category: String(data.get("category") ?? ""),
      priority: String(data.get("priority") ?? ""),
      title: String(data.get("title") ?? ""),
      description: String(data.get("description") ?? ""),
      photos,
    };
    const local = validateWorkOrder(draft);
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: [] });
      return;
    }
    const body = new FormData();
    body.set("category", draft.category);
    body.set("priority", draft.priority);
    body.set("title", draft.title.trim());
    body.set("description", draft.description.trim());
    for (const photo of photos) body.append("photos", photo, photo.name);

    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const { data: created } = await send<WorkOrder>("/api/tenant/work-orders", { form: body, timeoutMs: 60_000 });
      router.push(`/maintenance/${created.id}?created=1`);
    } catch (error) {
      setErrors(formErrorsFrom(error, WORK_ORDER_FIELDS, { "photos[]": "photos" }));
      setBusy(false);
    }
  }

  const f = errors.fields;
  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <ErrorSummary errors={errors} labels={WORK_ORDER_LABELS} />
      <SelectField name="category" label={WORK_ORDER_LABELS.category} options={CATEGORY_OPTIONS} defaultValue="" required error={f.category} />
      <ChoiceField
        name="priority"
        label={WORK_ORDER_LABELS.priority}
        options={PRIORITY_OPTIONS}
        defaultValue="normal"
        hint="Emergency: a danger to people or the building, like a leak you cannot stop."
        error={f.priority}
      />
      <TextField
        name="title"
        label={WORK_ORDER_LABELS.title}
        maxLength={MAX_TITLE}
        placeholder="Kitchen tap drips"
        required
        error={f.title}
      />
      <TextAreaField
        name="description"
        label={WORK_ORDER_LABELS.description}
        rows={6}
        maxLength={MAX_DESCRIPTION}
        required
        hint="Where it is, what happens and since when. Tell us if we need to bring anything, or when you are home."
        error={f.description}
      />
      <TextField
        name="photos"
        label={WORK_ORDER_LABELS.photos}
        type="file"
        multiple
        accept={PHOTO_TYPES.join(",")}
        optional
        hint={`Up to ${MAX_PHOTOS} photos (JPEG, PNG or WebP, 5 MB each) help us bring the right parts.`}
        error={f.photos}
      />
      <div className="form-actions">
        <button className="btn" type="submit" disabled={busy}>
          {busy ? (
            <>
              <Spinner /> Sending…
            </>
          ) : (
            "Send request"
          )}
        </button>
      </div>
    </form>
  );
}
