"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import { labelOf, PAYMENT_METHOD_LABELS, type Payment, type PaymentMethod } from "@portals/shared/api";
import { send } from "@portals/shared/browser";
import { formatMoney } from "@portals/shared/format";
import { ApiError, friendlyMessage, toFormErrors } from "@portals/shared/problem";
import { Alert, ChoiceField, Spinner, TextField } from "@portals/shared/ui";

import { checkAmount, PAYMENT_METHODS, PaymentIntent, singleFlightPayer, type PaymentBody } from "@/lib/payment";

type State =
  | { kind: "idle" }
  | { kind: "submitting" }
  | { kind: "succeeded"; payment: Payment }
  | { kind: "failed"; message: string; canRetry: boolean };

export function PayForm({
  invoiceId,
  amountDue,
  currency,
  payable,
  status,
}: {
  invoiceId: string;
  amountDue: string;
  currency: string;
  payable: boolean;
  status: string;
}) {
  const router = useRouter();
  const [amount, setAmount] = useState(amountDue);
  const [method, setMethod] = useState<PaymentMethod>("card");
  const [amountError, setAmountError] = useState<string>();
  const [state, setState] = useState<State>({ kind: "idle" });
  // One intent (and Idempotency-Key) per form: made on the first submit, kept across retries.
  const intent = useRef<PaymentIntent | null>(null);
  const pay = useRef<((body: PaymentBody) => Promise<Payment>) | null>(null);

  function payer() {
    if (!pay.current) {
      intent.current = new PaymentIntent();
      pay.current = singleFlightPayer(intent.current, async (key, body) => {
        const { data } = await send<Payment>(`/api/tenant/invoices/${invoiceId}/pay`, {
          json: body,
          headers: { "Idempotency-Key": key },
          timeoutMs: 30_000,
        });
        return data;
      });
    }
    return pay.current;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.kind === "submitting") return;
    const checked = checkAmount(amount, amountDue, currency);
    if ("error" in checked) {
      setAmountError(checked.error);
      return;
    }
    setAmountError(undefined);
    setState({ kind: "submitting" });
    try {
      const payment = await payer()({ amount: checked.amount, method });
      setState({ kind: "succeeded", payment });
      router.refresh(); // the invoice above shows the new status and amounts
    } catch (error) {
      setState(failure(error));
    }
  }

  function failure(error: unknown): State {
    if (!(error instanceof ApiError)) {
      return { kind: "failed", message: "Something went wrong. Trying again is safe.", canRetry: true };
    }
    if (error.status === 400) {
      const errors = toFormErrors(error.problem, ["amount", "method"]);
      if (errors.fields.amount) setAmountError(errors.fields.amount);
      return {
        kind: "failed",
        message: errors.form.join(" ") || errors.fields.method || "Check the amount and try again.",
        canRetry: false,
      };
    }
    if (error.status === 409) {
      router.refresh();
      return {
        kind: "failed",
        message: error.problem.detail ?? "This invoice cannot be paid any more: it is paid or void.",
        canRetry: false,
      };
    }
    if (error.status === 422) {
      intent.current?.reset(); // that key belongs to another payment: the next submit makes a new one
      return { kind: "failed", message: "The payment changed while it was being sent. Please check it and pay again.", canRetry: true };
    }
    // Network error, timeout, 5xx: the payment may or may not have gone through. The same key
    // makes a retry safe: the BFF replays the first payment instead of making a second.
    return {
      kind: "failed",
      message: `${friendlyMessage(error.problem, error.retryAfter)} Trying again is safe: you will not be charged twice.`,
      canRetry: true,
    };
  }

  if (state.kind === "succeeded") {
    const { payment } = state;
    return (
      <Alert tone="success" title="Payment received" live="status">
        <p>
          {formatMoney(payment.amount, currency)} by {labelOf(PAYMENT_METHOD_LABELS, payment.method).toLowerCase()}.
          {payment.provider_reference ? (
            <>
              {" "}
              Reference <span className="mono">{payment.provider_reference}</span>.
            </>
          ) : null}
        </p>
        <p>
          <Link href="/">Back to your dashboard</Link>
        </p>
      </Alert>
    );
  }

  if (!payable) {
    return <p className="muted">Nothing to pay: this invoice is {status}.</p>;
  }

  const submitting = state.kind === "submitting";
  const checked = checkAmount(amount, amountDue, currency);
  const label = "amount" in checked ? `Pay ${formatMoney(checked.amount, currency)}` : "Pay";
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={submitting}>
      {state.kind === "failed" ? (
        <Alert tone="error" title="The payment did not go through" live="alert">
          <p>{state.message}</p>
        </Alert>
      ) : null}
      <TextField
        name="amount"
        label={`Amount (${currency})`}
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        disabled={submitting}
        hint={`Up to ${formatMoney(amountDue, currency)}, the amount due. You can pay part of it.`}
        error={amountError}
        required
      />
      <ChoiceField
        name="method"
        label="Pay by"
        options={PAYMENT_METHODS}
        value={method}
        onChange={(v) => setMethod(v as PaymentMethod)}
        disabled={submitting}
      />
      <button className="btn btn--block" type="submit" disabled={submitting}>
        {submitting ? (
          <>
            <Spinner /> Paying…
          </>
        ) : state.kind === "failed" && state.canRetry ? (
          `Try again: ${label.toLowerCase()}`
        ) : (
          label
        )}
      </button>
      <p className="small muted">One click pays once: if the connection drops, trying again will not charge you twice.</p>
    </form>
  );
}
