import Link from "next/link";

export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** Previous / next links and where the reader is; pages live in the URL, so links are shareable. */
export function Pagination({
  page,
  pages,
  hrefFor,
  label = "Pagination",
}: {
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
  label?: string;
}) {
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link className="btn btn--secondary" href={hrefFor(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="pagination__status" aria-current="page">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link className="btn btn--secondary" href={hrefFor(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
