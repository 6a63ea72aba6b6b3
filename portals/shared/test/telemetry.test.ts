/**
 * The portal's OpenTelemetry set-up against real HTTP servers: a fetch to the BFF carries the
 * traceparent of the portal's span; a fetch anywhere else carries none.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { propagateContextUrls, registerTelemetry, telemetryEnabled } from "../src/telemetry";

function recorder() {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  return { seen, server };
}

const bff = recorder();
const other = recorder();
const url = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  await Promise.all([bff, other].map(({ server }) => new Promise<void>((r) => server.listen(0, "127.0.0.1", r))));
  process.env.BFF_URL = url(bff.server);
  // The exporter posts to the "other" server: nothing leaves the machine.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = url(other.server);
});

afterAll(() => {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  for (const { server } of [bff, other]) server.close();
});

describe("telemetry", () => {
  it("is on only with an OTLP endpoint", () => {
    expect(telemetryEnabled({})).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: " " })).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(true);
  });

  it("propagates to the BFF's origin only", () => {
    expect(propagateContextUrls("http://bff:8000")).toEqual(["http://bff:8000/"]);
    expect(propagateContextUrls("https://bff.example.com/prefix")).toEqual(["https://bff.example.com/"]);
  });

  it("sends the portal span's traceparent to the BFF and to nobody else", async () => {
    expect(await registerTelemetry("test-portal")).toBe(true);
    const tracer = trace.getTracer("test");
    const traceId = await tracer.startActiveSpan("page", async (span) => {
      await fetch(`${url(bff.server)}/api/tenant/dashboard`);
      await fetch(`${url(other.server)}/elsewhere`);
      span.end();
      return span.spanContext().traceId;
    });
    const toBff = bff.seen.at(-1)?.traceparent;
    expect(toBff).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const toOther = other.seen.find((h) => !String(h["content-type"] ?? "").includes("protobuf"));
    expect(toOther?.traceparent).toBeUndefined();
  });
});
