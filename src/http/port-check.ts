import net from "node:net";
import { ConfigError } from "../config";

/** Why a port cannot be listened on, as a one-line cause naming the setting, else null. */
export function listenProblem(error: unknown, setting: string, host: string, port: number): string | null {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return `${setting} ${port} on ${host} is already in use (another Customer360, or another program): stop it or set ${setting}`;
  if (code === "EACCES") return `${setting} ${port} on ${host} needs privileges this process does not have (ports below 1024): set ${setting} to 1024 or above`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return `HOST ${host} is not an address of this machine: set HOST (e.g. 127.0.0.1, or 0.0.0.0 for every interface)`;
  return null;
}

/**
 * Fails at once, before the database is migrated or seeded, when a port the server will listen on
 * is taken (a probe listens and closes again; port 0 is any free port and always passes).
 */
export async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error) => reject(new ConfigError(listenProblem(error, setting, host, port) ?? `${setting} ${port} on ${host}: ${(error as Error).message}`)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
