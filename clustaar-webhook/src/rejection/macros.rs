//! The table macro that declares [`Rejection`](super::Rejection): one entry per variant.

/// Declares the rejection enum from a table, one entry per variant, and generates from it
/// everything that needs a variant's status or texts, so that each text is written once.
///
/// An entry is the variant (its docs, and its fields if it has any) followed by what it answers
/// with. The description is either fixed, or formatted from the fields (`display`, in `write!`
/// syntax), or absent (the body then has no `description`, and `Display` writes the title):
///
/// ```text
/// /// Docs of the variant.
/// Fixed => { status: BAD_REQUEST, title: "400 Bad Request", description: "Fixed text." },
/// /// Docs of the variant.
/// Formatted { field: String } => {
///     status: BAD_REQUEST,
///     title: "400 Bad Request",
///     display: ("Formatted from {field}."),
/// },
/// /// Docs of the variant.
/// TitleOnly => { status: NOT_FOUND, title: "404 Not Found" },
/// ```
///
/// Generated: the enum; `status()`, `title()` and `description()`; `Display` (the description,
/// or the title when there is none) and `std::error::Error`; `static_body()`, the JSON body of
/// every variant whose description is fixed or absent, rendered at compile time by
/// [`super::json`]; and, for the tests, `all()`, every variant (fields at their default values).
///
/// `Display` is generated rather than derived with `thiserror`: a fixed text has to reach a
/// `const` (the pre-rendered body) as well as `Display`, and a `macro_rules!` cannot pick, per
/// variant, which of three forms an `#[error(...)]` attribute takes without a token muncher.
/// Generating the `match` is shorter than that, and reads the same texts.
macro_rules! rejections {
    (
        $(#[$meta:meta])*
        pub enum $enum:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident $({
                    $($(#[$field_meta:meta])* $field:ident: $field_ty:ty),* $(,)?
                })? => {
                    status: $status:ident,
                    title: $title:literal
                    $(, description: $description:expr)?
                    $(, display: ($($display:tt)+))?
                    $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $enum {
            $(
                $(#[$variant_meta])*
                $variant $({ $($(#[$field_meta])* $field: $field_ty),* })?,
            )*
        }

        impl $enum {
            /// The HTTP status code of the answer.
            ///
            /// ```
            /// use clustaar_webhook::rejection::Rejection;
            /// assert_eq!(Rejection::InvalidCredentials.status(), 403);
            /// assert_eq!(Rejection::PayloadTooLarge.status(), 413);
            /// ```
            pub fn status(&self) -> ::axum::http::StatusCode {
                match self {
                    $(Self::$variant { .. } => ::axum::http::StatusCode::$status,)*
                }
            }

            /// The variant's name (`"SignatureInvalid"`, `"HandlerTimeout"`…): a short, fixed
            /// label for metrics and logs, unlike the description, which may carry request data.
            ///
            /// ```
            /// use clustaar_webhook::rejection::Rejection;
            /// assert_eq!(Rejection::InvalidCredentials.name(), "InvalidCredentials");
            /// ```
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => stringify!($variant),)*
                }
            }

            /// The `title` of the JSON body.
            ///
            /// ```
            /// use clustaar_webhook::rejection::Rejection;
            /// assert_eq!(Rejection::SignatureInvalid.title(), "Invalid header value");
            /// ```
            pub fn title(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $title,)*
                }
            }

            /// The `description` of the JSON body, if it has one.
            ///
            /// ```
            /// use clustaar_webhook::rejection::Rejection;
            /// assert_eq!(
            ///     Rejection::SignatureMissing.description().as_deref(),
            ///     Some("The value provided for the \"X-Hub-Signature\" header is invalid. The request's signature is missing."),
            /// );
            /// assert_eq!(Rejection::NotFound.description(), None);
            /// ```
            pub fn description(&self) -> Option<::std::borrow::Cow<'static, str>> {
                match self {
                    $(Self::$variant { .. } => $crate::rejection::macros::rejections!(
                        @description self $($description)? $(; $($display)+)?
                    ),)*
                }
            }

            /// The JSON body of a variant whose texts are fixed, rendered at compile time.
            fn static_body(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant { .. } => $crate::rejection::macros::rejections!(
                        @body $title $(, $description)? $(; $($display)+)?
                    ),)*
                }
            }

            /// Every variant, its fields (if any) at their default values.
            #[cfg(test)]
            pub(crate) fn all() -> Vec<Self> {
                vec![$(Self::$variant $({ $($field: Default::default()),* })?,)*]
            }
        }

        impl ::std::fmt::Display for $enum {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(
                        #[allow(unused_variables)]
                        Self::$variant { $($($field),*)? } => $crate::rejection::macros::rejections!(
                            @display f $title $(, $description)? $(; $($display)+)?
                        ),
                    )*
                }
            }
        }

        impl ::std::error::Error for $enum {}
    };

    // One variant's description: fixed, formatted by `Display`, or none.
    (@description $this:ident ; $($display:tt)+) => {
        Some(::std::borrow::Cow::Owned($this.to_string()))
    };
    (@description $this:ident) => {
        None
    };
    (@description $this:ident $description:expr) => {
        Some(::std::borrow::Cow::Borrowed($description))
    };

    // One variant's pre-rendered body: none when its description is formatted.
    (@body $title:literal ; $($display:tt)+) => {
        None
    };
    (@body $title:literal $(, $description:expr)?) => {{
        const DESCRIPTION: Option<&str> = $crate::rejection::macros::rejections!(
            @option $($description)?
        );
        const BYTES: [u8; $crate::rejection::json::body_len($title, DESCRIPTION)] =
            $crate::rejection::json::body($title, DESCRIPTION);
        const BODY: &str = $crate::rejection::json::as_str(&BYTES);
        Some(BODY)
    }};
    (@option) => {
        None
    };
    (@option $description:expr) => {
        Some($description)
    };

    // One variant's `Display`.
    (@display $f:ident $title:literal ; $($display:tt)+) => {
        write!($f, $($display)+)
    };
    (@display $f:ident $title:literal) => {
        $f.write_str($title)
    };
    (@display $f:ident $title:literal, $description:expr) => {
        $f.write_str($description)
    };
}
pub(crate) use rejections;
