import "@portals/shared/styles.css";
import "./tenant.css";

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "Tenant Portal · Property Platform", template: "%s · Tenant Portal" },
  description: "Your lease, rent and maintenance requests in one place.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#0d5c53" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <footer className="site-footer">
          <div className="container">
            <p>Property Platform · Tenant Portal. Something urgent at home? Call the 24-hour line: (503) 555-0100.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
