//! What each HTML element is to the flattener: shown or not, a block
//! (it ends a line and starts another) or inline, void (no end tag).

/// Elements whose text is never shown.
pub(super) const UNSEEN: &[&str] = &[
    "head", "style", "script", "title", "noscript", "template", "svg", "object", "iframe",
];

/// Elements that end one line and start another.
pub(super) const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "center",
    "hr",
    "br",
    "body",
    "main",
    "aside",
    "figure",
    "figcaption",
    "address",
    "nav",
];

/// Elements without an end tag: never on the stack.
pub(super) const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source", "embed", "track", "param",
];
