use super::ValidationError;
use super::text::has_forbidden_chars;

/// A plausible email address: trimmed, domain lower-cased (the local part is
/// kept as typed: some mail servers treat it case-sensitively).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

const MAX_LEN: usize = 254; // RFC 5321 path limit
const MAX_LOCAL_LEN: usize = 64;

impl Email {
    /// # Errors
    /// [`ValidationError::Required`], [`ValidationError::EmailTooLong`] or
    /// [`ValidationError::EmailFormat`].
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        if s.len() > MAX_LEN {
            return Err(ValidationError::EmailTooLong);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(ValidationError::EmailFormat)?;
        if !local_part_is_plausible(local) || !domain_is_plausible(domain) {
            return Err(ValidationError::EmailFormat);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(l, _)| l)
    }
}

fn local_part_is_plausible(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !has_forbidden_chars(local)
        && !local
            .chars()
            .any(|c| c.is_whitespace() || "@<>()[]\\,;:\"".contains(c))
}

fn domain_is_plausible(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_checked_against_the_table() {
        let long_local = "a".repeat(65);
        let long = format!("{}@{}.com", "a".repeat(60), "b".repeat(200));
        let cases: Vec<(&str, Result<&str, ValidationError>)> = vec![
            ("marie@example.fr", Ok("marie@example.fr")),
            ("  Marie.Curie@Example.FR ", Ok("Marie.Curie@example.fr")),
            ("first+tag@mail.co.uk", Ok("first+tag@mail.co.uk")),
            ("", Err(ValidationError::Required)),
            ("marie", Err(ValidationError::EmailFormat)),
            ("marie@", Err(ValidationError::EmailFormat)),
            ("@example.fr", Err(ValidationError::EmailFormat)),
            ("marie@example", Err(ValidationError::EmailFormat)),
            ("marie@exa mple.fr", Err(ValidationError::EmailFormat)),
            ("ma rie@example.fr", Err(ValidationError::EmailFormat)),
            ("marie@@example.fr", Err(ValidationError::EmailFormat)),
            ("marie..c@example.fr", Err(ValidationError::EmailFormat)),
            ("marie@-example.fr", Err(ValidationError::EmailFormat)),
            ("marie@example.f", Err(ValidationError::EmailFormat)),
            ("<script>@example.fr", Err(ValidationError::EmailFormat)),
            (
                "mar\u{202E}ie@example.fr",
                Err(ValidationError::EmailFormat),
            ),
            (long_local.as_str(), Err(ValidationError::EmailFormat)),
            (long.as_str(), Err(ValidationError::EmailTooLong)),
        ];
        for (input, expected) in cases {
            let got = Email::parse(input);
            assert_eq!(
                got.as_ref().map(AsRef::as_ref),
                expected.as_ref().map(|s| *s),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn the_local_part_is_what_comes_before_the_at_sign() {
        assert_eq!(
            Email::parse("jean.dupont@example.fr").unwrap().local_part(),
            "jean.dupont"
        );
    }

    proptest! {
        #[test]
        fn simple_addresses_parse_and_keep_their_local_part(l in "[a-z0-9]{1,20}", d in "[a-z]{1,20}", t in "[a-z]{2,6}") {
            let e = Email::parse(&format!("{l}@{d}.{t}")).unwrap();
            prop_assert_eq!(e.local_part(), l.as_str());
        }

        #[test]
        fn parsing_never_panics(s in "\\PC*") {
            let _ = Email::parse(&s);
        }
    }
}
