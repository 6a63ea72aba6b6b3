/**
 * Paying an invoice exactly once. The BFF (and financial-service behind it) treat requests with
 * the same Idempotency-Key and body as one payment: the second gets the first one's answer. So the
 * form makes one key per payment intent — the first time it submits a given amount and method —
 * and sends that same key again on a double click, a retry after a timeout, or "Try again".
 * A different amount or method is a different intent and gets a new key (the same key with another
 * body would be refused with 422).
 */
import type { PaymentMethod } from "@portals/shared/api";
import { formatMoney, fromCents, toCents } from "@portals/shared/format";

export interface PaymentBody {
  amount: string;
  method: PaymentMethod;
}

export class PaymentIntent {
  private key: string | null = null;
  private body: string | null = null;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The Idempotency-Key for this body: the intent's key while the body is the same. */
  keyFor(body: PaymentBody): string {
    const canonical = JSON.stringify([body.amount, body.method]);
    if (this.key === null || this.body !== canonical) {
      this.key = this.newKey();
      this.body = canonical;
    }
    return this.key;
  }

  /** Forget the key (the server refused it for another body): the next submit starts afresh. */
  reset(): void {
    this.key = null;
    this.body = null;
  }
}

export const PAYMENT_METHODS: readonly { value: PaymentMethod; label: string }[] = [
  { value: "card", label: "Card" },
  { value: "bank_transfer", label: "Bank transfer" },
];

/**
 * The amount as the API wants it ("1850.00"), or the reason it cannot be paid.
 * Partial payments are fine; more than is due is not.
 */
export function checkAmount(
  input: string,
  amountDue: string,
  currency: string,
): { amount: string } | { error: string } {
  const cents = toCents(input.trim());
  if (!input.trim()) return { error: "Enter the amount to pay." };
  if (cents === null) return { error: "Enter an amount like 1850.00." };
  if (cents <= 0n) return { error: "The amount must be more than zero." };
  const due = toCents(amountDue);
  if (due !== null && cents > due) {
    return { error: `You can pay at most ${formatMoney(amountDue, currency)}, the amount due.` };
  }
  return { amount: fromCents(cents) };
}

export function isPayable(invoice: { status: string; amount_due: string }): boolean {
  const due = toCents(invoice.amount_due);
  return (invoice.status === "open" || invoice.status === "overdue") && due !== null && due > 0n;
}

/**
 * The pay button's submit: one request at a time (a second click while one is in flight gets the
 * same promise, not a second request), each with its intent's Idempotency-Key.
 */
export function singleFlightPayer<R>(
  intent: PaymentIntent,
  post: (idempotencyKey: string, body: PaymentBody) => Promise<R>,
): (body: PaymentBody) => Promise<R> {
  let inFlight: Promise<R> | null = null;
  return (body) => {
    if (inFlight) return inFlight;
    const key = intent.keyFor(body);
    inFlight = post(key, body).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
