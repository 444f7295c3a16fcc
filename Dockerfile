# One image for the API, the worker and the migration job; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The Temporal binaries are not needed inside the image: compose runs a real Temporal server.
ENV DOORZET_SKIP_TEMPORAL_INSTALL=1
RUN npm ci --omit=dev
COPY . .
# The compiled worker (dist/worker/: plain node, the workflow bundle prebuilt); see worker/compiled.ts.
RUN npm run build
USER node
CMD ["npx", "tsx", "api/main.ts"]
