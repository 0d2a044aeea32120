/**
 * A campaign script (Markdown) as a tree the console draws with React elements: never as an HTML string.
 *
 * markdown-it parses the campaign's own text with raw HTML off, so `<b>` in the script is text. Placeholders are
 * filled afterwards, inside the parsed text only (core/campaign-script.ts), so a contact's value can be neither
 * HTML nor Markdown. Only a fixed set of elements is drawn; a link keeps its target only when it is http(s), and
 * it is opened by the host like the screen-pop (its allowlist applies), never by the page navigating.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import {
  fillPlaceholders,
  fillUrlTemplate,
  isWebUrl,
  type ScriptContact,
  type ScriptPiece,
} from '../../core/campaign-script';

/** The elements a script may produce. A script's headings start at h4: the view has its h1, the panel its h2 and the script its h3. */
export type ScriptTag =
  | 'p'
  | 'h4'
  | 'h5'
  | 'h6'
  | 'ul'
  | 'ol'
  | 'li'
  | 'blockquote'
  | 'em'
  | 'strong'
  | 's'
  | 'code'
  | 'pre'
  | 'hr'
  | 'br'
  | 'table'
  | 'thead'
  | 'tbody'
  | 'tr'
  | 'th'
  | 'td'
  | 'a';

export type ScriptNode =
  { kind: 'element'; tag: ScriptTag; href?: string; children: ScriptNode[] } | ScriptPiece;

const plainTags = new Set<string>([
  'p',
  'ul',
  'ol',
  'li',
  'blockquote',
  'em',
  'strong',
  's',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

const headingTag = (tag: string): ScriptTag => {
  const level = Math.min(6, Number(tag.slice(1)) + 3);
  return `h${level}` as ScriptTag;
};

// html: false keeps `<tag>` as text; linkify off so only links the script writes are links; no typographer.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/**
 * markdown-it percent-encodes a link target's braces; a placeholder in a link (`[CRM](https://crm/{{externalId}})`)
 * is filled after the braces are restored, its value percent-encoded like the screen-pop's.
 */
function linkTarget(href: string, contact: ScriptContact): string | undefined {
  const template = href.replace(
    /%7B%7B(.*?)%7D%7D/gi,
    (_w, inner: string) => `{{${decodeURIComponent(inner)}}}`,
  );
  const { url } = fillUrlTemplate(template, contact);
  return isWebUrl(url) ? url : undefined;
}

export function scriptTree(script: string, contact: ScriptContact): ScriptNode[] {
  const root: ScriptNode[] = [];
  const stack: ScriptNode[][] = [root];
  const top = () => stack[stack.length - 1]!;
  const open = (node: Extract<ScriptNode, { kind: 'element' }>) => {
    top().push(node);
    stack.push(node.children);
  };
  const text = (t: string) => top().push(...fillPlaceholders(t, contact));

  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'inline') {
        walk(token.children ?? []);
      } else if (token.nesting === 1) {
        if (token.type === 'link_open') {
          const href = linkTarget(String(token.attrGet('href') ?? ''), contact);
          open({ kind: 'element', tag: 'a', ...(href ? { href } : {}), children: [] });
        } else if (token.type === 'heading_open') {
          open({ kind: 'element', tag: headingTag(token.tag), children: [] });
        } else if (plainTags.has(token.tag)) {
          open({ kind: 'element', tag: token.tag as ScriptTag, children: [] });
        } else {
          // Anything else (a plugin's element, were one ever added) keeps its content but not its element.
          stack.push(top());
        }
      } else if (token.nesting === -1) {
        if (stack.length > 1) stack.pop();
      } else if (token.type === 'text' || token.type === 'html_inline' || token.type === 'html_block') {
        text(token.content);
      } else if (token.type === 'code_inline') {
        top().push({ kind: 'element', tag: 'code', children: fillPlaceholders(token.content, contact) });
      } else if (token.type === 'code_block' || token.type === 'fence') {
        top().push({
          kind: 'element',
          tag: 'pre',
          children: [{ kind: 'element', tag: 'code', children: fillPlaceholders(token.content, contact) }],
        });
      } else if (token.type === 'softbreak') {
        top().push({ kind: 'text', text: '\n' });
      } else if (token.type === 'hardbreak') {
        top().push({ kind: 'element', tag: 'br', children: [] });
      } else if (token.type === 'hr') {
        top().push({ kind: 'element', tag: 'hr', children: [] });
      } else if (token.type === 'image') {
        // No remote images in the console (the CSP would refuse them anyway): the alt text stands in.
        text(token.content);
      }
    }
  };
  walk(markdown.parse(script, {}));
  return root;
}
