import type { Metadata } from "next";
import Link from "next/link";

import { bedroomsLabel, formatDate, formatMoney, todayIso } from "@portals/shared/format";

import { listingOrNotFound } from "@/lib/bff";

import { ApplicationForm } from "./ApplicationForm";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const listing = await listingOrNotFound((await params).id);
  return { title: `Apply for ${listing.title}` };
}

export default async function ApplyPage({ params }: Props) {
  const listing = await listingOrNotFound((await params).id);
  const today = todayIso();
  const earliest = listing.available_from > today ? listing.available_from : today;
  return (
    <div className="container">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/listings">Homes</Link>
          </li>
          <li>
            <Link href={`/listings/${listing.id}`}>{listing.title}</Link>
          </li>
          <li aria-current="page">Apply</li>
        </ol>
      </nav>
      <div className="split">
        <div className="card">
          <h1>Apply for this home</h1>
          <p className="muted">
            Tell us who you are and when you would like to move in. Fields are required unless they say optional.
          </p>
          <ApplicationForm listingId={listing.id} today={today} suggestedMoveIn={earliest} />
        </div>
        <aside className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{listing.title}</h2>
          <dl className="rows">
            <dt>Rent</dt>
            <dd>{formatMoney(listing.monthly_rent, listing.currency)} a month</dd>
            <dt>Deposit</dt>
            <dd>{formatMoney(listing.deposit, listing.currency)}</dd>
            <dt>Home</dt>
            <dd>
              {bedroomsLabel(listing.unit.bedrooms)}, {listing.unit.area_sqm} m²
            </dd>
            <dt>Address</dt>
            <dd>
              {listing.unit.property.address_line1}, {listing.unit.property.city}
            </dd>
            <dt>Available</dt>
            <dd>{listing.available_from <= today ? "Now" : formatDate(listing.available_from)}</dd>
          </dl>
        </aside>
      </div>
    </div>
  );
}
