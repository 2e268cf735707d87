import 'server-only';
import { toString as qrToString } from 'qrcode';

/**
 * The QR code of an `otpauth://` URI, drawn here as an SVG data URL: the secret it holds never
 * leaves for a third-party QR service, and the page's CSP (`img-src 'self' data:`) shows it.
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
