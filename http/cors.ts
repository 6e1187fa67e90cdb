import type { SecurityConfig } from "../config/security.ts";

/** Whether a browser page from `origin` may call the server (CORS_ORIGINS). */
export function originAllowed(allowed: SecurityConfig["corsOrigins"], origin: string | null | undefined): boolean {
  if (!origin) return true;
  return allowed === "any" || allowed.includes(origin.replace(/\/$/, ""));
}

/**
 * CORS headers for every HTTP response. Colyseus answers preflights and sets these headers
 * before any route (matchmaking or Express) runs, so this is the one place they are decided.
 * No credentials: learners authenticate with bearer tokens, never cookies.
 */
export function corsHeaders(allowed: SecurityConfig["corsOrigins"], origin: string | null): Record<string, string> {
  if (!origin || !originAllowed(allowed, origin)) return {};
  return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
}

export const CORS_BASE_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "600",
};
