// A small well-formedness check for the SVG the suite writes (no XML parser among the dependencies):
// balanced tags, one root, quoted attributes, and no raw `<` or stray `&` in text or attribute values.

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAME = '[A-Za-z_][\\w.:-]*';
const ATTRIBUTES = new RegExp(`^(\\s+${NAME}\\s*=\\s*"[^"<]*")*\\s*$`);

/** Throws describing the first problem; returns the root element's name. */
export function assertWellFormed(xml: string): string {
  const stack: string[] = [];
  let root: string | undefined;
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    const text = xml.slice(i, open < 0 ? xml.length : open);
    checkText(text);
    if (open < 0) break;
    if (stack.length === 0 && root !== undefined && text.trim() === '' && xml.slice(open).trim() !== '') throw new Error('content after the root element');
    const close = xml.indexOf('>', open);
    if (close < 0) throw new Error(`unclosed tag at ${open}`);
    const tag = xml.slice(open + 1, close);
    i = close + 1;
    if (tag.startsWith('?') || tag.startsWith('!--')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = new RegExp(`^${NAME}`).exec(body)?.[0];
    if (!name) throw new Error(`bad tag <${tag}>`);
    const attributes = body.slice(name.length);
    if (!ATTRIBUTES.test(attributes)) throw new Error(`bad attributes in <${tag}>`);
    checkText(attributes.replace(/"[^"]*"/g, (v) => v.slice(1, -1)).replace(/\s+[\w.:-]+\s*=/g, ''));
    if (stack.length === 0) {
      if (root !== undefined) throw new Error('two root elements');
      root = name;
    }
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function checkText(text: string): void {
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`stray & in ${JSON.stringify(text.slice(0, 40))}`);
}
