import type { ReactNode } from "react";

// A small Markdown subset rendered to React elements, never to HTML strings: whatever a user types stays text.
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

function inline(text: string, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+)/g;
  let last = 0;
  let i = 0;
  for (const match of text.matchAll(pattern)) {
    const [token] = match;
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const key = `${keyPrefix}-${i++}`;
    if (token.startsWith("`")) {
      out.push(
        <code key={key} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-zinc-800">
          {token.slice(1, -1)}
        </code>,
      );
    } else if (token.startsWith("**")) {
      out.push(<strong key={key}>{token.slice(2, -2)}</strong>);
    } else if (token.startsWith("*")) {
      out.push(<em key={key}>{token.slice(1, -1)}</em>);
    } else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      const href = link ? link[2] : token;
      const label = link ? link[1] : token;
      out.push(
        SAFE_URL.test(href) ? (
          <a
            key={key}
            href={href}
            rel="noopener noreferrer nofollow"
            target="_blank"
            className="text-brand-700 underline break-all dark:text-brand-300"
          >
            {label}
          </a>
        ) : (
          token
        ),
      );
    }
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

type Block =
  | { kind: "p"; lines: string[] }
  | { kind: "code"; lines: string[] }
  | { kind: "ul" | "ol"; items: string[] }
  | { kind: "h"; level: number; text: string }
  | { kind: "quote"; lines: string[] };

function blocks(source: string): Block[] {
  const out: Block[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("```")) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
      out.push({ kind: "code", lines: code });
      continue;
    }
    if (!line.trim()) continue;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      out.push({ kind: "h", level: heading[1].length, text: heading[2] });
      continue;
    }
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    const prev = out[out.length - 1];
    if (bullet || numbered) {
      const kind = bullet ? "ul" : "ol";
      const text = (bullet ?? numbered)?.[1] ?? "";
      if (prev?.kind === kind) prev.items.push(text);
      else out.push({ kind, items: [text] });
    } else if (quote) {
      if (prev?.kind === "quote") prev.lines.push(quote[1]);
      else out.push({ kind: "quote", lines: [quote[1]] });
    } else if (prev?.kind === "p" && lines[i - 1]?.trim()) {
      prev.lines.push(line);
    } else {
      out.push({ kind: "p", lines: [line] });
    }
  }
  return out;
}

function withBreaks(lines: string[], key: string) {
  return lines.flatMap((line, i) => [...(i ? [<br key={`${key}-br-${i}`} />] : []), ...inline(line, `${key}-${i}`)]);
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return (
    <div className={`space-y-2 text-sm leading-relaxed break-words ${className ?? ""}`}>
      {blocks(source).map((block, b) => {
        const key = `b${b}`;
        switch (block.kind) {
          case "code":
            return (
              <pre key={key} className="overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-xs text-zinc-100">
                {block.lines.join("\n")}
              </pre>
            );
          case "h":
            return (
              <p key={key} className={block.level === 1 ? "text-base font-semibold" : "font-semibold"}>
                {inline(block.text, key)}
              </p>
            );
          case "ul":
          case "ol": {
            const List = block.kind;
            return (
              <List key={key} className={`${block.kind === "ul" ? "list-disc" : "list-decimal"} space-y-0.5 pl-5`}>
                {block.items.map((item, i) => (
                  <li key={i}>{inline(item, `${key}-${i}`)}</li>
                ))}
              </List>
            );
          }
          case "quote":
            return (
              <blockquote
                key={key}
                className="border-l-2 border-zinc-300 pl-3 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
              >
                {withBreaks(block.lines, key)}
              </blockquote>
            );
          default:
            return <p key={key}>{withBreaks(block.lines, key)}</p>;
        }
      })}
    </div>
  );
}
