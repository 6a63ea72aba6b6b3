import type { Viewport } from "next";
import type { ReactNode } from "react";

export const portalViewport: Viewport = { themeColor: "#0d5c53" };

/** Both portals' root layout: <html>, the skip link (the first Tab stop), the page, the footer. */
export function PortalDocument({ children, footer }: { children: ReactNode; footer: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <footer className="site-footer">
          <div className="container">
            <p>{footer}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
