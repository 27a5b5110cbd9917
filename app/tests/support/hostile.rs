//! Hostile inputs for every field, shared by the unit tests of the shared
//! validation (`app/tests/hostile_inputs.rs`) and the server's integration
//! tests, so both sides face the same corpus.

/// `(name, input)`: what an attacker, a bad paste or an odd keyboard may send.
pub fn hostile_inputs() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("whitespace", " \t  ".to_owned()),
        ("line breaks", "\r\n\r\n".to_owned()),
        ("10 KB", "A1".repeat(5 * 1024)),
        ("NUL byte", "SIR\u{0}94701".to_owned()),
        ("right-to-left override", "\u{202E}107490RIS".to_owned()),
        ("zero-width space", "SIR\u{200B}094701".to_owned()),
        ("emoji", "🎓🎓🎓🎓".to_owned()),
        ("SQL injection", "' OR '1'='1' --".to_owned()),
        (
            "SQL injection in an ID",
            "SIR094701'; DROP TABLE accounts; --".to_owned(),
        ),
        ("HTML injection", "<script>alert(1)</script>".to_owned()),
        ("Cyrillic homoglyph ID", "ЅІR094701".to_owned()),
        ("full-width digits", "SIR０９４７０１".to_owned()),
        ("combining accent", "S\u{301}IR094701".to_owned()),
        (
            "email with a line break",
            "marie@example.fr\r\nBcc: all@example.org".to_owned(),
        ),
        ("email with HTML", "\"<b>x</b>\"@example.fr".to_owned()),
    ]
}

/// Valid values with spaces around them: trimmed and accepted, never refused.
pub fn padded_valid_inputs() -> Vec<(&'static str, &'static str)> {
    vec![
        ("id_number", "  sir094701 "),
        ("secret_number", " 4821 "),
        ("email", " marie@example.fr  "),
    ]
}
