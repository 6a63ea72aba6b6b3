#!/usr/bin/env node
/**
 * Walks every page of both portals at a phone and a desktop width in Chromium, runs axe on each
 * state (fails on any violation), checks there is no browser error, that the first Tab lands on the
 * skip link, and saves a screenshot of each to docs/screenshots/. On the way it does the journeys:
 * sign in, pay (with a double click: exactly one payment must appear), report a problem with a
 * photo, comment, cancel, sign out; search, open a listing, apply (client and BFF field errors).
 *
 *   node portals/scripts/axe-and-screens.mjs        (portals running: make dev, or scripts/local-stack.sh)
 *
 * Environment: TENANT_URL (http://localhost:3000), MARKET_URL (http://localhost:3001);
 * AXE_TENANT_EMAIL (alice@example.com) and AXE_TENANT_PASSWORD: the tenant it signs in as (it pays
 * that tenant's first open invoice, and makes and cancels a maintenance request); AXE_PAY=0 skips
 * the payment (the pay form's error state is still checked);
 * optional portals whose BFF is down or degraded, for the error pages: MARKET_DOWN_URL,
 * TENANT_DOWN_URL, TENANT_DEGRADED_URL; CHROMIUM_PATH (/usr/bin/chromium); SCREENSHOTS_DIR
 * (docs/screenshots); ONLY=market|tenant; NO_SCREENSHOTS=1 (axe and checks only).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.env.SCREENSHOTS_DIR ?? path.join(HERE, "..", "..", "docs", "screenshots");
const TENANT = (process.env.TENANT_URL ?? "http://localhost:3000").replace(/\/$/, "");
const MARKET = (process.env.MARKET_URL ?? "http://localhost:3001").replace(/\/$/, "");
const EMAIL = process.env.AXE_TENANT_EMAIL ?? process.env.TENANT_EMAIL ?? "alice@example.com";
const PASSWORD = process.env.AXE_TENANT_PASSWORD ?? process.env.TENANT_PASSWORD ?? "tenant-demo-2026";
const PAY = process.env.AXE_PAY !== "0";
const SHOTS = !process.env.NO_SCREENSHOTS;
const WIDTHS = [
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  { name: "desktop", viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 },
];
// WCAG 2.2 A and AA, plus axe's best practices (landmarks, headings, ...).
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const failures = [];
const report = [];
// The BFF throttles applications per IP (10/hour): one real application per run, whose
// confirmation page the second width reopens by its URL.
let confirmationUrl = null;

function fail(message) {
  failures.push(message);
  console.error(`  ✗ ${message}`);
}

async function check(page, width, label, { errors, skipTab = false, expectedErrors = null } = {}) {
  await page.waitForLoadState("networkidle");
  // After a client-side navigation the new <title> arrives with the streamed metadata.
  await page.waitForFunction(() => document.title.length > 0, null, { timeout: 5000 }).catch(() => {});
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  for (const v of result.violations) {
    fail(`${label} [${width}] axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }
  const html = await page.content();
  if (/\n\s+at .+:\d+:\d+|Traceback|node_modules\//.test(await page.innerText("body"))) {
    fail(`${label} [${width}] shows what looks like a stack trace`);
  }
  if (!skipTab) {
    // Focus order: no positive tabindex (axe checks), so the first tabbable element in the DOM is
    // the first Tab stop, and it must be the skip link.
    const first = await page.evaluate(() => {
      const tabbable = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter(
        (el) => el.tabIndex >= 0 && !el.disabled && !el.closest("[aria-hidden=true], [hidden]"),
      );
      return tabbable[0]?.textContent?.trim().slice(0, 60);
    });
    if (first !== "Skip to content") fail(`${label} [${width}] the first Tab stop is “${first}”, not the skip link`);
  }
  for (const e of errors.splice(0)) {
    if (!expectedErrors?.test(e)) fail(`${label} [${width}] browser error: ${e}`);
  }
  if (SHOTS) {
    const file = `${label}-${width}.png`;
    await page.evaluate(() => document.activeElement?.blur?.());
    await page.screenshot({ path: path.join(OUT, file), fullPage: true });
  }
  report.push({ label, width, violations: result.violations.length, bytes: html.length });
  console.log(`  ✓ ${label} [${width}] axe: ${result.violations.length} violations`);
}

async function newPage(browser, width) {
  const { viewport, isMobile, hasTouch, deviceScaleFactor } = width;
  const context = await browser.newContext({ viewport, isMobile, hasTouch, deviceScaleFactor, locale: "en-US", timezoneId: "America/Los_Angeles" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // A 404 page's own status and the deliberate 4xx of a form are not errors of the page.
    if (m.type() === "error" && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      errors.push(m.text());
    }
  });
  return { page, errors, context };
}

async function go(page, url, expectStatus = 200) {
  const response = await page.goto(url, { waitUntil: "networkidle" });
  if (response && response.status() !== expectStatus) fail(`${url} answered ${response.status()}, expected ${expectStatus}`);
}

async function market(browser, width, round) {
  const { page, errors, context } = await newPage(browser, width);
  const c = (label, opts = {}) => check(page, width.name, `market-${label}`, { errors, ...opts });

  await go(page, `${MARKET}/`);
  await c("home");

  // Search from the home page's form: the URL becomes the canonical one.
  await page.selectOption("#home-city", "Portland");
  await page.selectOption("#home-bedrooms", "1");
  await Promise.all([page.waitForURL(/\/listings\?city=Portland&bedrooms=1$/), page.click("text=Search homes")]);
  await page.selectOption("#search-sort", "rent");
  await Promise.all([page.waitForURL(/sort=rent/), page.click("form[role=search] >> text=Search homes")]);
  await c("results");

  await go(page, `${MARKET}/listings?min_rent=9000`);
  await c("results-empty");

  await go(page, `${MARKET}/listings?city=Portland&sort=rent`);
  const first = page.locator(".listing-card a").first();
  await Promise.all([page.waitForURL(/\/listings\/[0-9a-f-]{36}$/), first.click()]);
  const listingUrl = page.url();
  await c("listing");

  await Promise.all([page.waitForURL(/\/apply$/), page.click("text=Apply for this home")]);
  await c("apply");

  await page.click("text=Send application");
  await page.waitForSelector(".field__error");
  await c("apply-errors");

  // Passes the browser's checks; the BFF refuses the domain: its 400 lands on the email field.
  await page.fill("#full_name", "Dana Scully");
  await page.fill("#email", "dana@example.c");
  await page.fill("#phone", "+1 503 555 0199");
  await page.fill("#message", "We have a cat called Queequeg.");
  await page.click("text=Send application");
  await page.waitForSelector("#email-error");
  const emailError = await page.textContent("#email-error");
  if (!emailError || /Enter an email address like/.test(emailError)) fail(`apply: expected the BFF's email error, got “${emailError}”`);
  await c("apply-server-errors");

  if (confirmationUrl) {
    await go(page, confirmationUrl);
  } else {
    await page.fill("#email", `dana+${Date.now()}-${round}@example.com`);
    await Promise.all([page.waitForURL(/\/apply\/confirmation\?ref=APP-\d+/), page.click("text=Send application")]);
    confirmationUrl = page.url();
  }
  await c("apply-confirmation");

  await go(page, `${listingUrl.replace(/[0-9a-f]{12}$/, "999999999999")}`, 404);
  await c("not-found");
  await context.close();
}

async function signIn(page) {
  await page.fill("#email", EMAIL);
  await page.fill("#password", PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/signin")), page.click("button:has-text('Sign in')")]);
}

async function photoPng(context) {
  // A real PNG for the upload: one of the market's kitchen illustrations, rendered by the browser.
  const page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${MARKET}/photos/alder-court-3.svg`);
  const png = await page.screenshot({ type: "png" });
  await page.close();
  return png;
}

async function tenant(browser, width, round) {
  const { page, errors, context } = await newPage(browser, width);
  const c = (label, opts = {}) => check(page, width.name, `tenant-${label}`, { errors, ...opts });

  await page.goto(`${TENANT}/invoices`);
  if (!page.url().includes("/signin?next=%2Finvoices")) fail(`signed out /invoices went to ${page.url()}`);
  await c("signin");

  await page.fill("#email", "nobody@example.com");
  await page.fill("#password", "not-the-password");
  await page.click("button:has-text('Sign in')");
  await page.waitForSelector("[role=alert]");
  await c("signin-error");

  await signIn(page);
  if (!page.url().endsWith("/invoices")) fail(`sign-in did not return to /invoices but ${page.url()}`);
  await c("invoices");

  await go(page, `${TENANT}/`);
  await c("dashboard");

  // Pay an open or overdue invoice (unless AXE_PAY=0). Phone pays part, desktop the rest; each with a
  // double click.
  await go(page, `${TENANT}/invoices`);
  const payable = page.locator("tr:has(.badge:text-matches('Open|Overdue')) a").first();
  if (!(await payable.count())) {
    fail("no open or overdue invoice to pay");
  } else {
    await Promise.all([page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/), payable.click()]);
    await c("invoice");
    const paymentsBefore = await page.locator("#payments-title ~ table tbody tr").count();

    await page.fill("#amount", "999999");
    await page.click("#pay button[type=submit]");
    await page.waitForSelector("#amount-error");
    await c("invoice-pay-error");

    if (PAY) {
      const due = (await page.inputValue("#amount")) && (await page.locator("#amount-hint").textContent());
      const amount = round === 0 ? "100.00" : due.match(/\$([\d,]+\.\d\d)/)[1].replaceAll(",", "");
      await page.fill("#amount", amount);
      await page.locator("#pay button[type=submit]").dblclick();
      await page.waitForSelector("text=Payment received");
      await page.waitForLoadState("networkidle");
      await c("invoice-paid");
      await page.reload({ waitUntil: "networkidle" });
      const paymentsAfter = await page.locator("#payments-title ~ table tbody tr").count();
      if (paymentsAfter !== paymentsBefore + 1) {
        fail(`double click made ${paymentsAfter - paymentsBefore} payments, not exactly one`);
      } else {
        console.log(`  ✓ double click on Pay: exactly one payment of ${amount}`);
      }
    }
  }

  await go(page, `${TENANT}/maintenance`);
  await c("maintenance");

  await Promise.all([page.waitForURL(/\/maintenance\/new$/), page.getByRole("link", { name: "Report a problem" }).first().click()]);
  await c("maintenance-new");
  await page.click("text=Send request");
  await page.waitForSelector(".field__error");
  await c("maintenance-new-errors");

  await page.selectOption("#category", "plumbing");
  await page.check("input[name=priority][value=high]");
  await page.fill("#title", "Bathroom sink drains slowly");
  await page.fill("#description", "Since the weekend the sink takes minutes to drain. I am home after 5 pm.");
  await page.setInputFiles("#photos", { name: "sink.png", mimeType: "image/png", buffer: await photoPng(context) });
  await Promise.all([page.waitForURL(/\/maintenance\/[0-9a-f-]{36}\?created=1$/), page.click("text=Send request")]);
  await page.waitForSelector(".thumbs img");
  await c("maintenance-created");

  await page.fill("#comment-body", "The plumber can use the spare key at the front desk.");
  await page.click("text=Add comment");
  await page.waitForSelector("text=Comment added.");
  await page.waitForSelector(".timeline__body:has-text('spare key')");
  await c("maintenance-comment");

  await page.click("button:has-text('Cancel request')");
  await page.waitForSelector("#cancel-reason");
  await c("maintenance-cancel-confirm");
  await page.fill("#cancel-reason", "The sink is fine again.");
  await page.click("text=Yes, cancel the request");
  await page.waitForSelector(".page-header .badge:has-text('Cancelled')");
  await c("maintenance-cancelled");

  // Password change: the form's own check (no request: a wrong current password counts as a failed sign-in).
  await go(page, `${TENANT}/account/password`);
  await c("account-password");
  await page.fill("#current_password", PASSWORD);
  await page.fill("#new_password", "a-new-password-2026");
  await page.fill("#confirm_password", "a-different-one-2026");
  await page.click("button:has-text('Change password')");
  await page.waitForSelector("#confirm_password-error");
  await c("account-password-errors");

  await go(page, `${TENANT}/invoices/00000000-0000-4000-8000-000000000000`, 404);
  await c("not-found");

  await page.click("button:has-text('Sign out')");
  await page.waitForURL(/\/signin\?signed_out=1$/);
  await c("signed-out");

  // The reset link from the BFF's email, here with a token the BFF refuses: its 400 goes to the summary.
  await go(page, `${TENANT}/reset-password?uid=MQ&token=not-a-real-token`);
  await c("reset-password");
  await page.fill("#new_password", "a-new-password-2026");
  await page.fill("#confirm_password", "a-new-password-2026");
  await page.click("button:has-text('Set new password')");
  await page.waitForSelector("#error-summary-title");
  const summary = await page.textContent("[aria-labelledby=error-summary-title]");
  if (!/link is invalid or has expired/.test(summary ?? "")) fail(`reset: expected the BFF's token error, got “${summary}”`);
  await c("reset-password-error");
  await context.close();
}

// With the BFF down the page's render fails on the server: the browser gets the 500 document and
// React logs the (production-redacted) server error (#441) that the error page then handles.
const DOWN = /status of 500|Minified React error #441/;

async function faults(browser, width) {
  const { page, errors, context } = await newPage(browser, width);
  if (process.env.MARKET_DOWN_URL) {
    await go(page, `${process.env.MARKET_DOWN_URL}/listings?city=Portland`, 500);
    await page.waitForSelector("text=We cannot show this page right now");
    await check(page, width.name, "market-bff-down", { errors, expectedErrors: DOWN });
  }
  if (process.env.TENANT_DOWN_URL) {
    await go(page, `${process.env.TENANT_DOWN_URL}/`, 500);
    await page.waitForSelector("text=We cannot show this page right now");
    await check(page, width.name, "tenant-bff-down", { errors, expectedErrors: DOWN });
  }
  if (process.env.TENANT_DEGRADED_URL) {
    await page.goto(`${process.env.TENANT_DEGRADED_URL}/`);
    await signIn(page);
    await page.waitForSelector("text=Some of your information is not available right now");
    await check(page, width.name, "tenant-dashboard-degraded", { errors });
  }
  await context.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
if (SHOTS) {
  if (!process.env.ONLY) rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
}
const started = Date.now();
try {
  for (const [round, width] of WIDTHS.entries()) {
    console.log(`— ${width.name} (${width.viewport.width}×${width.viewport.height})`);
    if (process.env.ONLY !== "tenant") await market(browser, width, round).catch((e) => fail(`market journey: ${e.message.split("\n")[0]}`));
    if (process.env.ONLY !== "market") await tenant(browser, width, round).catch((e) => fail(`tenant journey: ${e.message.split("\n")[0]}`));
    await faults(browser, width).catch((e) => fail(`fault pages: ${e.message}`));
  }
} finally {
  await browser.close();
}
console.log(
  `\n${report.length} page states checked in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    (SHOTS ? `, screenshots in ${path.relative(process.cwd(), OUT)}` : "") +
    `; ${failures.length} failures`,
);
process.exit(failures.length ? 1 : 0);
