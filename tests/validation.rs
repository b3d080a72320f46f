//! Validation of the models (`clustaar_webhook::schemas::Validate`, `from_json`): every rule of
//! the platform's schemas, at its boundary and one step past it, with the path of the
//! violation; every violation reported, in document order; every document the platform
//! accepts (`tests/conformance/schemas/*/valid-*.json`) valid.

use clustaar_webhook::schemas::*;
use serde_json::{Value, json};

use crate::common::schemas::{Model, ModelVisitor, read_json_file, valid_documents, with_model};

/// The paths of the violations of `doc` read as the model of `schema` (none when it is valid),
/// or why it could not be read.
fn violations(schema: &str, doc: &Value) -> Result<Vec<String>, String> {
    struct Check<'a>(&'a Value);

    impl ModelVisitor for Check<'_> {
        type Output = Result<Vec<String>, String>;

        fn visit<T: Model>(self) -> Self::Output {
            let model: T = serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())?;
            Ok(match model.validate() {
                Ok(()) => Vec::new(),
                Err(errors) => errors.iter().map(|e| e.path().to_owned()).collect(),
            })
        }
    }

    with_model(schema, Check(doc)).unwrap_or_else(|| panic!("no model for {schema}"))
}

#[test]
fn every_document_the_platform_accepts_is_valid() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (schema, documents) in valid_documents() {
        for document in documents {
            let doc = read_json_file(&document);
            count += 1;
            match violations(&schema, &doc) {
                Ok(paths) if paths.is_empty() => {}
                outcome => failures.push(format!("{}: {outcome:?}", document.display())),
            }
        }
    }
    assert!(count > 500, "only {count} documents");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
