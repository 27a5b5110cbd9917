//! Reading Rust source as text: comments and strings left out, `use`
//! trees expanded, inline modules and paths found.

use std::collections::BTreeSet;

use crate::modules::ModulePath;

/// The source without comments and string literals' contents (a path in a
/// doc comment or a message is not a use).
pub(crate) fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
                out.push('"');
            }
            c => out.push(c),
        }
    }
    out
}

/// Each `use` statement's tree, and whether it re-exports (`pub`).
pub(crate) fn use_statements(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = find_word(rest, "use") {
        let before = rest[..at].trim_end();
        let public = before.ends_with("pub")
            || before.ends_with(')')
                && before
                    .rsplit("pub")
                    .next()
                    .is_some_and(|v| v.starts_with('('));
        let after = &rest[at + 3..];
        let Some(end) = after.find(';') else { break };
        out.push((
            public,
            after[..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ));
        rest = &after[end..];
    }
    out
}

/// The text without its inline modules, and each inline module's name and body.
pub(crate) fn inline_modules(text: &str) -> (String, Vec<(String, String)>) {
    let (mut outer, mut inner) = (String::with_capacity(text.len()), Vec::new());
    let mut rest = text;
    while let Some(at) = find_word(rest, "mod") {
        let after = &rest[at + 3..];
        let name: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let head = after.trim_start()[name.len()..].trim_start();
        if !head.starts_with('{') {
            outer.push_str(&rest[..at + 3]);
            rest = after;
            continue;
        }
        outer.push_str(&rest[..at]);
        let open = after.len() - head.len();
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            if depth == 0 {
                end = open + i;
                break;
            }
        }
        inner.push((name, after[open + 1..end].to_owned()));
        rest = &after[(end + 1).min(after.len())..];
    }
    outer.push_str(rest);
    (outer, inner)
}

/// The text with its `use` statements left out.
pub(crate) fn without_uses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find_word(rest, "use") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        rest = &rest[at + end..];
    }
    out.push_str(rest);
    out
}

/// The position of `word` standing alone at the start of a statement.
pub(crate) fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let starts = before.is_none_or(|c| matches!(c, '\n' | ' ' | ';' | '{' | '}' | ')'));
        if starts && after == Some(' ') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// `a::{b, c::{d, e as f}}` → `a::b`, `a::c::d`, `a::c::e` (alias `f`).
pub(crate) fn expand(tree: &str) -> Vec<(Vec<String>, Option<String>)> {
    pub(crate) fn walk(
        prefix: &[String],
        tree: &str,
        out: &mut Vec<(Vec<String>, Option<String>)>,
    ) {
        let tree = tree.trim().trim_start_matches("::");
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let prefix: Vec<String> = prefix.iter().cloned().chain(head).collect();
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            for part in split_top(inner) {
                walk(&prefix, part, out);
            }
        } else {
            let (path, alias) = match tree.split_once(" as ") {
                Some((p, a)) => (p, Some(a.trim().to_owned())),
                None => (tree, None),
            };
            let mut full: Vec<String> = prefix.to_vec();
            full.extend(
                path.split("::")
                    .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                    .map(str::to_owned),
            );
            out.push((full, alias));
        }
    }
    let mut out = Vec::new();
    walk(&[], tree, &mut out);
    out
}

/// The comma-separated parts of a brace group, nested groups kept whole.
pub(crate) fn split_top(inner: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Paths written in code: `crate::a::b(…)`, `super::c::D`, `child::E`.
pub(crate) fn inline_paths(text: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let starts = ["crate", "super", "self"]
        .into_iter()
        .map(str::to_owned)
        .chain(children.iter().cloned());
    for start in starts.map(|s| format!("{s}::")) {
        let start = start.as_str();
        let mut from = 0;
        while let Some(i) = text[from..].find(start) {
            let at = from + i;
            let before = text[..at].chars().next_back();
            from = at + start.len();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = text[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    out
}

/// `path` as written in `module` (whose child modules are `children`),
/// from the crate root; `None` for a path into another crate.
pub(crate) fn absolute(
    module: &ModulePath,
    children: &BTreeSet<String>,
    path: &[String],
) -> Option<ModulePath> {
    let (mut base, rest) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some(child) if children.contains(child) => (module.clone(), path),
        Some("self") => (module.clone(), &path[1..]),
        Some("super") => {
            let mut base = module.clone();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    base.extend(rest.iter().cloned());
    Some(base)
}
