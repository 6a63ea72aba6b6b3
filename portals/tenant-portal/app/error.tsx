"use client";

import { RenderErrorPage } from "@portals/shared/ui";

import { SiteHeader } from "@/components/SiteHeader";

export default function ErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <RenderErrorPage {...props} homeLabel="Go to your dashboard" reassurance="Your data is safe." />
      </main>
    </>
  );
}
