/**
 * The nginx configuration of tests/support/https-proxy.ts: TLS on loopback in front of a plain
 * HTTP upstream, passing on what a hosting platform's edge passes on (Host, X-Forwarded-For
 * appended to as `proxy_add_x_forwarded_for` does, X-Forwarded-Proto), with everything nginx
 * writes kept inside `dir`.
 */
export interface NginxConfigOptions {
  dir: string;
  port: number;
  upstream: string;
  certificate: string;
  key: string;
  /** Temp-path directives this nginx build knows (a module compiled out has none). */
  tempPathDirectives: string[];
  /** With these, answer 401 like Vercel's Deployment Protection unless the request carries the bypass. */
  protection?: { secret: string; cookieValue: string };
}

/** Vercel's bypass cookie, which it sets when asked with `x-vercel-set-bypass-cookie: true`. */
export const BYPASS_COOKIE = '_vercel_jwt';

const quoted = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

// Map strings compare ignoring case; an anchored regex compares exactly.
function protectionMaps({ secret, cookieValue }: { secret: string; cookieValue: string }): string {
  return `
    map $http_x_vercel_protection_bypass $bypass_header_ok { ~^${secret}$ 1; default 0; }
    map $cookie_${BYPASS_COOKIE} $bypass_cookie_ok { ~^${cookieValue}$ 1; default 0; }
    map $bypass_header_ok$bypass_cookie_ok $protection_refuses { 00 1; default 0; }
    map $bypass_header_ok:$http_x_vercel_set_bypass_cookie $bypass_set_cookie {
      1:true ${quoted(`${BYPASS_COOKIE}=${cookieValue}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax`)};
      default "";
    }`;
}

const PROTECTION_CHECK = `
      if ($protection_refuses) { return 401 "Deployment protection (emulated): no bypass secret or cookie\\n"; }
      add_header Set-Cookie $bypass_set_cookie always;`;

export function nginxConfig(options: NginxConfigOptions): string {
  const { dir, port, upstream, certificate, key, tempPathDirectives, protection } = options;
  return `
daemon off;
worker_processes 1;
pid ${quoted(`${dir}/nginx.pid`)};
error_log stderr warn;
events { worker_connections 512; }
http {
    access_log off;
    default_type text/plain;
${tempPathDirectives.map((directive) => `    ${directive} ${quoted(`${dir}/${directive.replace(/_temp_path$/, '')}`)};`).join('\n')}
${protection ? protectionMaps(protection) : ''}
    server {
        listen 127.0.0.1:${port} ssl;
        server_name localhost;
        ssl_certificate ${quoted(certificate)};
        ssl_certificate_key ${quoted(key)};
        ssl_protocols TLSv1.2 TLSv1.3;
        # The app enforces its own body limit (413); nginx must not answer first.
        client_max_body_size 10m;

        location / {${protection ? PROTECTION_CHECK : ''}
            proxy_pass ${upstream};
            proxy_http_version 1.1;
            proxy_buffering off;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # Appended to, as the usual set-up does: whatever a client wrote stays on the left, and the
            # app (TRUST_PROXY=1) takes the rightmost entry, the one nginx added.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Vercel-Protection-Bypass "";
            proxy_set_header X-Vercel-Set-Bypass-Cookie "";
        }
    }
}
`;
}
