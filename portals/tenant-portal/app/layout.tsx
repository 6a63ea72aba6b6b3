import "@portals/shared/styles.css";
import "./tenant.css";

import type { Metadata } from "next";
import type { ReactNode } from "react";

import { PortalDocument, portalViewport } from "@portals/shared/ui";

export const metadata: Metadata = {
  title: { default: "Tenant Portal · Property Platform", template: "%s · Tenant Portal" },
  description: "Your lease, rent and maintenance requests in one place.",
  robots: { index: false, follow: false },
};

export const viewport = portalViewport;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <PortalDocument footer="Property Platform · Tenant Portal. Something urgent at home? Call the 24-hour line: (503) 555-0100.">
      {children}
    </PortalDocument>
  );
}
