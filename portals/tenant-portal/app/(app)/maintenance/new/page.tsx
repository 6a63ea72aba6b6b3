import type { Metadata } from "next";
import Link from "next/link";

import { NewRequestForm } from "./NewRequestForm";

export const metadata: Metadata = { title: "Report a problem" };

export default function NewRequestPage() {
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/maintenance">Maintenance</Link>
          </li>
          <li aria-current="page">Report a problem</li>
        </ol>
      </nav>
      <div className="container-narrow card">
        <h1>Report a problem</h1>
        <p className="muted">
          Tell us what is wrong and we will arrange the repair. For a gas smell, a flood or no heat in winter, call the
          24-hour line as well: (503) 555-0100.
        </p>
        <NewRequestForm />
      </div>
    </>
  );
}
