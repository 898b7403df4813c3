// How Playwright starts Debian's Chromium here, for the e2e specs and the benchmarks: as root, without the sandbox,
// and without the background traffic that this machine's closed network refuses.
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
