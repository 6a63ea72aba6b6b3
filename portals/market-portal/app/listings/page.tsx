import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import type { Listing, Page } from "@portals/shared/api";
import { plural, todayIso } from "@portals/shared/format";
import { friendlyMessage, ApiError } from "@portals/shared/problem";
import { Alert, EmptyState, Pagination, pageCount } from "@portals/shared/ui";

import { ListingCard } from "@/components/ListingCard";
import { SearchForm } from "@/components/SearchForm";
import { getCities, searchListings } from "@/lib/bff";
import {
  describeSearch,
  hasFilters,
  isCanonical,
  PAGE_SIZE,
  parseSearch,
  searchHref,
  type RawSearchParams,
} from "@/lib/search";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const filters = parseSearch(await searchParams);
  return { title: filters.city ? `Homes for rent in ${filters.city}` : "Homes for rent" };
}

export default async function ListingsPage({ searchParams }: Props) {
  const raw: RawSearchParams = await searchParams;
  const filters = parseSearch(raw);
  // One search, one URL: empty form fields and defaults are dropped from what the browser sent.
  if (!isCanonical(raw, filters)) redirect(searchHref(filters));

  const [cities, result] = await Promise.all([
    getCities().catch(() => null),
    searchListings(filters).catch((error: unknown) => {
      // Past the last page (the BFF says 404): show that rather than an error page.
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return error;
      throw error;
    }),
  ]);
  const words = describeSearch(filters);
  const today = todayIso();

  return (
    <div className="container">
      <div className="page-header">
        <div>
          <h1>{filters.city ? `Homes for rent in ${filters.city}` : "Homes for rent"}</h1>
          <p aria-live="polite">
            {result instanceof ApiError
              ? "No results"
              : `${plural(result.count, "home")}${words.length ? ` ${words.join(" · ")}` : ""}`}
          </p>
        </div>
      </div>
      <section className="card filters" aria-labelledby="filters-title">
        <h2 id="filters-title" className="visually-hidden">
          Filters
        </h2>
        <SearchForm filters={filters} cities={cities} />
      </section>
      <section className="results" aria-labelledby="results-title">
        <h2 id="results-title" className="visually-hidden">
          Results
        </h2>
        <Results result={result} filters={filters} today={today} />
      </section>
    </div>
  );
}

function Results({
  result,
  filters,
  today,
}: {
  result: Page<Listing> | ApiError;
  filters: ReturnType<typeof parseSearch>;
  today: string;
}) {
  if (result instanceof ApiError) {
    return result.status === 404 ? (
      <EmptyState title="This page of results is empty" action={<Link className="btn" href={searchHref(filters, { page: 1 })}>Back to the first page</Link>}>
        The search has fewer pages now; listings come and go.
      </EmptyState>
    ) : (
      <Alert tone="error" title="We could not run this search">
        <p>{friendlyMessage(result.problem)}</p>
      </Alert>
    );
  }
  if (result.results.length === 0) {
    return (
      <EmptyState
        title="No homes match this search"
        action={
          hasFilters(filters) ? (
            <Link className="btn btn--secondary" href="/listings">
              See every home
            </Link>
          ) : undefined
        }
      >
        Try a wider rent range, fewer bedrooms or a later date.
      </EmptyState>
    );
  }
  return (
    <>
      <div className="grid">
        {result.results.map((listing) => (
          <ListingCard key={listing.id} listing={listing} today={today} />
        ))}
      </div>
      <Pagination
        page={filters.page}
        pages={pageCount(result.count, PAGE_SIZE)}
        hrefFor={(page) => searchHref(filters, { page })}
        label="Result pages"
      />
    </>
  );
}
