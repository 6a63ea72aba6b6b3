#!/usr/bin/env node
/**
 * Benchmark of the two portals (not a test): server response time (TTFB) of the listing search
 * page and of the tenant dashboard under light concurrent load, and the JavaScript each page ships
 * (kB gzip; target ≤ 150 kB on the listing page). Prints a table; exits 1 if the listing page is
 * over its JavaScript budget.
 *
 *   node scripts/bench_portals.mjs                      (portals running: make dev, or portals/scripts/local-stack.sh)
 *
 * Environment: MARKET_URL (http://localhost:3001), TENANT_URL (http://localhost:3000), BFF_URL
 * (optional: also time the BFF calls behind each page, to tell the portal's share from the BFF's),
 * TENANT_EMAIL / TENANT_PASSWORD (the demo tenant), CONCURRENCY (4), REQUESTS (200 per page),
 * JS_BUDGET_KB (150). Measure production builds (`next start`): `next dev` ships unminified code.
 */
import http from "node:http";
import https from "node:https";
import { gzipSync } from "node:zlib";

const BFF = process.env.BFF_URL?.replace(/\/$/, "");
const MARKET = (process.env.MARKET_URL ?? "http://localhost:3001").replace(/\/$/, "");
const TENANT = (process.env.TENANT_URL ?? "http://localhost:3000").replace(/\/$/, "");
const EMAIL = process.env.TENANT_EMAIL ?? "alice@example.com";
const PASSWORD = process.env.TENANT_PASSWORD ?? "tenant-demo-2026";
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const BUDGET_KB = Number(process.env.JS_BUDGET_KB ?? 150);

const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/** One GET: status, time to first byte and total time in ms, body, Set-Cookie. */
function get(url, headers = {}) {
  const u = new URL(url);
  const client = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = client.request(u, { method: "GET", headers, agent: agents[u.protocol] }, (res) => {
      let ttfb = null;
      const chunks = [];
      res.once("data", () => {
        ttfb = Number(process.hrtime.bigint() - start) / 1e6;
      });
      res.on("data", (c) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode,
          ttfb: ttfb ?? Number(process.hrtime.bigint() - start) / 1e6,
          total: Number(process.hrtime.bigint() - start) / 1e6,
          body: Buffer.concat(chunks),
          headers: res.headers,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function post(url, body, headers) {
  const res = await fetch(url, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...headers } });
  return res;
}

/** A session cookie for the demo tenant, through the portal's own /api (as the browser does). */
async function signIn() {
  const csrf = await fetch(`${TENANT}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const token = (await csrf.json()).csrf_token;
  const login = await post(`${TENANT}/api/auth/login`, { email: EMAIL, password: PASSWORD }, {
    "X-CSRFToken": token,
    Cookie: cookies.join("; "),
    Origin: TENANT,
  });
  if (login.status !== 200) throw new Error(`sign-in as ${EMAIL} answered ${login.status}: ${await login.text()}`);
  const all = new Map(cookies.map((c) => c.split("=")));
  for (const c of login.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [k, ...v] = pair.split("=");
    all.set(k, v.join("="));
  }
  return [...all].map(([k, v]) => `${k}=${v}`).join("; ");
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load(name, url, headers) {
  for (let i = 0; i < 10; i++) await get(url, headers); // warm up: compile caches, connections
  const times = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const r = await get(url, headers);
        if (r.status !== 200) errors++;
        times.push(r.ttfb);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  return {
    name,
    n: times.length,
    errors,
    rps: times.length / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.at(-1),
  };
}

/** The JavaScript a page loads: its <script src> files (gzip) and its inline scripts (RSC payload). */
async function javascript(name, url, headers) {
  const page = await get(url, headers);
  const html = page.body.toString("utf8");
  const srcs = new Set();
  // noModule scripts (Next's legacy polyfills) are skipped by every browser that runs modules.
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = tag.match(/\ssrc="([^"]+)"/)?.[1];
    if (src && !/\snomodule/i.test(tag)) srcs.add(src);
  }
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|preload)"[^>]*as="script"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*as="script"/g)) {
    srcs.add(m[1] ?? m[2]);
  }
  let raw = 0;
  let gz = 0;
  const files = [];
  for (const src of srcs) {
    const r = await get(new URL(src, url).toString());
    const size = gzipSync(r.body).length;
    raw += r.body.length;
    gz += size;
    files.push({ src, gz: size });
  }
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
  return {
    name,
    files: files.length,
    rawKb: raw / 1024,
    gzKb: gz / 1024,
    inlineGzKb: gzipSync(Buffer.from(inline)).length / 1024,
    htmlGzKb: gzipSync(page.body).length / 1024,
    largest: files.sort((a, b) => b.gz - a.gz).slice(0, 3),
  };
}

const fmt = (n, d = 1) => n.toFixed(d).padStart(7);

const cookie = await signIn();
const pages = [
  { name: "market: listing search", url: `${MARKET}/listings?city=Portland&sort=rent`, headers: {} },
  { name: "market: listing detail", url: null, headers: {} },
  { name: "tenant: dashboard", url: `${TENANT}/`, headers: { Cookie: cookie } },
];
const search = await get(pages[0].url);
if (search.status !== 200) throw new Error(`${pages[0].url} answered ${search.status}`);
const firstListing = search.body.toString().match(/href="(\/listings\/[0-9a-f-]{36})"/);
pages[1].url = firstListing ? `${MARKET}${firstListing[1]}` : `${MARKET}/listings`;
const dashboard = await get(pages[2].url, pages[2].headers);
if (dashboard.status !== 200) throw new Error(`the dashboard answered ${dashboard.status} (signed in?)`);

console.log(`TTFB under load: ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per page (after 10 warm-up)\n`);
console.log("page                      requests errors   req/s  p50 ms  p95 ms  p99 ms  max ms");
const loaded = [pages[0], pages[2]];
if (BFF) {
  loaded.push(
    { name: "bff: listings (behind)", url: `${BFF}/api/market/listings?city=Portland&ordering=rent`, headers: {} },
    { name: "bff: dashboard (behind)", url: `${BFF}/api/tenant/dashboard`, headers: { Cookie: cookie } },
  );
}
for (const page of loaded) {
  const r = await load(page.name, page.url, page.headers);
  console.log(
    `${r.name.padEnd(25)} ${String(r.n).padStart(8)} ${String(r.errors).padStart(6)} ${fmt(r.rps)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${fmt(r.max)}`,
  );
}

console.log("\nJavaScript shipped (production build; gzip as sent)\n");
console.log("page                      files  raw kB  gzip kB  inline RSC gzip kB  HTML gzip kB");
let overBudget = false;
for (const page of pages) {
  const j = await javascript(page.name, page.url, page.headers);
  console.log(
    `${j.name.padEnd(25)} ${String(j.files).padStart(5)} ${fmt(j.rawKb)} ${fmt(j.gzKb)} ${fmt(j.inlineGzKb).padStart(19)} ${fmt(j.htmlGzKb).padStart(13)}`,
  );
  console.log(`  largest: ${j.largest.map((f) => `${f.src.split("/").at(-1)} ${(f.gz / 1024).toFixed(1)} kB`).join(", ")}`);
  if (page === pages[0]) overBudget = j.gzKb > BUDGET_KB;
  if (page === pages[0]) console.log(`  budget: ${j.gzKb.toFixed(1)} kB of ${BUDGET_KB} kB gzip — ${overBudget ? "OVER" : "within"}`);
}
process.exit(overBudget ? 1 : 0);
