# One image recipe for both Next.js portals (tenant-portal, market-portal): same shape, same file.
#   docker build -f docker/portal.Dockerfile --build-arg PORTAL=market-portal -t market-portal .
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG PORTAL
WORKDIR /src/portals
COPY portals/package.json portals/package-lock.json ./
COPY portals/shared/package.json shared/
COPY portals/tenant-portal/package.json tenant-portal/
COPY portals/market-portal/package.json market-portal/
# The CA bundle is a build secret (offline path, behind a TLS-intercepting proxy): never in a layer.
RUN --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --no-audit --no-fund --loglevel=error
COPY portals/ ./
ENV NEXT_TELEMETRY_DISABLED=1 BFF_URL=http://bff:8000
RUN npm run build -w ${PORTAL} \
 # Standalone output: server.js and only the node_modules it traced.
 && mkdir -p /out && cp -r ${PORTAL}/.next/standalone/. /out/ && mkdir -p /out/shared \
 && cp -r ${PORTAL}/.next/static /out/${PORTAL}/.next/static \
 && if [ -d ${PORTAL}/public ]; then cp -r ${PORTAL}/public /out/${PORTAL}/public; fi

FROM ${NODE_IMAGE} AS runtime
ARG PORTAL
# The portal's own folder becomes /app; the traced node_modules (and the workspace's shared package
# they link to) sit one level up, where Node's module resolution finds them.
COPY --from=build /out/${PORTAL} /app
COPY --from=build /out/node_modules /node_modules
COPY --from=build /out/shared /shared
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 BFF_URL=http://bff:8000
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
