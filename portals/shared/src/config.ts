/** Where the BFF is, seen from the portal's server: BFF_URL, read at request time (not at build). */
export function bffUrl(): string {
  return (process.env.BFF_URL || "http://127.0.0.1:8000").replace(/\/+$/, "");
}
