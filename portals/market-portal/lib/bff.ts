/** The market's reads from the BFF, on the server. Public endpoints: no cookie is forwarded. */
import { notFound } from "next/navigation";
import { cache } from "react";

import { isUuid, type Cities, type Listing, type Page } from "@portals/shared/api";
import { bffGet, isStatus } from "@portals/shared/server";

import { bffListingsQuery, type SearchFilters } from "./search";

// The cities with homes change only when a listing is published somewhere new: a few minutes is
// fresh enough, and every page with the search form needs them. Kept in this process's memory (the
// container's filesystem is read-only, so not in Next's disk cache).
const CITIES_TTL_MS = 5 * 60 * 1000;
let cities: { value: string[]; until: number } | null = null;

export async function getCities(): Promise<string[]> {
  if (cities && Date.now() < cities.until) return cities.value;
  const value = (await bffGet<Cities>("/api/market/cities")).cities;
  cities = { value, until: Date.now() + CITIES_TTL_MS };
  return value;
}

export function searchListings(filters: SearchFilters, pageSize?: number): Promise<Page<Listing>> {
  const size = pageSize ? `&page_size=${pageSize}` : "";
  return bffGet<Page<Listing>>(`/api/market/listings?${bffListingsQuery(filters)}${size}`);
}

/** One request per render, shared by generateMetadata and the page. */
export const getListing = cache((id: string) => bffGet<Listing>(`/api/market/listings/${id}`));

/** The listing a `/listings/[id]` page shows, or the not-found page (a malformed id, or a 404 from the BFF). */
export async function listingOrNotFound(id: string): Promise<Listing> {
  if (!isUuid(id)) notFound();
  try {
    return await getListing(id);
  } catch (error) {
    if (isStatus(error, 404)) notFound();
    throw error;
  }
}
