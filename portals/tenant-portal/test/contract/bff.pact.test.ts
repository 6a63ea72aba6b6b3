/**
 * The tenant portal → BFF contract (Pact V4), written by the portal's own client code: tenantGet
 * and bffGet on the server (the visitor's cookie forwarded), send() in the browser (CSRF token,
 * same-origin /api), the pay form's PaymentIntent and single-flight payer. The paths are the ones
 * the pages request. The BFF verifies the pact live: tests/contract/providers/test_bff.py.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Dashboard, Invoice, Me, Page, Payment, WorkOrder } from "@portals/shared/api";
import { send } from "@portals/shared/browser";
import { ApiError, toFormErrors } from "@portals/shared/problem";

import { tenantGet } from "../../lib/bff";
import { describeDegraded } from "../../lib/invoices";
import { isPayable, PaymentIntent, singleFlightPayer, type PaymentBody } from "../../lib/payment";
import {
  asBrowser,
  bffPact,
  CSRF_HEADER,
  currency,
  day,
  JSON_BODY,
  moment,
  money,
  problem,
  PROBLEM_JSON,
  type RequestBuilder,
  SESSION_COOKIE,
  SIGNED_IN,
} from "../../../shared/test/contract/bff-pact";

const { boolean, eachLike, integer, like, regex, string, uuid } = MatchersV3;

// The request headers a server component received: what bffGet forwards (next/headers).
const incoming = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => incoming.headers }));

const pact = bffPact("tenant-portal");
const INVOICE_ID = "f0000000-0000-4000-8000-0000000000a1";
const OTHER_INVOICE_ID = "f0000000-0000-4000-8000-0000000000b1";
const WORK_ORDER_ID = "90000000-0000-4000-8000-0000000000a1";
const KEY = "5b0e3c1a-7d2f-4e8a-9c61-2f4b8d0e6a13"; // the pay form's Idempotency-Key for one intent

const SIGNED_IN_TENANT = "a signed-in tenant";
const withSession = () => ({ Cookie: SIGNED_IN });

let undo: (() => void) | null = null;
afterEach(() => {
  undo?.();
  undo = null;
  incoming.headers = new Headers();
  delete process.env.BFF_URL;
});

/** A server component's request, signed in (the browser's cookie forwarded) or not. */
function serverRender(url: string, cookie: string | null = SESSION_COOKIE) {
  process.env.BFF_URL = url;
  incoming.headers = new Headers(cookie ? { cookie, "x-portal-path": "/" } : { "x-portal-path": "/" });
}

const lease = {
  id: uuid("d0000000-0000-4000-8000-000000000001"),
  tenant_id: uuid("c0000000-0000-4000-8000-000000000001"),
  status: "active",
  start_date: day("2026-01-01"),
  end_date: day("2026-12-31"),
  monthly_rent: money("1850.00"),
  currency: currency(),
  deposit: money("1850.00"),
  rent_due_day: integer(1),
  unit: {
    id: uuid("b0000000-0000-4000-8000-000000000001"),
    label: string("1B"),
    bedrooms: integer(2),
    bathrooms: regex(/^[0-9]+\.[0-9]$/, "1.0"),
    area_sqm: integer(70),
    floor: integer(1),
  },
  property: {
    id: uuid("a0000000-0000-4000-8000-000000000001"),
    name: string("Alder Court"),
    address_line1: string("120 NW Alder St"),
    city: string("Portland"),
    postal_code: string("97209"),
    country: string("US"),
  },
};

function invoiceSummary(status = "open") {
  return {
    id: uuid(INVOICE_ID),
    number: regex(/^INV-[0-9]{4}-[0-9]{6}$/, "INV-2026-000123"),
    tenant_id: uuid("c0000000-0000-4000-8000-000000000001"),
    lease_id: uuid("d0000000-0000-4000-8000-000000000001"),
    period: regex(/^[0-9]{4}-[0-9]{2}$/, "2026-11"),
    issue_date: day("2026-11-01"),
    due_date: day("2026-11-05"),
    currency: currency(),
    status,
    total: money("1850.00"),
    amount_paid: money("100.00"),
    amount_due: money("1750.00"),
  };
}

function paymentBody(amount: string) {
  return {
    id: uuid("f1000000-0000-4000-8000-0000000000a1"),
    invoice_id: uuid(INVOICE_ID),
    amount: money(amount),
    currency: currency(),
    method: "card",
    status: string("succeeded"),
    provider_reference: string("FIN-0A1B2C3D4E5F"),
    received_at: moment("2026-11-28T10:00:00Z"),
  };
}

