import type { NextConfig } from "next";

// /api/graphql is forwarded to the api by src/proxy.ts at run time (RAPPORT_API_URL), not by a rewrite
// here: rewrites in next.config are fixed at build time, and one build serves any api address.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
