// Local development: /api/* goes to the BFF (BFF_URL) the way Traefik sends it in the cluster.
import { proxyToBff } from "@portals/shared/proxy";

export const dynamic = "force-dynamic";

export const GET = proxyToBff;
export const HEAD = proxyToBff;
export const POST = proxyToBff;
export const PUT = proxyToBff;
export const PATCH = proxyToBff;
export const DELETE = proxyToBff;
export const OPTIONS = proxyToBff;
