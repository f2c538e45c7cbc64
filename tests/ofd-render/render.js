// Renders each page of an OFD package with ofd.js in headless Chromium and
// writes page-N.png (N from 1) at the given resolution.
// Usage: node render.js FILE.ofd OUT_DIR DPI [LANG]
// LANG (zh-CN by default) is the page's language: it picks the Chinese forms
// of punctuation and digits the installed faces draw, as the PDF's faces do.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [file, outDir, dpiText, lang] = process.argv.slice(2);
const dpi = Number(dpiText || 150);
const here = path.join(__dirname, 'node_modules');
const scripts = ['ofd.js/lib/ofd.umd.min.js'].map((p) => path.join(here, p));

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ofd-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = browser.pages()[0] || await browser.newPage();
    const messages = [];
    page.on('pageerror', (e) => messages.push(String(e)));
    const server = require('http').createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!DOCTYPE html><html lang="${lang || 'zh-CN'}"><head>` +
              '<meta charset="utf-8"><style>' +
              'body{margin:0;background:#fff}</style></head><body></body></html>');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    await page.goto(`http://localhost:${server.address().port}/`);
    server.close();
    for (const s of scripts)
      await page.addScriptTag({ path: s });
    const base64 = fs.readFileSync(file).toString('base64');
    const count = await page.evaluate(async ({ base64, dpi }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const doc = await new Promise((resolve, reject) => ofd.parseOfdDocument({
        ofd: bytes.buffer, success: resolve, fail: (e) => reject(new Error(String(e))) }));
      // renderOfd(width in pixels, document): the width of A4 at `dpi`
      const widthMm = parseFloat(doc[0].document['ofd:CommonData']['ofd:PageArea']
                                 ['ofd:PhysicalBox'].split(' ')[2]);
      const pages = ofd.renderOfd(Math.round(widthMm / 25.4 * dpi), doc[0]);
      pages.forEach((d, i) => { d.id = 'ofd-page-' + i; d.style.marginBottom = '0';
                                document.body.appendChild(d); });
      return pages.length;
    }, { base64, dpi });
    await page.waitForTimeout(300); // web fonts the SVG text asks for
    fs.mkdirSync(outDir, { recursive: true });
    for (let i = 0; i < count; i++) {
      const el = await page.$('#ofd-page-' + i);
      await el.screenshot({ path: path.join(outDir, `page-${i + 1}.png`) });
    }
    if (messages.length)
      console.error(messages.join('\n'));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
