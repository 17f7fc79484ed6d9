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

/// The pages `total` rows fill at `size` to a page (at least one, so that an empty result
/// is page 1 of 1).
pub fn pages_of(total: i64, size: i64) -> i64 {
    ((total + size - 1) / size).max(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_typed_are_taken_literally() {
        assert_eq!(super::contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn an_empty_result_is_one_page_and_a_full_page_is_not_two() {
        assert_eq!(super::pages_of(0, 25), 1);
        assert_eq!(super::pages_of(25, 25), 1);
        assert_eq!(super::pages_of(26, 25), 2);
    }
}
