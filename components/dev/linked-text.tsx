// http(s) only, so no text can turn into a javascript: link; closing punctuation stays outside.
const WEB_ADDRESS = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?')\]])/;

/** Plain text with its web addresses as links. Everything is rendered as React text, never as markup. */
export function LinkedText({ text }: { text: string }) {
  // split() with a capturing pattern puts the matches at the odd indexes.
  return text.split(WEB_ADDRESS).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className="break-all font-medium text-link underline hover:text-link-hover">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
