//! A form's fields as server functions receive them.

/// Checkbox values: an unchecked box is absent from the form.
pub(crate) fn is_checked(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false" && v != "off")
}

/// An ID Number typed in a one-field form, or its problem on that field.
#[cfg(feature = "ssr")]
pub(crate) fn parse_id_number(
    input: &str,
) -> Result<crate::domain::IdNumber, crate::server::ServiceError> {
    use crate::domain::{Field, IdNumber};
    IdNumber::parse(input).map_err(|e| crate::server::ServiceError::invalid(Field::IdNumber, e))
}
