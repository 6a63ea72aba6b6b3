/**
 * What the portals' contract tests with the BFF share (tests/contract/README.md): the pact itself,
 * matchers that say "an id", "money", "a date" the same way as the Python consumers, and the
 * browser around shared/browser.ts (same-origin /api paths, the cookie jar) so that the portals' own
 * client code makes the requests the pact records.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { MatchersV3, PactV4 } from "@pact-foundation/pact";

const { date, eachLike, regex, string } = MatchersV3;

/** tests/contract/pacts at the repository root: build outputs, verified against the live BFF. */
export const PACT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../tests/contract/pacts");

/** The request builder of ``withRequest(method, path, builder)`` (pact-js does not export its name). */
export type RequestBuilder = Parameters<
  NonNullable<Parameters<ReturnType<PactV4["addInteraction"]>["withRequest"]>[2]>
>[0];

export function bffPact(consumer: "tenant-portal" | "market-portal"): PactV4 {
  // PACT_LOG_LEVEL=debug shows each request the mock server received and why it did not match.
  const logLevel = (process.env.PACT_LOG_LEVEL ?? "warn") as "trace" | "debug" | "info" | "warn" | "error";
  return new PactV4({ consumer, provider: "bff", dir: PACT_DIR, logLevel });
}

// Examples only: the BFF's verifier sends a real session and CSRF token in their place.
export const CSRF_TOKEN = "contractcsrftokencontractcsrftok";
export const SESSION_COOKIE = `sessionid=contract-session; csrftoken=${CSRF_TOKEN}`;
export const SIGNED_IN = regex(/.*sessionid=[^;]+.*/, SESSION_COOKIE);
export const CSRF_HEADER = regex(/^[A-Za-z0-9]{32,64}$/, CSRF_TOKEN);

export const money = (example: string) => regex(/^-?[0-9]+\.[0-9]{2}$/, example);
export const day = (example: string) => date("yyyy-MM-dd", example);
export const moment = (example: string) =>
  regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, example);
export const currency = (example = "USD") => regex(/^[A-Z]{3}$/, example);

/** An RFC 9457 problem; ``errors`` names the fields the portal shows messages beside. */
export function problem(status: number, errors?: Record<string, string>) {
  return {
    type: string("urn:property-platform:problem:example"),
    title: string("Problem title"),
    status,
    detail: string("Details."),
    ...(errors
      ? { errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, eachLike(message)])) }
      : {}),
  };
}

export const PROBLEM_JSON = { "Content-Type": "application/problem+json" };
export const JSON_BODY = { "Content-Type": "application/json" };

/**
 * The browser, for shared/browser.ts: relative /api paths resolve against ``origin`` (the portal's
 * origin, which forwards /api to the BFF; here the Pact mock server), and the cookie jar holds the
 * session and the CSRF token, sent along as a browser would. Returns a function that undoes it.
 */
export function asBrowser(origin: string, cookies: string = SESSION_COOKIE): () => void {
  const realFetch = globalThis.fetch;
  const realDocument = (globalThis as { document?: unknown }).document;
  (globalThis as { document?: unknown }).document = { cookie: cookies };
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookies) headers.set("Cookie", cookies);
    return realFetch(new URL(String(input), origin), { ...init, headers });
  };
  return () => {
    globalThis.fetch = realFetch;
    (globalThis as { document?: unknown }).document = realDocument;
  };
}
