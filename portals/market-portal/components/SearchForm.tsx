/**
 * The search as a plain GET form: it works before (and without) JavaScript, and the browser puts
 * the filters in the URL. The results page then redirects to the canonical URL (lib/search.ts).
 */
import Link from "next/link";

import { todayIso } from "@portals/shared/format";
import { SelectField, TextField } from "@portals/shared/ui";

import { BEDROOM_CHOICES, SORTS, type SearchFilters } from "@/lib/search";

export function SearchForm({
  filters,
  cities,
  withSort = true,
  idPrefix = "search",
}: {
  filters: SearchFilters;
  /** Cities with homes; null when the BFF could not say (a free-text field then). */
  cities: string[] | null;
  withSort?: boolean;
  idPrefix?: string;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const cityOptions = [{ value: "", label: "Any city" }, ...(cities ?? []).map((c) => ({ value: c, label: c }))];
  if (filters.city && cities && !cities.some((c) => c.toLowerCase() === filters.city!.toLowerCase())) {
    cityOptions.push({ value: filters.city, label: filters.city });
  }
  return (
    <form className="search-form" action="/listings" method="get" role="search" aria-label="Search homes">
      <div className="search-form__fields">
        {cities ? (
          <SelectField
            id={id("city")}
            name="city"
            label="City"
            options={cityOptions}
            defaultValue={cities.find((c) => c.toLowerCase() === filters.city?.toLowerCase()) ?? filters.city ?? ""}
          />
        ) : (
          <TextField id={id("city")} name="city" label="City" defaultValue={filters.city ?? ""} autoComplete="address-level2" />
        )}
        <TextField
          id={id("min-rent")}
          name="min_rent"
          label="Min rent ($)"
          type="number"
          inputMode="numeric"
          min={0}
          step={50}
          placeholder="No min"
          defaultValue={filters.minRent ?? ""}
        />
        <TextField
          id={id("max-rent")}
          name="max_rent"
          label="Max rent ($)"
          type="number"
          inputMode="numeric"
          min={0}
          step={50}
          placeholder="No max"
          defaultValue={filters.maxRent ?? ""}
        />
        <SelectField
          id={id("bedrooms")}
          name="bedrooms"
          label="Bedrooms"
          options={BEDROOM_CHOICES}
          defaultValue={filters.bedrooms ? String(Math.min(filters.bedrooms, 4)) : ""}
        />
        <TextField
          id={id("available-by")}
          name="available_by"
          label="Available by"
          type="date"
          min={todayIso()}
          defaultValue={filters.availableBy ?? ""}
        />
        {withSort ? (
          <SelectField id={id("sort")} name="sort" label="Sort by" options={SORTS} defaultValue={filters.sort} />
        ) : null}
      </div>
      <div className="form-actions">
        <button className="btn" type="submit">
          Search homes
        </button>
        {withSort ? (
          <Link className="btn btn--link" href="/listings">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
