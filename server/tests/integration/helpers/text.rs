//! The text a reader sees in a page or a PDF.

/// The page's text without tags and hydration markers such as `<!>`
/// (still HTML-escaped: text is escaped, so every raw `<` starts markup).
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text a reader's tools take out of `pdf` (poppler's `pdftotext`,
/// installed by `scripts/install-tools.sh`), in reading order.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("statement.pdf");
    std::fs::write(&file, pdf).expect("PDF written");
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, installed by scripts/install-tools.sh)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}
