// Next's instrumentation hook: OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set (shared/src/telemetry.ts).
import { registerTelemetry } from "@portals/shared/telemetry";

export async function register() {
  await registerTelemetry("market-portal");
}
