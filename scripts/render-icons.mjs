// One-off: renders public/icons/*.svg into the PNGs the web app manifest and notifications use.
// Run `node scripts/render-icons.mjs` after changing an SVG and commit the PNGs.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const dir = path.resolve("public/icons");
const outputs = [
  ["icon.svg", "icon-192.png", 192],
  ["icon.svg", "icon-512.png", 512],
  ["icon.svg", "apple-touch-icon.png", 180],
  ["maskable.svg", "maskable-512.png", 512],
  ["badge.svg", "badge-96.png", 96],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  for (const [source, target, size] of outputs) {
    const svg = fs.readFileSync(path.join(dir, source), "utf8");
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({
      path: path.join(dir, target),
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`${target} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
