// What `npm run bench:lighthouse` (bench/lighthouse.ts) takes from this folder's own install.
export { default as lighthouse } from 'lighthouse';
export { launch } from 'chrome-launcher';
export { default as puppeteer } from 'puppeteer-core';
