/**
 * The local /api proxy against a real HTTP server standing in for the BFF's socket: what crosses
 * the wire is what Traefik would send (Host kept, X-Forwarded-*, body, cookies both ways).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { proxyToBff } from "../src/proxy";

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let seen: Seen;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      if (req.url?.startsWith("/api/auth/logout")) {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(201, [
        ["Content-Type", "application/json"],
        ["Set-Cookie", "sessionid=s1; HttpOnly; Path=/"],
        ["Set-Cookie", "csrftoken=c1; Path=/"],
      ]);
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.BFF_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => {
  server.close();
  delete process.env.BFF_URL;
});

describe("proxyToBff", () => {
  it("forwards method, path, query, body and cookies with the portal's Host", async () => {
    const response = await proxyToBff(
      new Request("http://localhost:3000/api/auth/login?next=%2F", {
        method: "POST",
        headers: {
          host: "localhost:3000",
          cookie: "csrftoken=c0",
          "x-csrftoken": "c0",
          "content-type": "application/json",
          connection: "keep-alive",
        },
        body: JSON.stringify({ email: "alice@example.com" }),
      }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.getSetCookie()).toEqual([
      "sessionid=s1; HttpOnly; Path=/",
      "csrftoken=c1; Path=/",
    ]);
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/api/auth/login?next=%2F");
    expect(seen.headers.host).toBe("localhost:3000");
    expect(seen.headers["x-forwarded-host"]).toBe("localhost:3000");
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
    expect(seen.headers.cookie).toBe("csrftoken=c0");
    expect(seen.headers["x-csrftoken"]).toBe("c0");
    expect(JSON.parse(seen.body)).toEqual({ email: "alice@example.com" });
  });

  it("passes a 204 through without a body", async () => {
    const response = await proxyToBff(
      new Request("http://localhost:3000/api/auth/logout", { method: "POST", body: "" }),
    );
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("answers 503 problem+json when the BFF is down", async () => {
    const saved = process.env.BFF_URL;
    process.env.BFF_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    try {
      const response = await proxyToBff(new Request("http://localhost:3000/api/market/cities"));
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 503, title: "Service unavailable" });
    } finally {
      process.env.BFF_URL = saved;
    }
  });
});
