// One lint configuration for the workspace: Next.js' core-web-vitals and TypeScript rules
// (they include jsx-a11y) for both portals and the shared package.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    settings: { next: { rootDir: ["tenant-portal/", "market-portal/"] } },
    rules: {
      // Listing photos are our own small SVGs in public/: nothing for next/image to optimise.
      "@next/next/no-img-element": "off",
    },
  },
  {
    ignores: ["**/.next/**", "**/node_modules/**", "**/next-env.d.ts", "**/coverage/**"],
  },
];

export default config;
