/**
 * OpenTelemetry for a portal's server code, started from Next's instrumentation hook
 * (`instrumentation.ts`). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then spans go out over
 * OTLP/HTTP (the standard OTEL_* variables configure the exporter), Next's own spans for each request
 * join the trace of an incoming `traceparent`, and every fetch to the BFF carries the `traceparent` of
 * the portal's client span, so one request through portal, BFF and services is one trace.
 */
import { bffUrl } from "./config";

export function telemetryEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/**
 * The URL prefixes that get trace context. @vercel/otel propagates only to Vercel's and localhost
 * URLs by default; the BFF (e.g. http://127.0.0.1:8000, http://bff:8000) needs naming. Only the
 * BFF: a third party must not learn our trace ids.
 */
export function propagateContextUrls(bff: string = bffUrl()): string[] {
  return [`${new URL(bff).origin}/`];
}

/** Registers OpenTelemetry for this portal when enabled; returns whether it did. */
export async function registerTelemetry(serviceName: string): Promise<boolean> {
  if (!telemetryEnabled()) return false;
  // Imported only when on: a portal without a collector loads none of the SDK.
  const { registerOTel } = await import("@vercel/otel");
  registerOTel({
    serviceName,
    instrumentationConfig: { fetch: { propagateContextUrls: propagateContextUrls() } },
  });
  return true;
}
