import Link from "next/link";

import type { Listing } from "@portals/shared/api";
import { bathroomsLabel, bedroomsLabel, formatDate, formatMoney } from "@portals/shared/format";
import { Badge } from "@portals/shared/ui";

export function availability(listing: Listing, today: string): string {
  return listing.available_from <= today ? "Available now" : `Available ${formatDate(listing.available_from, "short")}`;
}

export function ListingCard({ listing, today }: { listing: Listing; today: string }) {
  const photo = listing.photos[0];
  const property = listing.unit.property;
  return (
    <article className="listing-card">
      {photo ? (
        // Decorative here: the title and facts below say what the home is.
        <img className="photo" src={photo.url} alt="" width={800} height={600} loading="lazy" />
      ) : (
        <div className="photo listing-card__nophoto" aria-hidden="true" />
      )}
      <div className="listing-card__body">
        <h2 className="listing-card__title">
          <Link href={`/listings/${listing.id}`} className="stretched-link">
            {listing.title}
          </Link>
        </h2>
        <p className="listing-card__price">
          {formatMoney(listing.monthly_rent, listing.currency)}
          <span className="muted"> / month</span>
        </p>
        <p className="muted small listing-card__where">
          {property.name} · {property.city}
        </p>
        <ul className="listing-card__facts" aria-label="Unit facts">
          <li>{bedroomsLabel(listing.unit.bedrooms)}</li>
          <li>{bathroomsLabel(listing.unit.bathrooms)}</li>
          <li>{listing.unit.area_sqm} m²</li>
        </ul>
        <Badge tone={listing.available_from <= today ? "success" : "info"}>{availability(listing, today)}</Badge>
      </div>
    </article>
  );
}
