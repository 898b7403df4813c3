import type { MetadataRoute } from "next";

// The installable web app: opens on My incidents, full screen, with the brand colours the shell uses.
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/oncall",
    name: "Watchdesk",
    short_name: "Watchdesk",
    description: "On-call incidents: acknowledge and resolve from your phone.",
    start_url: "/oncall",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#fafafa",
    theme_color: "#2553e0",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
