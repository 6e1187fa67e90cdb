import { isIP, isIPv4 } from "node:net";
import { z } from "zod";

/**
 * TRUST_PROXY: which hops' X-Forwarded-For to believe when working out a client's address.
 * It takes every form Express's `trust proxy` takes, checked here with the other settings
 * rather than by Express at start-up (which throws on "true", "false" and typos alike).
 */
export type TrustProxy =
  | { kind: "all" }
  | { kind: "none" }
  /** The last `hops` proxies in front of this server, whatever their addresses. */
  | { kind: "hops"; hops: number }
  /** Proxies at these addresses, CIDR ranges or named ranges. */
  | { kind: "ranges"; ranges: string[] };

export interface Subnet {
  network: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** The prefix length of a contiguous IPv4 netmask (255.255.240.0 -> 20). */
function netmaskPrefix(mask: string): number | undefined {
  if (!isIPv4(mask)) return undefined;
  const bits = mask.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
  const host = 2 ** 32 - 1 - bits;
  // Contiguous means the host part is all ones: host + 1 is a power of two.
  return (host & (host + 1)) === 0 ? 32 - Math.log2(host + 1) : undefined;
}

/** One entry (an address, a CIDR range or a range's name) as subnets; undefined if it is none of them. */
export function subnetsOf(entry: string): Subnet[] | undefined {
  const named = NAMED_RANGES[entry];
  if (named) return named.flatMap((range) => subnetsOf(range)!);
  const [network = "", prefixText, ...rest] = entry.split("/");
  const version = isIP(network);
  if (version === 0 || rest.length > 0) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  const maximum = version === 4 ? 32 : 128;
  if (prefixText === undefined) return [{ network, prefix: maximum, family }];
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : version === 4 ? netmaskPrefix(prefixText) : undefined;
  return prefix !== undefined && prefix <= maximum ? [{ network, prefix, family }] : undefined;
}

function parseTrustProxy(value: string): TrustProxy | { invalid: string } {
  const lower = value.toLowerCase();
  if (lower === "true") return { kind: "all" };
  if (lower === "false") return { kind: "none" };
  if (/^\d+$/.test(value)) return { kind: "hops", hops: Number(value) };
  const ranges = value.split(",").map((entry) => entry.trim().toLowerCase());
  const invalid = ranges.find((entry) => subnetsOf(entry) === undefined);
  return invalid === undefined ? { kind: "ranges", ranges } : { invalid };
}

export const trustProxySchema = z
  .string()
  .trim()
  .default("loopback")
  .transform((value, context): TrustProxy => {
    const parsed = parseTrustProxy(value);
    if (!("invalid" in parsed)) return parsed;
    context.addIssue({
      code: "custom",
      message:
        `"${parsed.invalid}" is not true, false, a number of hops, loopback, linklocal, uniquelocal, ` +
        "an IP address or a CIDR range (comma-separated for several)",
    });
    return z.NEVER;
  });
