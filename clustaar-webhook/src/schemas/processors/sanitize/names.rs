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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tag but the root, which no text names.
    const TAGS: [Name; 13] = [
        Name::A,
        Name::Abbr,
        Name::Acronym,
        Name::B,
        Name::Blockquote,
        Name::Br,
        Name::Code,
        Name::Em,
        Name::I,
        Name::Li,
        Name::Ol,
        Name::Strong,
        Name::Ul,
    ];

    #[test]
    fn each_allowed_tag_is_read_from_its_name_and_nothing_else_is() {
        for name in TAGS {
            assert_eq!(Name::allowed(name.as_str()), Some(name));
        }
        for other in ["", "html", "script", "p", "span", "img", "STRONG", "a "] {
            assert_eq!(Name::allowed(other), None, "{other:?}");
        }
    }

    #[test]
    fn formatting_and_special_tags_are_those_of_the_html_standard() {
        // The standard's lists (tree construction, "the stack of open elements"), HTML
        // namespace; the root is its `html` element.
        const FORMATTING: &str = "a b big code em font i nobr s small strike strong tt u";
        const SPECIAL: &str = "address applet area article aside base basefont bgsound \
            blockquote body br button caption center col colgroup dd details dir div dl dt \
            embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head \
            header hgroup hr html iframe img input keygen li link listing main marquee menu \
            meta nav noembed noframes noscript object ol p param plaintext pre script search \
            section select source style summary table tbody td template textarea tfoot th \
            thead title tr track ul wbr xmp";
        let listed = |list: &str, tag: &str| list.split_whitespace().any(|name| name == tag);
        for name in TAGS {
            let tag = name.as_str();
            assert_eq!(name.is_formatting(), listed(FORMATTING, tag), "{tag}");
            assert_eq!(name.is_special(), listed(SPECIAL, tag), "{tag}");
        }
        assert!(Name::Root.is_special() && !Name::Root.is_formatting());
    }
}
