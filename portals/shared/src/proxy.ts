/**
 * The portal's `/api/*` route in local development: it forwards the request to the BFF the way
 * Traefik does in the cluster (same Host, X-Forwarded-*), so the browser sees one origin, the
 * session cookie stays first-party and Django's CSRF origin check passes. In the cluster Traefik
 * sends /api to the BFF before it ever reaches the portal.
 *
 * node:http rather than fetch: fetch cannot keep the browser's Host header.
 */
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

import { bffUrl } from "./config";

// Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business, never forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function unavailable(): Response {
  return Response.json(
    {
      type: "urn:property-platform:problem:unavailable",
      title: "Service unavailable",
      status: 503,
      detail: "The platform API is not reachable. Please try again in a minute.",
    },
    { status: 503, headers: { "Content-Type": "application/problem+json" } },
  );
}

export async function proxyToBff(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, `${bffUrl()}/`);
  const headers: Record<string, string | string[]> = {};
  request.headers.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key)) headers[key] = value;
  });
  const host = request.headers.get("host") ?? incoming.host;
  headers.host = host;
  headers["x-forwarded-host"] = host;
  headers["x-forwarded-proto"] = incoming.protocol.replace(":", "");

  const client = target.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve) => {
    const upstream = client.request(
      target,
      { method: request.method, headers, timeout: 30_000 },
      (answer) => {
        const out = new Headers();
        for (const [key, value] of Object.entries(answer.headers)) {
          if (value === undefined || HOP_BY_HOP.has(key)) continue;
          for (const v of Array.isArray(value) ? value : [value]) out.append(key, v);
        }
        const status = answer.statusCode ?? 502;
        const noBody = request.method === "HEAD" || status === 204 || status === 304;
        if (noBody) answer.resume();
        resolve(
          new Response(noBody ? null : (Readable.toWeb(answer) as ReadableStream<Uint8Array>), {
            status,
            statusText: answer.statusMessage,
            headers: out,
          }),
        );
      },
    );
    upstream.on("timeout", () => upstream.destroy(new Error("BFF timeout")));
    upstream.on("error", () => resolve(unavailable()));
    if (request.body && request.method !== "GET" && request.method !== "HEAD") {
      Readable.fromWeb(request.body as import("node:stream/web").ReadableStream).pipe(upstream);
    } else {
      upstream.end();
    }
  });
}

// The portals' app/api/[...path]/route.ts re-exports these: one forwarder for every method.
export {
  proxyToBff as GET,
  proxyToBff as HEAD,
  proxyToBff as POST,
  proxyToBff as PUT,
  proxyToBff as PATCH,
  proxyToBff as DELETE,
  proxyToBff as OPTIONS,
};
