"use client";

// The last resort, when even the layout fails: its own <html>, no imports that could fail. Both
// portals re-export it as their app/global-error.tsx.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "4rem auto", maxWidth: "36rem", padding: "0 1rem" }}>
        <h1>We cannot show this page right now</h1>
        <p>Part of our service is not answering. This is usually over in a minute or two.</p>
        <button type="button" onClick={() => reset()} style={{ font: "inherit", padding: "0.6rem 1rem" }}>
          Try again
        </button>
      </body>
    </html>
  );
}
