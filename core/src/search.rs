//! What a search box's text becomes in SQL: a LIKE pattern that finds it anywhere, the
//! same on the desktop (SQLite) and the server (PostgreSQL).

/// `text` as a LIKE pattern that finds it anywhere, its own `%`, `_` and `\` taken
/// literally (PostgreSQL's default escape; SQLite needs `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_typed_are_taken_literally() {
        assert_eq!(super::contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
