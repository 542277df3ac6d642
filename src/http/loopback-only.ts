import type express from "express";

/** Host header names of this machine's loopback interface, with or without a port. */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host.trim());
}

/**
 * Development routes answer only requests addressed to a loopback name. A web page that rebinds
 * its own DNS name to 127.0.0.1 reaches the developer's server under that name, not as
 * localhost, and is answered the same plain 404 as a route that does not exist.
 */
export const loopbackOnly: express.RequestHandler = (req, res, next) => {
  if (isLoopbackHost(req.headers.host)) return next();
  res.status(404).type("text/plain").send("Not found\n");
};
