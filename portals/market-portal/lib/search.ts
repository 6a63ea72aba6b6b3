/**
 * The listing search lives in the URL so that a search is a link people can share and bookmark.
 * Portal URL: /listings?city=Portland&min_rent=1200&max_rent=2000&bedrooms=2&available_by=2026-12-01&sort=rent&page=2
 * Parsing forgives (a bad value is dropped, not an error page); writing is canonical (defaults and
 * empty values left out, fixed key order), so one search has one URL.
 */
import { formatDate, formatMoney, isIsoDate, toCents } from "@portals/shared/format";

export const SORTS = [
  { value: "newest", label: "Newest" },
  { value: "rent", label: "Rent: low to high" },
  { value: "-rent", label: "Rent: high to low" },
  { value: "available_from", label: "Available soonest" },
  { value: "-bedrooms", label: "Most bedrooms" },
  { value: "bedrooms", label: "Fewest bedrooms" },
] as const;

export type Sort = (typeof SORTS)[number]["value"];

export const BEDROOM_CHOICES = [
  { value: "", label: "Any" },
  { value: "1", label: "1+" },
  { value: "2", label: "2+" },
  { value: "3", label: "3+" },
  { value: "4", label: "4+" },
] as const;

/** The BFF's page size (docs/api.md: lists paginate 20 a page). */
export const PAGE_SIZE = 20;
const MAX_PAGE = 1000;

export interface SearchFilters {
  city: string | null;
  /** Decimal strings, as typed ("1200", "1200.50"). */
  minRent: string | null;
  maxRent: string | null;
  /** At least this many bedrooms. */
  bedrooms: number | null;
  /** Available on or before this date (YYYY-MM-DD). */
  availableBy: string | null;
  sort: Sort;
  page: number;
}

export const DEFAULT_FILTERS: SearchFilters = {
  city: null,
  minRent: null,
  maxRent: null,
  bedrooms: null,
  availableBy: null,
  sort: "newest",
  page: 1,
};

export type RawSearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

function first(raw: RawSearchParams, key: string): string | null {
  const value = raw instanceof URLSearchParams ? raw.get(key) : raw[key];
  const one = Array.isArray(value) ? value[0] : value;
  const trimmed = one?.trim();
  return trimmed ? trimmed : null;
}

function rent(value: string | null): string | null {
  if (value === null) return null;
  const cents = toCents(value);
  if (cents === null || cents < 0n) return null;
  return value.replaceAll(",", "");
}

function wholeNumber(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

export function parseSearch(raw: RawSearchParams): SearchFilters {
  let minRent = rent(first(raw, "min_rent"));
  let maxRent = rent(first(raw, "max_rent"));
  if (minRent !== null && maxRent !== null && toCents(minRent)! > toCents(maxRent)!) {
    // Someone typed the range the wrong way round; what they meant is plain.
    [minRent, maxRent] = [maxRent, minRent];
  }
  const sort = first(raw, "sort");
  const availableBy = first(raw, "available_by");
  const bedrooms = wholeNumber(first(raw, "bedrooms"), 0, 20);
  return {
    city: first(raw, "city")?.slice(0, 100) ?? null,
    minRent,
    maxRent,
    bedrooms: bedrooms === 0 ? null : bedrooms, // "at least 0" is every home
    availableBy: availableBy && isIsoDate(availableBy) ? availableBy : null,
    sort: SORTS.some((s) => s.value === sort) ? (sort as Sort) : "newest",
    page: wholeNumber(first(raw, "page"), 1, MAX_PAGE) ?? 1,
  };
}

/** The canonical query string of a search ("" for the default search), without "?". */
export function searchQuery(filters: SearchFilters, changes: Partial<SearchFilters> = {}): string {
  const f = { ...filters, ...changes };
  const params = new URLSearchParams();
  if (f.city) params.set("city", f.city);
  if (f.minRent) params.set("min_rent", f.minRent);
  if (f.maxRent) params.set("max_rent", f.maxRent);
  if (f.bedrooms) params.set("bedrooms", String(f.bedrooms));
  if (f.availableBy) params.set("available_by", f.availableBy);
  if (f.sort !== "newest") params.set("sort", f.sort);
  if (f.page > 1) params.set("page", String(f.page));
  return params.toString();
}

export function searchHref(filters: SearchFilters, changes: Partial<SearchFilters> = {}): string {
  const query = searchQuery(filters, changes);
  return query ? `/listings?${query}` : "/listings";
}

/** Whether the URL already is the canonical one (otherwise the page redirects to it). */
export function isCanonical(raw: RawSearchParams, filters: SearchFilters): boolean {
  const current = raw instanceof URLSearchParams ? raw : toURLSearchParams(raw);
  return current.toString() === searchQuery(filters);
}

function toURLSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      params.append(key, v);
    }
  }
  return params;
}

/** The BFF's query for GET /api/market/listings. */
export function bffListingsQuery(filters: SearchFilters): string {
  const params = new URLSearchParams();
  if (filters.city) params.set("city", filters.city);
  if (filters.minRent) params.set("min_rent", filters.minRent);
  if (filters.maxRent) params.set("max_rent", filters.maxRent);
  if (filters.bedrooms) params.set("bedrooms", String(filters.bedrooms));
  if (filters.availableBy) params.set("available_from", filters.availableBy);
  params.set("ordering", filters.sort);
  if (filters.page > 1) params.set("page", String(filters.page));
  return params.toString();
}

export function hasFilters(filters: SearchFilters): boolean {
  return Boolean(filters.city || filters.minRent || filters.maxRent || filters.bedrooms || filters.availableBy);
}

/** The search in words, for the results heading: ["in Portland", "2+ bedrooms", ...]. */
export function describeSearch(filters: SearchFilters, currency = "USD"): string[] {
  const parts: string[] = [];
  if (filters.city) parts.push(`in ${filters.city}`);
  const money = (v: string) => formatMoney(v, currency).replace(/\.00$/, "");
  if (filters.minRent && filters.maxRent) parts.push(`${money(filters.minRent)}–${money(filters.maxRent)} a month`);
  else if (filters.minRent) parts.push(`from ${money(filters.minRent)} a month`);
  else if (filters.maxRent) parts.push(`up to ${money(filters.maxRent)} a month`);
  if (filters.bedrooms) parts.push(`${filters.bedrooms}+ bedrooms`);
  if (filters.availableBy) parts.push(`available by ${formatDate(filters.availableBy)}`);
  return parts;
}
