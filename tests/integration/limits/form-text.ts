// What a server action receives for a text field a browser submitted: HTML form submission turns lone CR
// and LF into CRLF; the rest (NUL, lone surrogates as U+FFFD) arrives as typed.
export function formTextFromBrowser(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, "\r\n")
    .replace(/[\uD800-\uDFFF]/g, (char, index: number, whole: string) => {
      const code = char.charCodeAt(0);
      const next = whole.charCodeAt(index + 1);
      const previous = whole.charCodeAt(index - 1);
      if (code < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) return char;
      if (code >= 0xdc00 && previous >= 0xd800 && previous < 0xdc00) return char;
      return "\uFFFD";
    });
}
