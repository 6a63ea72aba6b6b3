"use client";

import { RenderErrorPage } from "@portals/shared/ui";

export default function ErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <RenderErrorPage {...props} homeLabel="Go to the home page" />;
}
