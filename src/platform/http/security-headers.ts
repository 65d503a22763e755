// Security headers on every response: helmet with a strict CSP (no inline script or style;
// tenant colours come from /{slug}/brand.css), HSTS in production, and a Permissions-Policy
// that turns off the browser features the portal never uses.
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

const UNUSED_FEATURES = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'usb',
  'xr-spatial-tracking',
  'browsing-topics',
];
const PERMISSIONS_POLICY = UNUSED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/**
 * Helmet's headers, worked out once: helmet is run against a recording response at start-up,
 * and each request then gets the recorded headers from one middleware. The policy is helmet's
 * (none of ours depends on the request), without a chain of fourteen middleware per request.
 */
function recorded(middleware: RequestHandler) {
  const headers = new Map<string, [string, string]>();
  const removed = new Set<string>();
  const recorder = {
    setHeader: (name: string, value: string) => {
      removed.delete(name.toLowerCase());
      headers.set(name.toLowerCase(), [name, String(value)]);
    },
    removeHeader: (name: string) => {
      headers.delete(name.toLowerCase());
      removed.add(name);
    },
  };
  let done = false;
  void middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish at once: its headers cannot be worked out in advance');
  return { headers: [...headers.values()], removed: [...removed] };
}

export function securityHeaders({ production }: { production: boolean }): RequestHandler {
  const { headers, removed } = recorded(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          // Not helmet's defaults ('self' data: for images, 'self' https: data: for fonts): the
          // portal shows no image or font from anywhere else, so nothing else may load.
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: production ? [] : null,
        },
      },
      strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
  headers.push(['Permissions-Policy', PERMISSIONS_POLICY]);
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
