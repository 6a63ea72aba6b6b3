/**
 * Server components read from the BFF at BFF_URL (default http://127.0.0.1:8000), forwarding the
 * visitor's cookie so the BFF sees the signed-in tenant.
 */
import { headers } from "next/headers";

import { bffUrl } from "./config";
import { ApiError, apiErrorFromResponse, unreachableError } from "./problem";

export { bffUrl };

export interface GetOptions {
  /** Forward the visitor's Cookie header (tenant endpoints). */
  withCookies?: boolean;
  timeoutMs?: number;
}

export async function bffGet<T>(path: string, options: GetOptions = {}): Promise<T> {
  const incoming = await headers();
  const forwarded: Record<string, string> = { Accept: "application/json" };
  // The request's id and trace context travel on to the BFF.
  for (const name of ["x-request-id", "traceparent", "tracestate"]) {
    const value = incoming.get(name);
    if (value) forwarded[name] = value;
  }
  if (options.withCookies) {
    const cookie = incoming.get("cookie");
    if (cookie) forwarded.Cookie = cookie;
  }
  let response: Response;
  try {
    response = await fetch(`${bffUrl()}${path}`, {
      headers: forwarded,
      cache: "no-store",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch {
    throw unreachableError(`The BFF at ${bffUrl()} did not answer.`);
  }
  if (!response.ok) throw await apiErrorFromResponse(response);
  return (await response.json()) as T;
}

export function isStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}
