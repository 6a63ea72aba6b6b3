import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { isUuid } from "@portals/shared/api";

import { getListing } from "@/lib/bff";
import { isApplicationReference } from "@/lib/application";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Application received" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ConfirmationPage({ params, searchParams }: Props) {
  const { id } = await params;
  const ref = (await searchParams).ref;
  const reference = Array.isArray(ref) ? ref[0] : ref;
  if (!isUuid(id) || !isApplicationReference(reference)) notFound();
  // The listing's title is a courtesy; the reference is what matters, so a failed read is fine.
  const listing = await getListing(id).catch(() => null);

  return (
    <div className="container container-narrow">
      <section className="card confirmation stack" aria-labelledby="confirmation-title">
        <p className="confirmation__check" aria-hidden="true">
          ✓
        </p>
        <h1 id="confirmation-title">Application received</h1>
        <p>
          Thank you. We have your application{listing ? ` for ${listing.title}` : ""} and will email you within two
          working days.
        </p>
        <div className="reference">
          <p className="reference__label">
            Your reference number
          </p>
          <p className="reference__number mono">
            {reference}
          </p>
        </div>
        <p className="muted small">Keep it: quote it if you call or write to us about this home.</p>
        <div className="cluster">
          <Link className="btn" href="/listings">
            Keep looking
          </Link>
          {listing ? (
            <Link className="btn btn--secondary" href={`/listings/${listing.id}`}>
              Back to the home
            </Link>
          ) : null}
        </div>
      </section>
    </div>
  );
}
