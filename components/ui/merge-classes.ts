// A small tailwind-merge for the classes our buttons are given: a later class replaces an earlier one of the same kind
// (h-12 replaces h-10, text-base replaces text-sm but not text-white). tailwind-merge itself is 8.5 KB gzipped in every
// page that renders a Button on the client; tests/unit/merge-classes.test.ts holds this to tailwind-merge's answers
// for every className the code gives a Button.

const TEXT_SIZE = /^(xs|sm|base|lg|[2-9]?xl)$/;
const FONT_WEIGHT = /^(thin|extralight|light|normal|medium|semibold|bold|extrabold|black)$/;
const SHADOW_SIZE = /^(2xs|xs|sm|md|lg|xl|2xl|none|inner)$/;
const BORDER_STYLE = /^(solid|dashed|dotted|double|hidden|none)$/;
const ROUNDED_SIDE = /^(t|r|b|l|s|e)(-|$)/;
const BORDER_SIDE = /^(t|r|b|l|s|e|x|y)(-\d+)?$/;
// Longest first, so min-w- is not read as m-.
const PREFIXES = [
  "gap-x",
  "gap-y",
  "min-w",
  "min-h",
  "max-w",
  "max-h",
  "col-span",
  "row-span",
  "inset-x",
  "inset-y",
  "space-x",
  "space-y",
  "overflow-x",
  "overflow-y",
  "line-clamp",
  "whitespace",
  "tracking",
  "leading",
  "opacity",
  "justify",
  "cursor",
  "items",
  "basis",
  "inset",
  "order",
  "shrink",
  "grow",
  "self",
  "size",
  "gap",
  "top",
  "left",
  "right",
  "bottom",
  "overflow",
  "px",
  "py",
  "pt",
  "pr",
  "pb",
  "pl",
  "ps",
  "pe",
  "mx",
  "my",
  "mt",
  "mr",
  "mb",
  "ml",
  "ms",
  "me",
  "p",
  "m",
  "w",
  "h",
  "z",
];
const PREFIX = new RegExp(`^-?(${PREFIXES.join("|")})-.+$`);
const KEYWORDS: Record<string, string> = {
  block: "display",
  "inline-block": "display",
  inline: "display",
  flex: "display",
  "inline-flex": "display",
  grid: "display",
  "inline-grid": "display",
  hidden: "display",
  contents: "display",
  static: "position",
  fixed: "position",
  absolute: "position",
  relative: "position",
  sticky: "position",
  underline: "text-decoration",
  overline: "text-decoration",
  "line-through": "text-decoration",
  "no-underline": "text-decoration",
  uppercase: "text-transform",
  lowercase: "text-transform",
  capitalize: "text-transform",
  "normal-case": "text-transform",
  truncate: "text-overflow",
  shrink: "shrink",
  grow: "grow",
  border: "border-w",
  shadow: "shadow",
  transition: "transition",
  rounded: "rounded",
};
const CONFLICTS: Record<string, string[]> = {
  size: ["w", "h"],
  p: ["px", "py", "pt", "pr", "pb", "pl", "ps", "pe"],
  px: ["pr", "pl"],
  py: ["pt", "pb"],
  m: ["mx", "my", "mt", "mr", "mb", "ml", "ms", "me"],
  mx: ["mr", "ml"],
  my: ["mt", "mb"],
  gap: ["gap-x", "gap-y"],
  inset: ["inset-x", "inset-y", "top", "right", "bottom", "left"],
  overflow: ["overflow-x", "overflow-y"],
  "text-size": ["leading"],
  rounded: ["rounded-t", "rounded-r", "rounded-b", "rounded-l", "rounded-s", "rounded-e"],
  "border-w": ["border-w-t", "border-w-r", "border-w-b", "border-w-l", "border-w-s", "border-w-e", "border-w-x"],
};

// The kind of utility a class is, or null for a class this does not know (kept as it is, as tailwind-merge keeps it).
function groupOf(utility: string): string | null {
  if (KEYWORDS[utility]) return KEYWORDS[utility];
  const prefixed = PREFIX.exec(utility);
  if (prefixed) return prefixed[1];
  const [head, ...tail] = utility.split("-");
  const rest = tail.join("-");
  switch (head) {
    case "text":
      if (TEXT_SIZE.test(rest)) return "text-size";
      if (/^(left|center|right|justify|start|end)$/.test(rest)) return "text-align";
      if (/^(wrap|nowrap|balance|pretty)$/.test(rest)) return "text-wrap";
      if (/^(ellipsis|clip)$/.test(rest)) return "text-overflow";
      return "text-color";
    case "font":
      return FONT_WEIGHT.test(rest) ? "font-weight" : "font-family";
    case "bg":
      return "bg-color";
    case "shadow":
      return SHADOW_SIZE.test(rest) ? "shadow" : "shadow-color";
    case "transition":
      return "transition";
    case "rounded": {
      const side = ROUNDED_SIDE.exec(rest);
      return side ? `rounded-${side[1]}` : "rounded";
    }
    case "border": {
      if (/^\d+$/.test(rest)) return "border-w";
      const side = BORDER_SIDE.exec(rest);
      if (side) return `border-w-${side[1]}`;
      return BORDER_STYLE.test(rest) ? "border-style" : "border-color";
    }
    default:
      return null;
  }
}

export function mergeClasses(...values: (string | false | null | undefined)[]): string {
  const classes = values.filter(Boolean).join(" ").split(/\s+/).filter(Boolean);
  const taken = new Set<string>();
  const kept: string[] = [];
  for (let i = classes.length - 1; i >= 0; i--) {
    const name = classes[i];
    const parts = name.split(":");
    let utility = parts.pop() as string;
    const isImportant = utility.startsWith("!") || utility.endsWith("!");
    utility = utility.replace(/^!|!$/g, "");
    const group = groupOf(utility);
    if (group === null) {
      kept.push(name);
      continue;
    }
    const scope = `${parts.sort().join(":")}${isImportant ? "!" : ""}:`;
    if (taken.has(scope + group)) continue;
    taken.add(scope + group);
    for (const conflict of CONFLICTS[group] ?? []) taken.add(scope + conflict);
    kept.push(name);
  }
  return kept.reverse().join(" ");
}
