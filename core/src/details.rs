//! Data Detail: what each permit type asks besides the documents (SIPA: the water flow,
//! the well's depth, what the water is for; a road-space permit: how many metres), typed
//! and checked here for the wizard, the server and the verifier alike. The catalogue says
//! which fields a permit type has; the draft keeps the values as typed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::FieldError;

/// What kind of value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DetailKind {
    /// Free text, at most [`TEXT_MAX`] characters.
    Text,
    /// A decimal number (a comma is read as the decimal point), within the field's bounds.
    Number,
    /// One of the field's options.
    Choice,
}

/// The longest text a detail field takes.
pub const TEXT_MAX: usize = 300;

/// One field of a permit type's Data Detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DetailField {
    /// Its key in the draft: lower-case letters, digits and `_` (e.g. `debit_air`).
    pub key: String,
    /// Its label, e.g. "Debit air yang dimohon".
    pub label: String,
    /// What kind of value it takes.
    pub kind: DetailKind,
    /// Whether the application cannot be sent without it.
    pub required: bool,
    /// The unit shown after a number, e.g. "m³/hari"; may be empty.
    #[serde(default)]
    pub unit: String,
    /// The values a choice offers.
    #[serde(default)]
    pub options: Vec<String>,
    /// The smallest number allowed.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub min: Option<i64>,
    /// The largest number allowed.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub max: Option<i64>,
    /// Whether the permit prints it (and signs it with the rest).
    #[serde(default)]
    pub printed: bool,
}

/// A number as typed ("12,5" or "12.5"), or None.
pub fn number(typed: &str) -> Option<f64> {
    let v: f64 = typed.trim().replace(',', ".").parse().ok()?;
    v.is_finite().then_some(v)
}

impl DetailField {
    /// Why `value` (as typed; empty when not filled) is not acceptable, or None.
    pub fn problem(&self, value: &str) -> Option<FieldError> {
        let v = value.trim();
        let field = format!("detail.{}", self.key);
        let err = |code: &str, message: String| Some(FieldError::custom(&field, code, &message));
        if v.is_empty() {
            return self.required.then(|| {
                FieldError::custom(&field, "required", &format!("{} wajib diisi", self.label))
            });
        }
        match self.kind {
            DetailKind::Text if v.chars().count() > TEXT_MAX => err(
                "too_long",
                format!("{} paling banyak {TEXT_MAX} karakter", self.label),
            ),
            DetailKind::Text => None,
            DetailKind::Choice if !self.options.iter().any(|o| o == v) => err(
                "choice",
                format!(
                    "Pilih {} dari daftar: {}",
                    self.label,
                    self.options.join(", ")
                ),
            ),
            DetailKind::Choice => None,
            DetailKind::Number => {
                let Some(n) = number(v) else {
                    return err(
                        "number",
                        format!("{} harus berupa angka (contoh: 12,5)", self.label),
                    );
                };
                let unit = if self.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", self.unit)
                };
                match (self.min, self.max) {
                    (Some(lo), _) if n < lo as f64 => {
                        err("range", format!("{} paling sedikit {lo}{unit}", self.label))
                    }
                    (_, Some(hi)) if n > hi as f64 => {
                        err("range", format!("{} paling banyak {hi}{unit}", self.label))
                    }
                    _ => None,
                }
            }
        }
    }

    /// The value as the permit and the verifier read it: "120 m³/hari".
    pub fn display(&self, value: &str) -> String {
        let v = value.trim();
        if self.kind == DetailKind::Number && !self.unit.is_empty() {
            format!("{v} {}", self.unit)
        } else {
            v.to_owned()
        }
    }
}

/// The problems of `values` against `fields`: each field's own, in order; values for no
/// field are refused too (a retired field, or a client making them up).
pub fn check(fields: &[DetailField], values: &BTreeMap<String, String>) -> Vec<FieldError> {
    let mut e: Vec<FieldError> = fields
        .iter()
        .filter_map(|f| f.problem(values.get(&f.key).map_or("", String::as_str)))
        .collect();
    for k in values.keys() {
        if !fields.iter().any(|f| &f.key == k) && !values[k].trim().is_empty() {
            e.push(FieldError::custom(
                &format!("detail.{k}"),
                "unknown",
                "Isian ini bukan Data Detail jenis izin yang dipilih",
            ));
        }
    }
    e
}

/// The most fields a permit type asks.
pub const FIELDS_MAX: usize = 20;

