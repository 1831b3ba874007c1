// Text quoted inside a finding's message: bounded in length and with control characters made
// visible, so a 10 MB line or a line full of escape codes cannot flood an editor or a terminal.

export function quoteForMessage(text: string, max = 60): string {
  const cut = text.length > max ? text.slice(0, max) + '…' : text;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\t' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
