import "@portals/shared/styles.css";
import "./market.css";

import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { Logo, PortalDocument, portalViewport } from "@portals/shared/ui";

export const metadata: Metadata = {
  title: { default: "Find a home to rent · Property Platform", template: "%s · Property Platform Homes" },
  description: "Homes to rent in Portland, Austin and Denver: search, see photos and apply online.",
};

export const viewport = portalViewport;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <PortalDocument footer="Property Platform Homes · Homes to rent, photos and applications in one place.">
      <header className="site-header">
        <div className="container site-header__inner">
          <Link className="brand" href="/">
            <Logo />
            <span>
              Property Platform <span className="brand__sub">Homes</span>
            </span>
          </Link>
          <nav className="site-nav" aria-label="Main">
            <ul>
              <li>
                <Link href="/listings">All homes</Link>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </PortalDocument>
  );
}
