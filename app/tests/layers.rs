//! The layers depend one way: pages and components → `api` (the adapter)
//! → services in `server` → `domain`. A service that reached back up to the
//! wire could not run without a request, and every test of it would need
//! HTTP; this fails on the first import that tries.

use std::path::Path;

/// What a service may not name: the layers above it, and the request
/// context those read.
const WIRE: &[&str] = &[
    "crate::api",
    "crate::components",
    "crate::pages",
    "use_context",
    "expect_context",
    "provide_context",
    "leptos_axum",
    "ResponseOptions",
    "http::request::Parts",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every line of the Rust files under `src/<layer>` that names one of `names`.
fn lines_naming(layer: &str, names: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(layer),
        &mut files,
    );
    assert!(!files.is_empty(), "src/{layer} was found");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            if let Some(name) = names.iter().find(|w| line.contains(*w)) {
                found.push(format!("{}:{}: {name}", file.display(), n + 1));
            }
        }
    }
    found
}

#[test]
fn services_use_nothing_of_the_wire_or_the_layers_above_them() {
    let found = lines_naming("server", WIRE);
    assert!(
        found.is_empty(),
        "services reaching up to the wire:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_domain_uses_nothing_but_itself_and_the_translations() {
    let found = lines_naming(
        "domain",
        &[
            "crate::api",
            "crate::server",
            "crate::components",
            "crate::pages",
            "sea_orm",
            "tokio",
        ],
    );
    assert!(
        found.is_empty(),
        "the domain reaching out of its layer:\n{}",
        found.join("\n")
    );
}
