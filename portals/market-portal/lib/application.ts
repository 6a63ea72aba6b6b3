/**
 * The rental application form's own checks, run in the browser before anything is sent. They are
 * a courtesy: the BFF validates again, and its per-field errors land on the same fields.
 */
import type { ApplicationRequest } from "@portals/shared/api";
import { isIsoDate } from "@portals/shared/format";

export const APPLICATION_FIELDS = [
  "full_name",
  "email",
  "phone",
  "move_in_date",
  "occupants",
  "message",
] as const;

export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

export const APPLICATION_LABELS: Record<ApplicationField, string> = {
  full_name: "Full name",
  email: "Email",
  phone: "Phone",
  move_in_date: "Move-in date",
  occupants: "People moving in",
  message: "Message",
};

export type ApplicationValues = Record<ApplicationField | "website", string>;

export const MAX_MESSAGE = 2000;
export const MAX_OCCUPANTS = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{7,20}$/;

export function validateApplication(
  values: ApplicationValues,
  today: string,
): Partial<Record<ApplicationField, string>> {
  const errors: Partial<Record<ApplicationField, string>> = {};
  const name = values.full_name.trim();
  if (!name) errors.full_name = "Enter your full name.";
  else if (name.length < 2) errors.full_name = "Enter your full name.";
  else if (name.length > 160) errors.full_name = "Your name must be 160 characters or fewer.";

  const email = values.email.trim();
  if (!email) errors.email = "Enter your email address.";
  else if (!EMAIL.test(email)) errors.email = "Enter an email address like name@example.com.";

  const phone = values.phone.trim();
  if (!phone) errors.phone = "Enter a phone number.";
  else if (!PHONE.test(phone) || phone.replace(/\D/g, "").length < 7)
    errors.phone = "Enter a phone number like +1 503 555 0100.";

  const moveIn = values.move_in_date.trim();
  if (!moveIn) errors.move_in_date = "Enter the date you would like to move in.";
  else if (!isIsoDate(moveIn)) errors.move_in_date = "Enter a real date.";
  else if (moveIn < today) errors.move_in_date = "The move-in date must be today or later.";

  const occupants = values.occupants.trim();
  if (!/^\d+$/.test(occupants) || Number(occupants) < 1 || Number(occupants) > MAX_OCCUPANTS)
    errors.occupants = `Enter a number from 1 to ${MAX_OCCUPANTS}.`;

  if (values.message.length > MAX_MESSAGE)
    errors.message = `Your message must be ${MAX_MESSAGE} characters or fewer.`;
  return errors;
}

export function applicationRequest(listingId: string, values: ApplicationValues): ApplicationRequest {
  return {
    listing_id: listingId,
    full_name: values.full_name.trim(),
    email: values.email.trim(),
    phone: values.phone.trim(),
    move_in_date: values.move_in_date.trim(),
    occupants: Number(values.occupants),
    message: values.message.trim(),
    website: values.website, // the honeypot, sent as found: the BFF drops filled ones silently
  };
}

const REFERENCE = /^APP-\d{6,}$/;

/** The confirmation page shows only a reference that looks like one (it comes from the URL). */
export function isApplicationReference(value: string | undefined | null): value is string {
  return typeof value === "string" && REFERENCE.test(value);
}
