//! An answer as a store keeps it: status, content type and body, and its byte encoding for
//! stores that hold bytes.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::StoreError;

/// The answer sent to the first copy of a delivery, sent again to the next ones.
///
/// It keeps the status, the `Content-Type` and the body's bytes: what the platform reads.
/// Other headers a handler sets are not kept.
///
/// ```
/// use axum::body::Bytes;
/// use axum::http::{HeaderValue, StatusCode};
/// use clustaar_webhook::replay_store::StoredAnswer;
///
/// let answer = StoredAnswer::new(
///     StatusCode::OK,
///     Some(HeaderValue::from_static("application/json")),
///     Bytes::from_static(br#"{"actions": []}"#),
/// );
/// let bytes = answer.to_bytes();
/// assert_eq!(StoredAnswer::from_bytes(&bytes).unwrap(), answer);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    status: StatusCode,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

impl StoredAnswer {
    /// An answer with this status, content type and body.
    ///
    /// ```
    /// use axum::body::Bytes;
    /// use axum::http::StatusCode;
    /// use clustaar_webhook::replay_store::StoredAnswer;
    ///
    /// let answer = StoredAnswer::new(StatusCode::NO_CONTENT, None, Bytes::new());
    /// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    /// ```
    pub fn new(status: StatusCode, content_type: Option<HeaderValue>, body: Bytes) -> Self {
        Self {
            status,
            content_type,
            body,
        }
    }

    /// The answer's status.
    ///
    /// ```
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// assert_eq!(StoredAnswer::new(StatusCode::OK, None, Bytes::new()).status(), 200);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's `Content-Type`, if it had one.
    ///
    /// ```
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// assert!(StoredAnswer::new(StatusCode::OK, None, Bytes::new()).content_type().is_none());
    /// ```
    pub fn content_type(&self) -> Option<&HeaderValue> {
        self.content_type.as_ref()
    }

    /// The answer's body.
    ///
    /// ```
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// let answer = StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(b"{}"));
    /// assert_eq!(answer.body(), &b"{}"[..]);
    /// ```
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// How many bytes the answer holds (its body and content type), to weigh it in a store.
    ///
    /// ```
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// let answer = StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(b"{}"));
    /// assert_eq!(answer.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.body.len() + self.content_type.as_ref().map_or(0, HeaderValue::len)
    }

    /// Whether the answer holds no bytes (an empty body and no content type).
    ///
    /// ```
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// assert!(StoredAnswer::new(StatusCode::NO_CONTENT, None, Bytes::new()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The answer as bytes: the status (two bytes, big-endian), the content type's length
    /// (two bytes; `0xFFFF` for none) and bytes, then the body.
    ///
    /// ```
    /// # use axum::{body::Bytes, http::StatusCode};
    /// # use clustaar_webhook::replay_store::StoredAnswer;
    /// let answer = StoredAnswer::new(StatusCode::OK, None, Bytes::from_static(b"{}"));
    /// assert_eq!(answer.to_bytes(), [0, 200, 0xFF, 0xFF, b'{', b'}']);
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4 + self.len());
        bytes.extend_from_slice(&self.status.as_u16().to_be_bytes());
        match &self.content_type {
            // A header value is far shorter than 64 KiB: hyper refuses longer header lines.
            Some(value) => {
                let len = u16::try_from(value.len()).unwrap_or(NO_CONTENT_TYPE - 1);
                bytes.extend_from_slice(&len.to_be_bytes());
                bytes.extend_from_slice(&value.as_bytes()[..usize::from(len)]);
            }
            None => bytes.extend_from_slice(&NO_CONTENT_TYPE.to_be_bytes()),
        }
        bytes.extend_from_slice(&self.body);
        bytes
    }

    /// Reads bytes written by [`to_bytes`](Self::to_bytes).
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] when the bytes are not an answer's.
    ///
    /// ```
    /// use clustaar_webhook::replay_store::{StoreError, StoredAnswer};
    /// assert!(matches!(StoredAnswer::from_bytes(b"?"), Err(StoreError::Corrupt)));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, StoreError> {
        let (status, rest) = bytes.split_at_checked(2).ok_or(StoreError::Corrupt)?;
        let status = StatusCode::from_u16(u16::from_be_bytes([status[0], status[1]]))
            .map_err(|_| StoreError::Corrupt)?;
        let (len, rest) = rest.split_at_checked(2).ok_or(StoreError::Corrupt)?;
        let (content_type, body) = match u16::from_be_bytes([len[0], len[1]]) {
            NO_CONTENT_TYPE => (None, rest),
            len => {
                let (value, body) = rest
                    .split_at_checked(usize::from(len))
                    .ok_or(StoreError::Corrupt)?;
                let value = HeaderValue::from_bytes(value).map_err(|_| StoreError::Corrupt)?;
                (Some(value), body)
            }
        };
        Ok(Self::new(
            status,
            content_type,
            Bytes::copy_from_slice(body),
        ))
    }

    /// The answer as a response, its body shared with the store's copy.
    pub(crate) fn to_response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        if let Some(content_type) = &self.content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type.clone());
        }
        response
    }
}

/// The length written for an answer without a content type.
const NO_CONTENT_TYPE: u16 = u16::MAX;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_type_too_long_for_its_length_field_is_cut_not_lost() {
        // A handler may build any header value; the length field holds 65,534 at most
        // (65,535 means "none").
        let long = HeaderValue::from_bytes(&[b'a'; 70_000]).unwrap();
        let answer = StoredAnswer::new(StatusCode::OK, Some(long), Bytes::from_static(b"{}"));
        let read = StoredAnswer::from_bytes(&answer.to_bytes()).unwrap();
        assert_eq!(read.content_type().map(HeaderValue::len), Some(65_534));
        assert_eq!(read.body(), &b"{}"[..]);
    }

    #[test]
    fn answers_as_a_response_with_its_status_and_content_type() {
        let answer = StoredAnswer::new(
            StatusCode::ACCEPTED,
            Some(HeaderValue::from_static("application/json")),
            Bytes::from_static(b"{}"),
        );
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
        assert_eq!(answer.len(), "application/json".len() + 2);
        assert!(!answer.is_empty());
        let response = answer.to_response();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert!(StoredAnswer::new(StatusCode::NO_CONTENT, None, Bytes::new()).is_empty());
    }

    #[test]
    fn every_shape_reads_back() {
        for content_type in [None, Some(HeaderValue::from_static("application/json"))] {
            for body in [&b""[..], b"{}", &[0xFF; 300]] {
                let answer = StoredAnswer::new(
                    StatusCode::ACCEPTED,
                    content_type.clone(),
                    Bytes::copy_from_slice(body),
                );
                assert_eq!(
                    StoredAnswer::from_bytes(&answer.to_bytes()).unwrap(),
                    answer
                );
            }
        }
    }

    #[test]
    fn truncated_or_foreign_bytes_are_corrupt() {
        let answer = StoredAnswer::new(
            StatusCode::OK,
            Some(HeaderValue::from_static("application/json")),
            Bytes::from_static(b"{}"),
        )
        .to_bytes();
        for bytes in [
            &answer[..1],
            &answer[..3],
            &answer[..6],
            b"\x00\x01\xFF\xFF",
            b"P",
        ] {
            assert!(
                matches!(StoredAnswer::from_bytes(bytes), Err(StoreError::Corrupt)),
                "{bytes:?}"
            );
        }
    }
}
