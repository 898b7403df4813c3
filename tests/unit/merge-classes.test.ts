import fs from "node:fs";
import path from "node:path";
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { buttonClasses } from "@/components/ui/button";
import { mergeClasses } from "@/components/ui/merge-classes";

const root = path.resolve(__dirname, "../..");
const VARIANTS = ["primary", "secondary", "ghost", "danger", "danger-outline"] as const;
const SIZES = ["sm", "md", "lg"] as const;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith(".tsx") ? [file] : [];
  });
}

// The attributes of every <Button …> and <SubmitButton …> element: from the tag to the `>` outside braces and quotes.
function buttonElements(source: string): string[] {
  const elements: string[] = [];
  for (const match of source.matchAll(/<(Button|SubmitButton)\b/g)) {
    let depth = 0;
    let quote = "";
    let end = match.index + match[0].length;
    for (; end < source.length; end++) {
      const char = source[end];
      if (quote) {
        if (char === quote) quote = "";
      } else if (char === '"' || char === "'" || char === "`") quote = char;
      else if (char === "{") depth++;
      else if (char === "}") depth--;
      else if (char === ">" && depth === 0) break;
    }
    elements.push(source.slice(match.index, end));
  }
  return elements;
}

// Every string literal a Button's className is built from, and the constants the code passes by name.
function classNamesGivenToButtons(): string[] {
  const found = new Set<string>();
  for (const file of [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "components"))]) {
    const source = fs.readFileSync(file, "utf8");
    for (const element of buttonElements(source)) {
      const literal = /className="([^"]*)"/.exec(element);
      if (literal) found.add(literal[1]);
      const expression = /className=\{([\s\S]*?)\}\s*(\w[\w-]*=|\/?$|\{\.\.\.)/.exec(element);
      if (expression) for (const part of expression[1].matchAll(/"([^"]*)"/g)) found.add(part[1]);
      for (const name of expression?.[1].match(/\b[A-Z][A-Z_]+\b/g) ?? []) {
        const constant = new RegExp(`const ${name} = "([^"]*)"`).exec(source);
        if (constant) found.add(constant[1]);
      }
    }
  }
  return [...found];
}

describe("mergeClasses", () => {
  const givenToButtons = classNamesGivenToButtons();

  it("finds the classNames the code gives its buttons", () => {
    expect(givenToButtons.length).toBeGreaterThan(15);
    expect(givenToButtons).toContain("w-8 px-0");
    expect(givenToButtons).toContain("h-14 w-full rounded-xl text-base font-semibold");
  });

  it("answers as tailwind-merge does for every button variant, size and className in the code", () => {
    for (const variant of VARIANTS) {
      for (const size of SIZES) {
        const base = buttonClasses(variant, size);
        expect(base).toBe(twMerge(base));
        for (const className of givenToButtons) {
          expect(mergeClasses(base, className), `${variant} ${size} + "${className}"`).toBe(twMerge(base, className));
        }
      }
    }
  });

  it.each([
    ["h-10 px-4 text-sm", "h-12 px-0 text-base", "h-12 px-0 text-base"],
    ["text-sm text-white", "text-zinc-500", "text-sm text-zinc-500"],
    ["px-3 py-2", "p-1", "p-1"],
    ["p-1", "px-3", "p-1 px-3"],
    ["w-8 h-8", "size-10", "size-10"],
    ["hover:bg-red-50 dark:hover:bg-red-900", "hover:dark:bg-blue-900", "hover:bg-red-50 hover:dark:bg-blue-900"],
    ["rounded-md", "rounded-t-none rounded-xl", "rounded-xl"],
    ["border border-zinc-300", "border-2 border-dashed", "border-zinc-300 border-2 border-dashed"],
    ["leading-tight", "text-lg", "text-lg"],
    ["font-medium font-mono", "font-bold", "font-mono font-bold"],
    ["shadow-sm shadow-red-500", "shadow-none", "shadow-red-500 shadow-none"],
    ["inline-flex", "hidden sm:inline-flex", "hidden sm:inline-flex"],
    ["custom-class mt-1", "custom-class mt-2", "custom-class custom-class mt-2"],
    ["disabled:opacity-70", "disabled:opacity-30 opacity-50", "disabled:opacity-30 opacity-50"],
  ])("%s + %s → %s, as tailwind-merge answers", (base, extra, expected) => {
    expect(mergeClasses(base, extra)).toBe(expected);
    expect(twMerge(base, extra)).toBe(expected);
  });

  it("drops false and empty values", () => {
    expect(mergeClasses("h-10", false, undefined, null, "", "  h-12  ")).toBe("h-12");
  });
});
