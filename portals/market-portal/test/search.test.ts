import { describe, expect, it } from "vitest";

import {
  DEFAULT_FILTERS,
  bffListingsQuery,
  describeSearch,
  isCanonical,
  parseSearch,
  searchHref,
  searchQuery,
} from "../lib/search";

describe("parseSearch", () => {
  it("reads every filter from the URL", () => {
    expect(
      parseSearch(
        new URLSearchParams(
          "city=Portland&min_rent=1200&max_rent=2000.50&bedrooms=2&available_by=2026-12-01&sort=-rent&page=3",
        ),
      ),
    ).toEqual({
      city: "Portland",
      minRent: "1200",
      maxRent: "2000.50",
      bedrooms: 2,
      availableBy: "2026-12-01",
      sort: "-rent",
      page: 3,
    });
  });

  it("takes Next's searchParams object, first value of a repeated key", () => {
    expect(parseSearch({ city: ["Austin", "Denver"], page: "2" })).toMatchObject({ city: "Austin", page: 2 });
  });

  it("is the default search for an empty URL", () => {
    expect(parseSearch(new URLSearchParams())).toEqual(DEFAULT_FILTERS);
    expect(parseSearch({ city: "  ", min_rent: "" })).toEqual(DEFAULT_FILTERS);
  });

  it("drops values it cannot use instead of failing", () => {
    expect(
      parseSearch(
        new URLSearchParams(
          "min_rent=cheap&max_rent=-5&bedrooms=two&available_by=2026-02-30&sort=random&page=0",
        ),
      ),
    ).toEqual(DEFAULT_FILTERS);
    expect(parseSearch(new URLSearchParams("page=99999")).page).toBe(1);
    expect(parseSearch(new URLSearchParams("bedrooms=0")).bedrooms).toBeNull();
  });

  it("swaps a rent range typed the wrong way round, comparing exactly", () => {
    const f = parseSearch(new URLSearchParams("min_rent=2000&max_rent=1999.99"));
    expect([f.minRent, f.maxRent]).toEqual(["1999.99", "2000"]);
  });
});

describe("searchQuery / searchHref", () => {
  const search = parseSearch(new URLSearchParams("city=Salt Lake City&bedrooms=2&sort=rent&page=2"));

  it("writes one canonical URL per search", () => {
    expect(searchQuery(search)).toBe("city=Salt+Lake+City&bedrooms=2&sort=rent&page=2");
    expect(searchHref(DEFAULT_FILTERS)).toBe("/listings");
  });

  it("round-trips: parse(write(f)) = f", () => {
    const all = parseSearch(
      new URLSearchParams(
        "city=Denver&min_rent=1000&max_rent=2500&bedrooms=3&available_by=2027-01-15&sort=available_from&page=4",
      ),
    );
    expect(parseSearch(new URLSearchParams(searchQuery(all)))).toEqual(all);
  });

  it("changes one thing for a link (pagination, sort)", () => {
    expect(searchHref(search, { page: 3 })).toBe("/listings?city=Salt+Lake+City&bedrooms=2&sort=rent&page=3");
    expect(searchHref(search, { page: 1 })).toBe("/listings?city=Salt+Lake+City&bedrooms=2&sort=rent");
  });

  it("knows when a URL is not canonical (empty form fields, defaults, odd order)", () => {
    const raw = { city: "Portland", min_rent: "", max_rent: "", bedrooms: "", sort: "newest" };
    expect(isCanonical(raw, parseSearch(raw))).toBe(false);
    const clean = { city: "Portland" };
    expect(isCanonical(clean, parseSearch(clean))).toBe(true);
    expect(isCanonical({}, parseSearch({}))).toBe(true);
  });
});

describe("bffListingsQuery", () => {
  it("speaks the BFF's parameter names", () => {
    const f = parseSearch(new URLSearchParams("city=Austin&min_rent=900&bedrooms=1&available_by=2026-12-01&page=2"));
    expect(bffListingsQuery(f)).toBe(
      "city=Austin&min_rent=900&bedrooms=1&available_from=2026-12-01&ordering=newest&page=2",
    );
  });
});

describe("describeSearch", () => {
  it("says the search in words", () => {
    const f = parseSearch(new URLSearchParams("city=Austin&min_rent=900&max_rent=1500&bedrooms=2&available_by=2026-12-01"));
    expect(describeSearch(f)).toEqual([
      "in Austin",
      "$900–$1,500 a month",
      "2+ bedrooms",
      "available by December 1, 2026",
    ]);
    expect(describeSearch(parseSearch(new URLSearchParams("max_rent=1500.50")))).toEqual(["up to $1,500.50 a month"]);
  });
});
