// Liveness and readiness of the portal's server (the Helm chart probes it). It does not call the
// BFF: a BFF outage must not restart the portal, whose pages explain the outage to people.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok", service: "market-portal" }, { headers: { "Cache-Control": "no-store" } });
}
