// An ESLint rule: no text a user reads may be written into a view. It reports literal JSX text, and string
// literals in the attributes a user sees or hears (title, aria-label, placeholder, alt, …), that contain a
// letter. Symbols, digits and keys (`⌫`, `·`, `–`, `*`, `#`) pass; so do the few names in `allow`.
// Such text goes into the catalogs (core/i18n/en, core/i18n/cs) and reaches the view as `t('key')`.
// Written here rather than taken from eslint-plugin-i18next / eslint-plugin-formatjs: ours also looks inside
// `{cond ? 'Mute' : 'Unmute'}` and template literals, and knows our allowlist, in about 80 lines.

const USER_FACING_ATTRIBUTES = new Set([
  'title',
  'alt',
  'placeholder',
  'label',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
]);

const LETTER = /\p{L}/u;

/** An example address in a placeholder (`sip:1001@pbx.example.com`, `https://…`, `host:3128`) is not language. */
const ADDRESS = /^\s*([a-z][a-z0-9+.-]*:\S+|[\w.-]+\.[a-z]{2,}(:\d+)?)\s*$/i;

function hasWords(text, allow) {
  if (ADDRESS.test(text)) return false;
  let rest = text;
  for (const word of allow) rest = rest.split(word).join(' ');
  return LETTER.test(rest);
}

/** The literal text an expression can evaluate to, with the node to report: 'a' ? 'b' : x, `…${x}…`. */
function literalParts(node, out = []) {
  if (!node) return out;
  if (node.type === 'Literal' && typeof node.value === 'string') out.push({ node, text: node.value });
  else if (node.type === 'TemplateLiteral')
    for (const q of node.quasis) out.push({ node: q, text: q.value.cooked ?? q.value.raw });
  else if (node.type === 'ConditionalExpression') {
    literalParts(node.consequent, out);
    literalParts(node.alternate, out);
  } else if (node.type === 'LogicalExpression') {
    literalParts(node.left, out);
    literalParts(node.right, out);
  }
  return out;
}

export const noLiteralUiText = {
  meta: {
    type: 'problem',
    docs: { description: 'User-visible text in views comes from the catalogs (t(key)), never a literal.' },
    schema: [
      {
        type: 'object',
        properties: { allow: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      literal:
        'Text the operator reads must come from the catalogs: add a key to core/i18n/en and core/i18n/cs and use t(…) ("{{text}}").',
    },
  },
  create(context) {
    // Longest first, so `SIP` does not eat the start of a longer allowed name.
    const allow = [...(context.options[0]?.allow ?? [])].sort((a, b) => b.length - a.length);
    const report = (node, text) =>
      context.report({ node, messageId: 'literal', data: { text: text.trim().slice(0, 40) } });
    const check = (expression) => {
      for (const part of literalParts(expression))
        if (hasWords(part.text, allow)) report(part.node, part.text);
    };
    return {
      JSXText(node) {
        if (hasWords(node.value, allow)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        // Children of an element: {'text'}, {cond ? 'A' : 'B'}, {`…`}.
        if (node.parent.type === 'JSXElement' || node.parent.type === 'JSXFragment') check(node.expression);
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXNamespacedName' ? node.name.name.name : node.name.name;
        if (!USER_FACING_ATTRIBUTES.has(name) || !node.value) return;
        if (node.value.type === 'Literal') check(node.value);
        else if (node.value.type === 'JSXExpressionContainer') check(node.value.expression);
      },
    };
  },
};
