import type { Metadata } from "next";
import Link from "next/link";

import { bathroomsLabel, bedroomsLabel, formatDate, formatMoney, todayIso } from "@portals/shared/format";
import { Badge } from "@portals/shared/ui";

import { availability } from "@/components/ListingCard";
import { listingOrNotFound } from "@/lib/bff";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const listing = await listingOrNotFound((await params).id);
  return { title: listing.title, description: listing.description.slice(0, 160) };
}

const SQFT_PER_SQM = 10.7639;

export default async function ListingPage({ params }: Props) {
  const listing = await listingOrNotFound((await params).id);
  const { unit } = listing;
  const property = unit.property;
  const today = todayIso();
  const [main, ...more] = listing.photos;
  const rent = formatMoney(listing.monthly_rent, listing.currency);

  return (
    <div className="container">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/listings">Homes</Link>
          </li>
          <li>
            <Link href={`/listings?city=${encodeURIComponent(property.city)}`}>{property.city}</Link>
          </li>
          <li aria-current="page">{listing.title}</li>
        </ol>
      </nav>
      <div className="page-header">
        <div>
          <h1>{listing.title}</h1>
          <p>
            {property.name}, {property.address_line1}, {property.city} {property.postal_code}
          </p>
        </div>
      </div>

      <div className="split">
        <div className="stack-lg">
          {main ? (
            <section aria-label="Photos" className="gallery">
              <img className="photo gallery__main" src={main.url} alt={main.alt_text} width={1200} height={900} />
              {more.length ? (
                <ul className="gallery__more">
                  {more.map((photo) => (
                    <li key={photo.url}>
                      <img className="photo" src={photo.url} alt={photo.alt_text} width={600} height={450} loading="lazy" />
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="facts-title" className="card">
            <h2 id="facts-title">The home</h2>
            <dl className="facts">
              <div>
                <dt>Bedrooms</dt>
                <dd>{bedroomsLabel(unit.bedrooms)}</dd>
              </div>
              <div>
                <dt>Bathrooms</dt>
                <dd>{bathroomsLabel(unit.bathrooms)}</dd>
              </div>
              <div>
                <dt>Size</dt>
                <dd>
                  {unit.area_sqm} m² ({Math.round(unit.area_sqm * SQFT_PER_SQM)} sq ft)
                </dd>
              </div>
              <div>
                <dt>Floor</dt>
                <dd>{unit.floor}</dd>
              </div>
              <div>
                <dt>Unit</dt>
                <dd>{unit.label}</dd>
              </div>
              <div>
                <dt>Pets</dt>
                <dd>{listing.pets_allowed ? "Allowed" : "Not allowed"}</dd>
              </div>
            </dl>
          </section>

          <section aria-labelledby="about-title">
            <h2 id="about-title">About this home</h2>
            {listing.description.split(/\n{2,}/).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </section>

          <section aria-labelledby="where-title">
            <h2 id="where-title">Where it is</h2>
            <address className="address">
              {property.name}
              <br />
              {property.address_line1}
              <br />
              {property.city} {property.postal_code}
              <br />
              {property.country}
            </address>
          </section>
        </div>

        <aside className="card apply-card" aria-labelledby="rent-title">
          <h2 id="rent-title" className="visually-hidden">
            Rent and availability
          </h2>
          <p className="figure">
            {rent}
            <span className="muted apply-card__per"> / month</span>
          </p>
          <dl className="rows">
            <dt>Deposit</dt>
            <dd>{formatMoney(listing.deposit, listing.currency)}</dd>
            <dt>Available</dt>
            <dd>
              {listing.available_from <= today ? "Now" : formatDate(listing.available_from)}
            </dd>
          </dl>
          <Badge tone={listing.available_from <= today ? "success" : "info"}>{availability(listing, today)}</Badge>
          <Link className="btn btn--block" href={`/listings/${listing.id}/apply`}>
            Apply for this home
          </Link>
          <p className="small muted">It takes about five minutes. We reply within two working days.</p>
        </aside>
      </div>
    </div>
  );
}
