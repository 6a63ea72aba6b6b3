import Link from "next/link";

import type { Listing } from "@portals/shared/api";
import { todayIso } from "@portals/shared/format";
import { Alert } from "@portals/shared/ui";

import { ListingCard } from "@/components/ListingCard";
import { SearchForm } from "@/components/SearchForm";
import { getCities, searchListings } from "@/lib/bff";
import { DEFAULT_FILTERS } from "@/lib/search";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  // The home page stays useful when the BFF is not: the search form still works.
  const [cities, newest] = await Promise.all([
    getCities().catch(() => null),
    searchListings(DEFAULT_FILTERS, 3)
      .then((page) => page.results.slice(0, 3))
      .catch(() => null as Listing[] | null),
  ]);
  const today = todayIso();
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="container">
          <h1 id="hero-title">Find a home you will love to come back to</h1>
          <p className="hero__lead">
            Apartments and lofts to rent{cities?.length ? ` in ${listCities(cities)}` : ""}, with real photos, clear
            rents and an application that takes five minutes.
          </p>
          <div className="card hero__search">
            <SearchForm filters={DEFAULT_FILTERS} cities={cities} withSort={false} idPrefix="home" />
          </div>
        </div>
      </section>
      <div className="container stack-lg">
        {cities === null || newest === null ? (
          <Alert tone="warning" title="Some homes are not showing right now">
            <p>We could not load every listing. Search still works; please try again in a minute.</p>
          </Alert>
        ) : null}
        {cities?.length ? (
          <section aria-labelledby="cities-title">
            <h2 id="cities-title">Browse by city</h2>
            <ul className="city-links">
              {cities.map((city) => (
                <li key={city}>
                  <Link className="city-link" href={`/listings?city=${encodeURIComponent(city)}`}>
                    {city}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {newest?.length ? (
          <section aria-labelledby="newest-title">
            <div className="page-header">
              <h2 id="newest-title">Newest homes</h2>
              <Link href="/listings">See all homes →</Link>
            </div>
            <div className="grid">
              {newest.map((listing) => (
                <ListingCard key={listing.id} listing={listing} today={today} />
              ))}
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}

function listCities(cities: string[]): string {
  if (cities.length === 1) return cities[0]!;
  return `${cities.slice(0, -1).join(", ")} and ${cities.at(-1)}`;
}