function workOrderSummary(status = "submitted") {
  return {
    id: uuid(WORK_ORDER_ID),
    number: regex(/^WO-[0-9]{6,}$/, "WO-000123"),
    tenant_id: uuid("c0000000-0000-4000-8000-000000000001"),
    property_id: uuid("a0000000-0000-4000-8000-000000000001"),
    unit_id: uuid("b0000000-0000-4000-8000-000000000001"),
    category: "plumbing",
    priority: "normal",
    title: string("Dripping tap"),
    description: string("The kitchen tap drips all night long."),
    status,
    created_at: moment("2026-11-20T10:00:00Z"),
    updated_at: moment("2026-11-20T10:00:00Z"),
    cancellable: boolean(status === "submitted"),
  };
}

function workOrderDetail(status = "submitted") {
  return {
    ...workOrderSummary(status),
    timeline: MatchersV3.arrayContaining({
      kind: "status",
      at: moment("2026-11-20T10:00:00Z"),
      to_status: "submitted",
      author_kind: string("tenant"),
      author_name: string("Alice Moreau"),
    }),
    photos: eachLike({
      id: uuid("91000000-0000-4000-8000-0000000000a1"),
      content_type: string("image/png"),
      size: integer(68),
      url: regex(/^\/api\/tenant\/work-orders\/[0-9a-f-]+\/photos\/[0-9a-f-]+$/, `/api/tenant/work-orders/${WORK_ORDER_ID}/photos/91000000-0000-4000-8000-0000000000a1`),
    }),
  };
}

/**
 * A text body of any content type. pact-js's builder offers JSON, XML and binary bodies only, and
 * a binary body matches by content type all the way down (each multipart field would have to be
 * "multipart/form-data" itself); a text body is compared part by part, as sent.
 */
function withTextBody(builder: RequestBuilder, contentType: string, body: string): void {
  (builder as unknown as { interaction: { withRequestBody(body: string, contentType: string): void } }).interaction.withRequestBody(
    body,
    contentType,
  );
}

/** The pay form's submit: one intent, one key, one request at a time (app/(app)/invoices/[id]/PayForm.tsx). */
function payForm(key: string) {
  return singleFlightPayer(new PaymentIntent(() => key), async (idempotencyKey, body: PaymentBody) => {
    const { data } = await send<Payment>(`/api/tenant/invoices/${INVOICE_ID}/pay`, {
      json: body,
      headers: { "Idempotency-Key": idempotencyKey },
      timeoutMs: 30_000,
    });
    return data;
  });
}

function payRequest(amount: string) {
  return (builder: RequestBuilder) =>
    builder
      .headers({ "X-CSRFToken": CSRF_HEADER, "Idempotency-Key": regex(/^[\x21-\x7e]{1,200}$/, KEY), ...JSON_BODY })
      .jsonBody({ amount, method: "card" });
}

const anOpenInvoice = { invoice_id: INVOICE_ID, amount: "1850.00", paid: "100.00" };

