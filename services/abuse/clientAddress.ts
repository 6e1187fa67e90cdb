import { BlockList, isIP } from "node:net";
import { subnetsOf, type TrustProxy } from "../../config/trustProxy.ts";

/**
 * Whether the hop at `address`, `index` hops away from this server (0 = the peer of the
 * socket), is a proxy whose X-Forwarded-For entry is believed. Express takes this function
 * as its `trust proxy` setting, so HTTP requests and room joins agree on who a client is.
 */
export type TrustFunction = (address: string, index: number) => boolean;

export function compileTrust(trust: TrustProxy): TrustFunction {
  if (trust.kind === "all") return () => true;
  if (trust.kind === "none") return () => false;
  if (trust.kind === "hops") return (_address, index) => index < trust.hops;
  const list = new BlockList();
  for (const subnet of trust.ranges.flatMap((range) => subnetsOf(range) ?? [])) list.addSubnet(subnet.network, subnet.prefix, subnet.family);
  return (address) => {
    const version = isIP(address);
    // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) matches IPv4 ranges too.
    return version !== 0 && list.check(address, version === 4 ? "ipv4" : "ipv6");
  };
}

/**
 * The client's address: walking back from the socket's peer through X-Forwarded-For, the
 * first hop that is not a trusted proxy (as Express's `req.ip` does). X-Real-IP and
 * X-Client-IP are never read: anyone can send them.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | undefined, trust: TrustFunction): string {
  const hops = [
    socketAddress,
    ...(forwardedFor ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean)
      .reverse(),
  ];
  for (let index = 0; index < hops.length - 1; index += 1) {
    if (!trust(hops[index]!, index)) return hops[index]!;
  }
  return hops[hops.length - 1]!;
}
