# KOTO server image: Node 24 (slim) with eSpeak NG for the tutor's offline Korean voice.
FROM node:24-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production

COPY package.json package-lock.json ./
COPY scripts/prisma-generate.ts scripts/
COPY prisma prisma
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 2567
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||2567)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --max-semi-space-size=16: Node 24 sizes the young generation from the machine's memory (about
# 100 MB on a 24 GiB host); 16 MB takes 60 MB off an idle server. --heap-growing-percent=50: the
# old generation is collected when it is 1.5 times what survived the last collection, not up to
# 4 times: 100-250 MB less RSS under load, for no CPU the benchmark could see (docs/BENCHMARKS.md).
CMD ["node", "--disable-warning=ExperimentalWarning", "--max-semi-space-size=16", "--heap-growing-percent=50", "server/main.ts"]