describe("tenant-portal → bff", () => {
  it("shows the dashboard: lease, balance, next invoice, open work orders", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("the tenant has a lease, an open invoice and an open work order", {
        invoice_id: INVOICE_ID,
        work_order_id: WORK_ORDER_ID,
      })
      .uponReceiving("a request for the dashboard")
      .withRequest("GET", "/api/tenant/dashboard", (b) => b.headers(withSession()))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({
          tenant: {
            id: uuid("c0000000-0000-4000-8000-000000000001"),
            first_name: string("Alice"),
            last_name: string("Moreau"),
            email: string("alice@example.com"),
          },
          lease,
          balance: {
            tenant_id: uuid("c0000000-0000-4000-8000-000000000001"),
            currency: currency(),
            outstanding: money("1750.00"),
            overdue: money("0.00"),
            next_due_date: day("2026-11-05"),
            next_due_amount: money("1750.00"),
            open_invoices: integer(1),
          },
          next_invoice: invoiceSummary(),
          open_work_orders: eachLike(workOrderSummary()),
          degraded: [],
        }),
      )
      .executeTest(async (server) => {
        serverRender(server.url);
        const dashboard = await tenantGet<Dashboard>("/api/tenant/dashboard");
        expect(dashboard.degraded).toEqual([]);
        expect(dashboard.next_invoice && isPayable(dashboard.next_invoice)).toBe(true);
        expect(dashboard.open_work_orders?.[0]?.status).toBe("submitted");
      });
  });

  it("shows a degraded dashboard when maintenance-service is down", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("the tenant has a lease, an open invoice and an open work order", {
        invoice_id: INVOICE_ID,
        work_order_id: WORK_ORDER_ID,
      })
      .given("maintenance-service is down")
      .uponReceiving("a request for the dashboard while maintenance-service is down")
      .withRequest("GET", "/api/tenant/dashboard", (b) => b.headers(withSession()))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({
          tenant: like({ first_name: "Alice" }),
          lease,
          balance: like({ outstanding: money("1750.00") }),
          next_invoice: invoiceSummary(),
          open_work_orders: null,
          degraded: ["maintenance"],
        }),
      )
      .executeTest(async (server) => {
        serverRender(server.url);
        const dashboard = await tenantGet<Dashboard>("/api/tenant/dashboard");
        expect(dashboard.open_work_orders).toBeNull();
        expect(describeDegraded(dashboard.degraded)).toBe("your maintenance requests");
      });
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    await pact
      .addInteraction()
      .uponReceiving("a request for the dashboard without a session")
      .withRequest("GET", "/api/tenant/dashboard")
      .willRespondWith(401, (b) => b.headers(PROBLEM_JSON).jsonBody(problem(401)))
      .executeTest(async (server) => {
        serverRender(server.url, null);
        // next/navigation's redirect() throws; its digest names the target.
        await expect(tenantGet("/api/tenant/dashboard")).rejects.toMatchObject({
          digest: expect.stringContaining("/signin"),
        });
      });
  });

  it("knows who is signed in", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .uponReceiving("a request for the signed-in tenant")
      .withRequest("GET", "/api/auth/me", (b) => b.headers(withSession()))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({
          email: string("alice@example.com"),
          first_name: string("Alice"),
          last_name: string("Moreau"),
          tenant_id: uuid("c0000000-0000-4000-8000-000000000001"),
        }),
      )
      .executeTest(async (server) => {
        serverRender(server.url);
        const me = await tenantGet<Me>("/api/auth/me");
        expect(me.first_name).toBe("Alice");
      });
  });

  it("lists the open invoices", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an open invoice with a partial payment", anOpenInvoice)
      .uponReceiving("a request for the tenant's open invoices")
      .withRequest("GET", "/api/tenant/invoices", (b) => b.query({ status: "open", page: "1" }).headers(withSession()))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({
          count: integer(1),
          next: null,
          previous: null,
          results: eachLike(invoiceSummary()),
        }),
      )
      .executeTest(async (server) => {
        serverRender(server.url);
        // The invoices page's query (app/(app)/invoices/page.tsx).
        const query = new URLSearchParams({ status: "open", page: "1" });
        const page = await tenantGet<Page<Invoice>>(`/api/tenant/invoices?${query}`);
        expect(page.results[0]?.amount_due).toBe("1750.00");
      });
  });

  it("shows an invoice with its lines and payments", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an open invoice with a partial payment", anOpenInvoice)
      .uponReceiving("a request for an open invoice")
      .withRequest("GET", `/api/tenant/invoices/${INVOICE_ID}`, (b) => b.headers(withSession()))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({
          ...invoiceSummary(),
          lines: eachLike({
            id: uuid("f2000000-0000-4000-8000-0000000000a1"),
            description: string("Rent 2026-11"),
            quantity: regex(/^[0-9]+\.[0-9]{2}$/, "1.00"),
            unit_price: money("1850.00"),
            amount: money("1850.00"),
          }),
          payments: eachLike(paymentBody("100.00")),
        }),
      )
      .executeTest(async (server) => {
        serverRender(server.url);
        const invoice = await tenantGet<Invoice>(`/api/tenant/invoices/${INVOICE_ID}`);
        expect(isPayable(invoice)).toBe(true);
        expect(invoice.payments?.[0]?.amount).toBe("100.00");
      });
  });

  it("does not show another tenant's invoice (404)", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an invoice of another tenant", { invoice_id: OTHER_INVOICE_ID })
      .uponReceiving("a request for an invoice of another tenant")
      .withRequest("GET", `/api/tenant/invoices/${OTHER_INVOICE_ID}`, (b) => b.headers(withSession()))
      .willRespondWith(404, (b) => b.headers(PROBLEM_JSON).jsonBody(problem(404)))
      .executeTest(async (server) => {
        serverRender(server.url);
        await expect(tenantGet(`/api/tenant/invoices/${OTHER_INVOICE_ID}`)).rejects.toMatchObject({ status: 404 });
      });
  });

  it("pays an invoice with a new Idempotency-Key", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an open invoice with a partial payment", anOpenInvoice)
      .uponReceiving("a payment with a new Idempotency-Key")
      .withRequest("POST", `/api/tenant/invoices/${INVOICE_ID}/pay`, payRequest("50.00"))
      .willRespondWith(201, (b) => b.headers(JSON_BODY).jsonBody(paymentBody("50.00")))
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        const payment = await payForm(KEY)({ amount: "50.00", method: "card" });
        expect(payment.amount).toBe("50.00");
      });
  });

  it("gets the first payment again when it retries with the same key", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an open invoice with a partial payment", anOpenInvoice)
      .given("a payment was made with an Idempotency-Key", { invoice_id: INVOICE_ID, key: KEY, amount: "50.00", method: "card" })
      .uponReceiving("a payment retried with the same Idempotency-Key and body")
      .withRequest("POST", `/api/tenant/invoices/${INVOICE_ID}/pay`, payRequest("50.00"))
      .willRespondWith(201, (b) =>
        b.headers({ ...JSON_BODY, "Idempotent-Replayed": "true" }).jsonBody(paymentBody("50.00")),
      )
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        // A retry after a timeout: same intent, same key, same body.
        const payment = await payForm(KEY)({ amount: "50.00", method: "card" });
        expect(payment.amount).toBe("50.00");
      });
  });

  it("is told when its key was used for another payment (422)", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an open invoice with a partial payment", anOpenInvoice)
      .given("a payment was made with an Idempotency-Key", { invoice_id: INVOICE_ID, key: KEY, amount: "50.00", method: "card" })
      .uponReceiving("a payment reusing an Idempotency-Key with another amount")
      .withRequest("POST", `/api/tenant/invoices/${INVOICE_ID}/pay`, payRequest("60.00"))
      .willRespondWith(422, (b) => b.headers(PROBLEM_JSON).jsonBody(problem(422)))
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        // A key generator that repeats itself stands for a key already spent on 50.00.
        await expect(payForm(KEY)({ amount: "60.00", method: "card" })).rejects.toMatchObject({ status: 422 });
      });
  });

  it("shows the amount's error beside the amount when it is more than is due", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("an open invoice with a partial payment", anOpenInvoice)
      .uponReceiving("a payment of more than is due")
      .withRequest("POST", `/api/tenant/invoices/${INVOICE_ID}/pay`, payRequest("5000.00"))
      .willRespondWith(400, (b) =>
        b.headers(PROBLEM_JSON).jsonBody(problem(400, { amount: "Pay at most the amount due." })),
      )
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        const error = await payForm(KEY)({ amount: "5000.00", method: "card" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect(toFormErrors((error as ApiError).problem, ["amount", "method"]).fields.amount).toBeTruthy();
      });
  });

  it("lists the open work orders", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("a work order", { work_order_id: WORK_ORDER_ID, status: "submitted" })
      .uponReceiving("a request for the tenant's open work orders")
      .withRequest("GET", "/api/tenant/work-orders", (b) => b.query({ status: "open", page: "1" }).headers(withSession()))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({ count: integer(1), next: null, previous: null, results: eachLike(workOrderSummary()) }),
      )
      .executeTest(async (server) => {
        serverRender(server.url);
        // The maintenance page's query (app/(app)/maintenance/page.tsx).
        const query = new URLSearchParams({ status: "open", page: "1" });
        const page = await tenantGet<Page<WorkOrder>>(`/api/tenant/work-orders?${query}`);
        expect(page.results[0]?.cancellable).toBe(true);
      });
  });

  it("shows a work order with its timeline and photos", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("a work order", { work_order_id: WORK_ORDER_ID, status: "submitted" })
      .uponReceiving("a request for a work order")
      .withRequest("GET", `/api/tenant/work-orders/${WORK_ORDER_ID}`, (b) => b.headers(withSession()))
      .willRespondWith(200, (b) => b.headers(JSON_BODY).jsonBody(workOrderDetail()))
      .executeTest(async (server) => {
        serverRender(server.url);
        const workOrder = await tenantGet<WorkOrder>(`/api/tenant/work-orders/${WORK_ORDER_ID}`);
        expect(workOrder.timeline?.[0]?.to_status).toBe("submitted");
      });
  });

  it("opens a maintenance request for the home of the active lease", async () => {
    // NewRequestForm.tsx sends a multipart form; the pact holds one with a fixed boundary, and Pact
    // compares multipart bodies part by part (the browser's own boundary differs).
    const boundary = "----contract-boundary";
    const fields = {
      category: "plumbing",
      priority: "normal",
      title: "Dripping tap",
      description: "The kitchen tap drips all night long.",
    };
    const multipart =
      Object.entries(fields)
        .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join("") + `--${boundary}--\r\n`;
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("the tenant has an active lease")
      .uponReceiving("a new maintenance request")
      .withRequest("POST", "/api/tenant/work-orders", (b) => {
        withTextBody(b, `multipart/form-data; boundary=${boundary}`, multipart);
        b.headers({
          "X-CSRFToken": CSRF_HEADER,
          "Content-Type": regex(/^multipart\/form-data; ?boundary=.+$/, `multipart/form-data; boundary=${boundary}`),
        });
      })
      .willRespondWith(201, (b) => b.headers(JSON_BODY).jsonBody({ ...workOrderSummary(), photos: [] }))
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        const body = new FormData();
        for (const [name, value] of Object.entries(fields)) body.set(name, value);
        const { data } = await send<WorkOrder>("/api/tenant/work-orders", { form: body, timeoutMs: 60_000 });
        expect(data.status).toBe("submitted");
      });
  });

  it("comments on a work order", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("a work order", { work_order_id: WORK_ORDER_ID, status: "submitted" })
      .uponReceiving("a comment on a work order")
      .withRequest("POST", `/api/tenant/work-orders/${WORK_ORDER_ID}/comments`, (b) =>
        b.headers({ "X-CSRFToken": CSRF_HEADER, ...JSON_BODY }).jsonBody({ body: "It is worse at night." }),
      )
      .willRespondWith(201, (b) =>
        b.headers(JSON_BODY).jsonBody({
          id: uuid("92000000-0000-4000-8000-0000000000a1"),
          kind: "comment",
          at: moment("2026-11-28T10:00:00Z"),
          author_kind: "tenant",
          author_name: string("Alice Moreau"),
          body: string("It is worse at night."),
        }),
      )
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        // CommentForm.tsx
        const { response } = await send(`/api/tenant/work-orders/${WORK_ORDER_ID}/comments`, {
          json: { body: "It is worse at night." },
        });
        expect(response.status).toBe(201);
      });
  });

  it("cancels a work order before work starts", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("a work order", { work_order_id: WORK_ORDER_ID, status: "submitted" })
      .uponReceiving("a request to cancel a submitted work order")
      .withRequest("POST", `/api/tenant/work-orders/${WORK_ORDER_ID}/cancel`, (b) =>
        b.headers({ "X-CSRFToken": CSRF_HEADER, ...JSON_BODY }).jsonBody({ reason: "Fixed it myself." }),
      )
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({ ...workOrderSummary("cancelled"), cancellable: false }),
      )
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        // CancelRequest.tsx
        const { data } = await send<WorkOrder>(`/api/tenant/work-orders/${WORK_ORDER_ID}/cancel`, {
          json: { reason: "Fixed it myself." },
        });
        expect(data.status).toBe("cancelled");
      });
  });

  it("is refused cancelling a completed work order (409)", async () => {
    await pact
      .addInteraction()
      .given(SIGNED_IN_TENANT)
      .given("a work order", { work_order_id: WORK_ORDER_ID, status: "completed" })
      .uponReceiving("a request to cancel a completed work order")
      .withRequest("POST", `/api/tenant/work-orders/${WORK_ORDER_ID}/cancel`, (b) =>
        b.headers({ "X-CSRFToken": CSRF_HEADER, ...JSON_BODY }).jsonBody({ reason: "Fixed it myself." }),
      )
      .willRespondWith(409, (b) => b.headers(PROBLEM_JSON).jsonBody(problem(409)))
      .executeTest(async (server) => {
        undo = asBrowser(server.url);
        await expect(
          send(`/api/tenant/work-orders/${WORK_ORDER_ID}/cancel`, { json: { reason: "Fixed it myself." } }),
        ).rejects.toMatchObject({ status: 409 });
      });
  });
});
