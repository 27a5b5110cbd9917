//! The layers depend one way: pages and components → `api` (the adapter)
//! → services in `server` → `domain`. A service that reached back up to the
//! wire could not run without a request, and every test of it would need
//! HTTP; a page that reached past the adapter would take its own shortcut
//! to the database. And no two files use each other: a cycle is two files
//! that can only be understood, and changed, together.

use std::path::Path;

#[path = "support/modules.rs"]
mod modules;
#[path = "support/rust_source.rs"]
mod rust_source;
#[path = "support/tarjan.rs"]
mod tarjan;

use modules::Crate;
use rust_source::strip_comments;

/// What a service may not name: the layers above it, and the request
/// context those read.
const WIRE: &[&str] = &[
    "crate::api",
    "crate::components",
    "crate::pages",
    "crate::app",
    "use_context",
    "expect_context",
    "provide_context",
    "leptos_axum",
    "ResponseOptions",
    "http::request::Parts",
];

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

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

/// The text of `file` without comments and without the attributes that
/// only the server build reads (`cfg_attr(feature = "ssr", …)`: a domain
/// type's database mapping is metadata, not a dependency of its rules).
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("readable source");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg_attr(") {
        out.push_str(&rest[..at]);
        let inner = &rest[at + "#[cfg_attr(".len()..];
        let mut depth = 1;
        let end = inner
            .char_indices()
            .find(|(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(inner.len(), |(i, _)| i);
        let attribute = &inner[..end];
        if !attribute.trim_start().starts_with("feature = \"ssr\"") {
            out.push_str(&rest[at..at + "#[cfg_attr(".len() + end]);
        }
        rest = &inner[end..];
    }
    out.push_str(rest);
    strip_comments(&out)
}

/// Every line of the Rust files under `src/<layer>` (or the file
/// `src/<layer>.rs`) that names one of `names`.
fn lines_naming(layer: &str, names: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    let dir = src().join(layer);
    if dir.is_dir() {
        rust_files(&dir, &mut files);
    }
    let file = src().join(format!("{layer}.rs"));
    if file.is_file() {
        files.push(file);
    }
    assert!(!files.is_empty(), "src/{layer} was found");
    let mut found = Vec::new();
    for file in &files {
        for (n, line) in code_of(file).lines().enumerate() {
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
    let outside = [
        "crate::api",
        "crate::server",
        "crate::components",
        "crate::pages",
        "crate::app",
        "sea_orm",
        "tokio",
    ];
    let found = lines_naming("domain", &outside);
    assert!(
        found.is_empty(),
        "the domain reaching out of its layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn pages_and_components_reach_services_only_through_the_adapter() {
    for layer in ["pages", "components", "app"] {
        let found = lines_naming(layer, &["crate::server"]);
        assert!(
            found.is_empty(),
            "{layer} naming a service:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_adapter_uses_nothing_of_the_pages_it_serves() {
    let found = lines_naming("api", &["crate::app", "crate::pages", "crate::components"]);
    assert!(
        found.is_empty(),
        "the adapter naming a page:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_two_files_use_each_other() {
    let krate = Crate::read(&src());
    let edges = krate.edges();
    let name = |m: &Vec<String>| m.join("::");
    let cycles: Vec<String> = krate
        .cycles()
        .into_iter()
        .map(|files| {
            let inside: Vec<String> = files
                .iter()
                .flat_map(|from| {
                    edges[from]
                        .iter()
                        .filter(|to| files.contains(to))
                        .map(move |to| format!("  {} → {}", name(from), name(to)))
                })
                .collect();
            inside.join("\n")
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "files that use each other (each cycle's uses):\n{}",
        cycles.join("\n\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle_through_a_reexport_and_not_through_a_parent() {
    let dir = tempdir();
    let write = |path: &str, text: &str| {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
        std::fs::write(file, text).expect("written");
    };
    write("lib.rs", "mod a;\nmod b;\npub mod c;\n");
    write("a.rs", "use crate::c::Thing;\npub fn f() {}\n");
    // `c` re-exports its child's item: using `c::Thing` uses `c/inner.rs`.
    write("c/mod.rs", "mod inner;\npub use inner::Thing;\n");
    write(
        "c/inner.rs",
        "pub struct Thing;\nfn g() { super::super::b::h() }\n",
    );
    write("b.rs", "pub fn h() {}\n");
    assert!(Crate::read(&dir).cycles().is_empty(), "no cycle yet");
    write("b.rs", "pub fn h() { crate::a::f() }\n");
    write(
        "a.rs",
        "use crate::c::Thing;\npub fn f() {}\nfn k(_: Thing) {}\n",
    );
    let cycles = Crate::read(&dir).cycles();
    assert_eq!(cycles.len(), 1, "a → c/inner → b → a: {cycles:?}");
    assert_eq!(cycles[0].len(), 3);
    std::fs::remove_dir_all(&dir).expect("cleaned");
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("layers-{}-{}", std::process::id(), line!()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