/// Whether the admin's field definitions can be asked: keys of lower-case letters, digits
/// and `_`, each once; a label; a choice with options; bounds in order.
pub fn check_fields(fields: &[DetailField]) -> Result<(), FieldError> {
    let bad = |i: usize, what: &str, message: &str| {
        Err(FieldError::custom(
            &format!("details.{i}.{what}"),
            what,
            message,
        ))
    };
    if fields.len() > FIELDS_MAX {
        return Err(FieldError::custom(
            "details",
            "too_many",
            &format!("Paling banyak {FIELDS_MAX} isian Data Detail"),
        ));
    }
    for (i, f) in fields.iter().enumerate() {
        let key_ok = !f.key.is_empty()
            && f.key.len() <= 40
            && f.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return bad(
                i,
                "key",
                "Kode isian ditulis huruf kecil, angka dan _ (contoh: debit_air)",
            );
        }
        if fields[..i].iter().any(|g| g.key == f.key) {
            return bad(
                i,
                "key",
                &format!("Kode isian \"{}\" dipakai dua kali", f.key),
            );
        }
        if f.label.trim().is_empty() || f.label.chars().count() > 120 {
            return bad(
                i,
                "label",
                "Nama isian wajib diisi, paling banyak 120 karakter",
            );
        }
        if f.kind == DetailKind::Choice
            && (f.options.is_empty()
                || f.options.len() > 30
                || f.options.iter().any(|o| o.trim().is_empty()))
        {
            return bad(
                i,
                "options",
                "Pilihan diisi 1 sampai 30 nilai, tidak kosong",
            );
        }
        if let (Some(lo), Some(hi)) = (f.min, f.max)
            && lo > hi
        {
            return bad(
                i,
                "min",
                "Batas bawah tidak boleh lebih besar dari batas atas",
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn debit() -> DetailField {
        DetailField {
            key: "debit_air".into(),
            label: "Debit air yang dimohon".into(),
            kind: DetailKind::Number,
            required: true,
            unit: "m³/hari".into(),
            options: vec![],
            min: Some(1),
            max: Some(5000),
            printed: true,
        }
    }

    fn peruntukan() -> DetailField {
        DetailField {
            key: "peruntukan".into(),
            label: "Peruntukan air".into(),
            kind: DetailKind::Choice,
            required: true,
            unit: String::new(),
            options: vec!["Industri".into(), "Usaha/komersial".into()],
            min: None,
            max: None,
            printed: true,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn each_field_is_checked_by_its_kind_with_its_label_in_the_message() {
        let fields = [debit(), peruntukan()];
        let msgs = |v: &[(&str, &str)]| -> Vec<String> {
            check(&fields, &values(v))
                .into_iter()
                .map(|e| e.message)
                .collect()
        };
        assert_eq!(
            msgs(&[]),
            [
                "Debit air yang dimohon wajib diisi",
                "Peruntukan air wajib diisi"
            ]
        );
        assert_eq!(
            msgs(&[("debit_air", "banyak"), ("peruntukan", "Sawah")]),
            [
                "Debit air yang dimohon harus berupa angka (contoh: 12,5)",
                "Pilih Peruntukan air dari daftar: Industri, Usaha/komersial"
            ]
        );
        assert_eq!(
            msgs(&[("debit_air", "0,5"), ("peruntukan", "Industri")]),
            ["Debit air yang dimohon paling sedikit 1 m³/hari"]
        );
        assert_eq!(
            msgs(&[("debit_air", "9000"), ("peruntukan", "Industri")]),
            ["Debit air yang dimohon paling banyak 5000 m³/hari"]
        );
        assert!(msgs(&[("debit_air", " 120,5 "), ("peruntukan", "Industri")]).is_empty());
        let e = check(
            &fields,
            &values(&[
                ("debit_air", "120"),
                ("peruntukan", "Industri"),
                ("luas", "9"),
            ]),
        );
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("detail.luas", "unknown")
        );
        assert_eq!(debit().display("120"), "120 m³/hari");
    }

    #[test]
    fn the_admins_field_definitions_are_checked() {
        assert!(check_fields(&[debit(), peruntukan()]).is_ok());
        let field = |fields: &[DetailField]| check_fields(fields).unwrap_err().field;
        assert_eq!(field(&[debit(), debit()]), "details.1.key");
        let mut f = debit();
        f.key = "Debit Air".into();
        assert_eq!(field(&[f]), "details.0.key");
        let mut f = peruntukan();
        f.options.clear();
        assert_eq!(field(&[f]), "details.0.options");
        let mut f = debit();
        (f.min, f.max) = (Some(10), Some(1));
        assert_eq!(field(&[f]), "details.0.min");
        let mut f = debit();
        f.label = " ".into();
        assert_eq!(field(&[f]), "details.0.label");
    }

    #[test]
    fn an_optional_field_may_stay_empty_and_text_has_a_limit() {
        let note = DetailField {
            key: "catatan".into(),
            label: "Catatan teknis".into(),
            kind: DetailKind::Text,
            required: false,
            unit: String::new(),
            options: vec![],
            min: None,
            max: None,
            printed: false,
        };
        assert!(note.problem("").is_none());
        assert_eq!(note.problem(&"x".repeat(301)).unwrap().code, "too_long");
    }
}
