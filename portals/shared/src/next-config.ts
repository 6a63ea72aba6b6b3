/** The Next.js configuration both portals use: `export default portalNextConfig(__dirname)`. */
import path from "node:path";

import type { NextConfig } from "next";

export function portalNextConfig(appDir: string): NextConfig {
  // The npm workspace (portals/) is the root: the shared package lives beside the app.
  const workspaceRoot = path.join(appDir, "..");
  return {
    output: "standalone",
    outputFileTracingRoot: workspaceRoot,
    turbopack: { root: workspaceRoot },
    transpilePackages: ["@portals/shared"],
    poweredByHeader: false,
    reactStrictMode: true,
    // Traefik adds these in the cluster; the portal sets them too so that local runs look the same.
    async headers() {
      return [
        {
          source: "/:path*",
          headers: [
            { key: "X-Content-Type-Options", value: "nosniff" },
            { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
            { key: "X-Frame-Options", value: "DENY" },
          ],
        },
      ];
    },
  };
}
