import type { NextConfig } from "next";

// /api/graphql is forwarded to the api by src/proxy.ts at run time (RAPPORT_API_URL), not by a rewrite
// here: rewrites in next.config are fixed at build time, and one build serves any api address.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The container image (deploy/docker/web.Dockerfile) builds the self-contained server; `rapport up`
  // keeps `next start` on the ordinary build.
  output: process.env.RAPPORT_WEB_STANDALONE === "1" ? "standalone" : undefined,
};

export default nextConfig;
