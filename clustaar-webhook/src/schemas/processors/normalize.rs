//! `unicode_normalize`: the NFKC form (`ｈｅｌｌｏ` → `hello`, `ﬁ` → `fi`, `x²` → `x2`).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The NFKC form of `text`; `text` itself, not a copy, when it is already in that form.
pub(crate) fn unicode_normalize(text: String) -> String {
    // ASCII is always NFKC; the quick check answers `Maybe` for a few characters only, which
    // then take the full normalization (whose result may well be the same text).
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return text;
    }
    text.nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::unicode_normalize;

    #[test]
    fn normalizes_compatibility_forms() {
        assert_eq!(unicode_normalize("ｈｅｌｌｏ".into()), "hello");
        assert_eq!(unicode_normalize("①²…".into()), "12...");
        assert_eq!(unicode_normalize("\u{a0}x\u{3000}".into()), " x ");
        assert_eq!(unicode_normalize("㍿".into()), "株式会社");
    }

    #[test]
    fn normalized_text_is_not_copied() {
        for text in ["plain ascii", "déjà vu", "株式会社"] {
            let text = String::from(text);
            let buffer = text.as_ptr();
            let normalized = unicode_normalize(text);
            assert_eq!(normalized.as_ptr(), buffer);
        }
    }
}
