import { describe, expect, it } from "vitest";

import { checkAmount, isPayable, PaymentIntent, singleFlightPayer, type PaymentBody } from "../lib/payment";

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

const full: PaymentBody = { amount: "1850.00", method: "card" };

describe("PaymentIntent", () => {
  it("keeps one key for the same payment, however often it is sent", () => {
    const intent = new PaymentIntent(counter());
    expect(intent.keyFor(full)).toBe("key-1");
    expect(intent.keyFor({ ...full })).toBe("key-1");
  });

  it("makes a new key when the amount or method changes (another payment)", () => {
    const intent = new PaymentIntent(counter());
    intent.keyFor(full);
    expect(intent.keyFor({ ...full, amount: "100.00" })).toBe("key-2");
    expect(intent.keyFor({ ...full, amount: "100.00", method: "bank_transfer" })).toBe("key-3");
    // Back to an earlier body is a new intent too: the server tied key-1 to its first answer.
    expect(intent.keyFor(full)).toBe("key-4");
  });

  it("starts afresh after reset", () => {
    const intent = new PaymentIntent(counter());
    intent.keyFor(full);
    intent.reset();
    expect(intent.keyFor(full)).toBe("key-2");
  });

  it("uses crypto.randomUUID by default", () => {
    expect(new PaymentIntent().keyFor(full)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("singleFlightPayer", () => {
  it("sends one request for a double click", async () => {
    const sent: [string, PaymentBody][] = [];
    let release!: (v: string) => void;
    const pay = singleFlightPayer(new PaymentIntent(counter()), (key, body) => {
      sent.push([key, body]);
      return new Promise<string>((resolve) => (release = resolve));
    });
    const first = pay(full);
    const second = pay(full);
    release("payment-1");
    expect(await first).toBe("payment-1");
    expect(await second).toBe("payment-1");
    expect(sent).toEqual([["key-1", full]]);
  });

  it("retries a failed attempt with the same key, so the server can replay it", async () => {
    const keys: string[] = [];
    let attempt = 0;
    const pay = singleFlightPayer(new PaymentIntent(counter()), async (key) => {
      keys.push(key);
      if (++attempt === 1) throw new Error("timeout");
      return "payment-1";
    });
    await expect(pay(full)).rejects.toThrow("timeout");
    await expect(pay(full)).resolves.toBe("payment-1");
    expect(keys).toEqual(["key-1", "key-1"]);
  });

  it("uses a new key once the tenant changes the amount", async () => {
    const keys: string[] = [];
    const pay = singleFlightPayer(new PaymentIntent(counter()), async (key) => {
      keys.push(key);
      throw new Error("amount too large");
    });
    await pay({ amount: "5000.00", method: "card" }).catch(() => {});
    await pay({ amount: "1850.00", method: "card" }).catch(() => {});
    expect(keys).toEqual(["key-1", "key-2"]);
  });
});

describe("checkAmount", () => {
  it("normalises what the tenant typed to the API's shape", () => {
    expect(checkAmount("1850", "1850.00", "USD")).toEqual({ amount: "1850.00" });
    expect(checkAmount(" 1,000.5 ", "1850.00", "USD")).toEqual({ amount: "1000.50" });
  });

  it("refuses nothing, zero, junk and more than is due", () => {
    expect(checkAmount("", "1850.00", "USD")).toEqual({ error: "Enter the amount to pay." });
    expect(checkAmount("0.00", "1850.00", "USD")).toEqual({ error: "The amount must be more than zero." });
    expect(checkAmount("12.345", "1850.00", "USD")).toEqual({ error: "Enter an amount like 1850.00." });
    expect(checkAmount("1850.01", "1850.00", "USD")).toEqual({
      error: "You can pay at most $1,850.00, the amount due.",
    });
  });
});

describe("isPayable", () => {
  it("is open or overdue with something due", () => {
    expect(isPayable({ status: "open", amount_due: "10.00" })).toBe(true);
    expect(isPayable({ status: "overdue", amount_due: "10.00" })).toBe(true);
    expect(isPayable({ status: "open", amount_due: "0.00" })).toBe(false);
    expect(isPayable({ status: "paid", amount_due: "0.00" })).toBe(false);
    expect(isPayable({ status: "void", amount_due: "10.00" })).toBe(false);
  });
});
