import type { NextConfig } from "next";

const isDevelopment = process.env.NODE_ENV === "development";

// Scripts and styles from this origin only ('unsafe-inline' for the bootstrap scripts Next.js inlines;
// the dev server also evaluates code). Images may come from anywhere because an email's remote images
// are shown when the reader asks (the email frame inherits this policy and narrows it further).
// Nothing may frame the app: frame-ancestors 'none' (and X-Frame-Options for older browsers).
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDevelopment ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

// /api/graphql is forwarded to the api by src/proxy.ts at run time (RAPPORT_API_URL), not by a rewrite
// here: rewrites in next.config are fixed at build time, and one build serves any api address.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The container image (deploy/docker/web.Dockerfile) builds the self-contained server; `rapport up`
  // keeps `next start` on the ordinary build.
  output: process.env.RAPPORT_WEB_STANDALONE === "1" ? "standalone" : undefined,
  // Each module imports only the GraphQL documents it writes, not codegen's map of all of them
  // (scripts/gql-documents-loader.cjs says why and how).
  turbopack: {
    rules: {
      "*.{ts,tsx}": {
        condition: { all: [{ not: "foreign" }, { content: /from ["']@\/gql["']/ }] },
        loaders: ["./scripts/gql-documents-loader.cjs"],
      },
    },
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
