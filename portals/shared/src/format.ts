/**
 * Money and dates for people. Money stays a decimal string from the BFF to the screen: it is
 * formatted from the string (Intl formats numeric strings exactly) and compared in integer cents,
 * so no float ever touches it.
 */

const LOCALE = "en-US";
const DECIMAL = /^-?\d{1,17}(\.\d{1,2})?$/;

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value.trim());
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/** "1850.00", "USD" → "$1,850.00". Something that is not an amount is shown as it came. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return "—";
  const trimmed = amount.trim();
  if (!isDecimal(trimmed)) return `${amount} ${currency}`.trim();
  try {
    // Intl.NumberFormat v3 takes a numeric string and formats it without rounding through a float.
    return moneyFormat(currency).format(trimmed as unknown as number);
  } catch {
    return `${trimmed} ${currency}`;
  }
}

/** "1,850.5" → 185050n; null when it is not an amount with at most two decimals. */
export function toCents(amount: string): bigint | null {
  const cleaned = amount.trim().replaceAll(",", "");
  if (!isDecimal(cleaned)) return null;
  const negative = cleaned.startsWith("-");
  const [whole = "0", fraction = ""] = cleaned.replace("-", "").split(".");
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return negative ? -cents : cents;
}

/** 185050n → "1850.50": the shape the API takes. */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) as it is written, never shifted by the viewer's time zone. */
export function formatDate(date: string | null | undefined, style: "long" | "short" = "long"): string {
  if (!date) return "—";
  const match = ISO_DATE.exec(date);
  if (!match) return date;
  const value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return value.toLocaleDateString(LOCALE, {
    timeZone: "UTC",
    year: "numeric",
    month: style === "long" ? "long" : "short",
    day: "numeric",
  });
}

/** An instant (ISO 8601) in UTC, the same on the server and in the browser. */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return "—";
  const value = new Date(instant);
  if (Number.isNaN(value.getTime())) return instant;
  return `${value.toLocaleString(LOCALE, {
    timeZone: "UTC",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  })} UTC`;
}

/** A billing period "2026-11" → "November 2026". */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)).toLocaleDateString(LOCALE, {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
  });
}

/** Today as YYYY-MM-DD in UTC (a date input's `min`, a move-in date's lower bound). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function bedroomsLabel(bedrooms: number): string {
  return bedrooms === 0 ? "Studio" : plural(bedrooms, "bedroom");
}

export function bathroomsLabel(bathrooms: string): string {
  const n = Number.parseFloat(bathrooms);
  if (Number.isNaN(n)) return `${bathrooms} bathrooms`;
  return `${n} ${n === 1 ? "bathroom" : "bathrooms"}`;
}
