//! What the tokenizer hands the tree builder: the allowed tags by name, and the events.

/// The tags kept as markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Name {
    /// The fragment's root (the parser's `html` element), never written.
    Root,
    A,
    Abbr,
    Acronym,
    B,
    Blockquote,
    Br,
    Code,
    Em,
    I,
    Li,
    Ol,
    Strong,
    Ul,
}

impl Name {
    pub(super) fn allowed(name: &str) -> Option<Name> {
        Some(match name {
            "a" => Name::A,
            "abbr" => Name::Abbr,
            "acronym" => Name::Acronym,
            "b" => Name::B,
            "blockquote" => Name::Blockquote,
            "br" => Name::Br,
            "code" => Name::Code,
            "em" => Name::Em,
            "i" => Name::I,
            "li" => Name::Li,
            "ol" => Name::Ol,
            "strong" => Name::Strong,
            "ul" => Name::Ul,
            _ => return None,
        })
    }

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Name::Root => "",
            Name::A => "a",
            Name::Abbr => "abbr",
            Name::Acronym => "acronym",
            Name::B => "b",
            Name::Blockquote => "blockquote",
            Name::Br => "br",
            Name::Code => "code",
            Name::Em => "em",
            Name::I => "i",
            Name::Li => "li",
            Name::Ol => "ol",
            Name::Strong => "strong",
            Name::Ul => "ul",
        }
    }

    /// HTML's "formatting" elements, repaired by the adoption agency algorithm.
    pub(super) fn is_formatting(self) -> bool {
        matches!(
            self,
            Name::A | Name::B | Name::Code | Name::Em | Name::I | Name::Strong
        )
    }

    /// HTML's "special" elements (of these tags).
    pub(super) fn is_special(self) -> bool {
        matches!(
            self,
            Name::Root | Name::Blockquote | Name::Br | Name::Li | Name::Ol | Name::Ul
        )
    }
}

/// A tag's attributes in source order, names lowercased, values as written (character
/// references not decoded), each name once (the first one wins, as in HTML).
pub(super) type Attributes = Vec<(String, String)>;

/// What the tree builder receives.
#[derive(Debug)]
pub(super) enum Event {
    Text(String),
    Start(Name, Attributes),
    End(Name),
}
