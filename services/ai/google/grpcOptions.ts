import { grpc, type ClientOptions } from "google-gax";

/**
 * Client options for Google's gRPC APIs. With an endpoint set (host:port) the client talks
 * to it instead of Google; `insecure` allows plain-text gRPC there (local fakes, private
 * gateways). `universeDomain` keeps the client from probing the cloud metadata server.
 */
export function googleClientOptions(endpoint: string | undefined, insecure: boolean): ClientOptions {
  if (!endpoint) return {};
  const [host, port] = endpoint.split(":");
  return {
    apiEndpoint: host,
    port: Number(port),
    universeDomain: "googleapis.com",
    ...(insecure ? { sslCreds: grpc.credentials.createInsecure() } : {}),
  };
}
