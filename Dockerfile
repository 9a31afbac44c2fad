# syntax=docker/dockerfile:1
# One image for every role: `serve` (the default) or `worker` (docker run … hexar worker), also
# `warm-cache` and `health`. It runs the compiled JavaScript with plain node: no TypeScript loader.

# Build stage: every dependency (TypeScript among them), then `npm run build` into dist/.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, the compiled dist/, an unprivileged user.
FROM node:24-slim AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# GET /health on PORT answers 200 while the process serves. A worker serves no HTTP: turn the
# check off for workers (compose.yaml does) and watch them through the queue on /health.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/main.js", "health"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["serve"]
