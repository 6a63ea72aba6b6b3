/** The market's reads from the BFF, on the server. Public endpoints: no cookie is forwarded. */
import { cache } from "react";

import type { Cities, Listing, Page } from "@portals/shared/api";
import { bffGet } from "@portals/shared/server";

import { bffListingsQuery, type SearchFilters } from "./search";

export async function getCities(): Promise<string[]> {
  return (await bffGet<Cities>("/api/market/cities")).cities;
}

export function searchListings(filters: SearchFilters): Promise<Page<Listing>> {
  return bffGet<Page<Listing>>(`/api/market/listings?${bffListingsQuery(filters)}`);
}

/** One request per render, shared by generateMetadata and the page. */
export const getListing = cache((id: string) => bffGet<Listing>(`/api/market/listings/${id}`));
