//! The resi (receipt number) an application gets when the office receives it: 50 random
//! bits in Crockford's base-32 (no I, L, O, U), plus a Luhn mod 32 check character, shown
//! as `XXXX-XXXX-XXX`. Typing it is forgiving (case, spaces, O for 0, I/L for 1); a
//! mistyped character or two swapped neighbours are caught by the check.

use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const DATA_CHARS: usize = 10;

/// A valid resi (receipt number), held as its 11 characters without separators (the stored
/// form); `Display` shows it as `XXXX-XXXX-XXX`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Resi(String);

/// Why a typed resi was not accepted; the message (Indonesian) is shown as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResiError {
    /// Not 11 characters once dashes and spaces are dropped.
    #[error("Nomor resi harus 11 karakter (contoh: 7K3M-Q9X2-H43)")]
    Length,
    /// A character that is neither a digit nor a letter of the resi's alphabet.
    #[error("Nomor resi hanya berisi angka dan huruf")]
    Character,
    /// The check character does not match: a character mistyped or two neighbours swapped.
    #[error("Nomor resi tidak valid. Periksa kembali ketikan Anda.")]
    Check,
}

fn value(c: u8) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        c => c,
    };
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Luhn mod N (N = 32) over the values, rightmost doubled first.
fn check_value(values: &[u32]) -> u32 {
    let n = 32;
    let mut sum = 0;
    for (i, v) in values.iter().rev().enumerate() {
        let mut addend = if i % 2 == 0 { v * 2 } else { *v };
        addend = addend / n + addend % n;
        sum += addend;
    }
    (n - sum % n) % n
}

impl Resi {
    /// A new resi from 50 bits of `random` (the caller draws them from the OS).
    pub fn from_random(random: u64) -> Resi {
        let values: Vec<u32> = (0..DATA_CHARS)
            .map(|i| ((random >> (5 * (DATA_CHARS - 1 - i))) & 31) as u32)
            .collect();
        let check = check_value(&values);
        let s: String = values
            .iter()
            .chain(std::iter::once(&check))
            .map(|v| ALPHABET[*v as usize] as char)
            .collect();
        Resi(s)
    }

    /// Reads a typed resi.
    pub fn parse(input: &str) -> Result<Resi, ResiError> {
        let chars: Vec<u8> = input
            .bytes()
            .filter(|b| !matches!(b, b'-' | b' '))
            .collect();
        if chars.len() != DATA_CHARS + 1 {
            return Err(ResiError::Length);
        }
        let values: Vec<u32> = chars
            .iter()
            .map(|c| value(*c))
            .collect::<Option<_>>()
            .ok_or(ResiError::Character)?;
        if check_value(&values[..DATA_CHARS]) != values[DATA_CHARS] {
            return Err(ResiError::Check);
        }
        Ok(Resi(
            values
                .iter()
                .map(|v| ALPHABET[*v as usize] as char)
                .collect(),
        ))
    }

    /// The 11 characters without separators (the stored form).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Resi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_the_messages_give_is_itself_a_valid_resi() {
        let example = ResiError::Length.to_string();
        let example = example
            .split("contoh: ")
            .nth(1)
            .and_then(|s| s.strip_suffix(')'))
            .unwrap();
        assert_eq!(Resi::parse(example).unwrap().to_string(), example);
    }

    fn sample(i: u64) -> Resi {
        // A fixed spread of 50-bit values.
        Resi::from_random(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 14)
    }

    #[test]
    fn a_resi_prints_in_groups_and_parses_back() {
        for i in 0..500 {
            let r = sample(i);
            let shown = r.to_string();
            assert_eq!(shown.len(), 13);
            assert_eq!(Resi::parse(&shown), Ok(r.clone()));
            assert_eq!(Resi::parse(&shown.to_lowercase().replace('-', " ")), Ok(r));
        }
    }

    #[test]
    fn look_alike_letters_are_read_as_digits() {
        let r = Resi::from_random(0);
        assert_eq!(r.as_str(), "00000000000");
        assert_eq!(Resi::parse("OOOO-oooo-OOO"), Ok(r));
    }

    #[test]
    fn every_single_mistyped_character_is_caught() {
        for i in 0..50 {
            let r = sample(i);
            for pos in 0..11 {
                for &c in ALPHABET {
                    let mut s = r.as_str().as_bytes().to_vec();
                    if s[pos] == c {
                        continue;
                    }
                    s[pos] = c;
                    let typed = String::from_utf8(s).unwrap();
                    assert_eq!(Resi::parse(&typed), Err(ResiError::Check), "{typed} vs {r}");
                }
            }
        }
    }

    #[test]
    fn swapped_neighbours_are_almost_always_caught() {
        // Luhn mod 32 misses only swaps of the pairs whose doubled sums coincide.
        let (mut swaps, mut caught) = (0, 0);
        for i in 0..200 {
            let r = sample(i);
            for pos in 0..10 {
                let mut s = r.as_str().as_bytes().to_vec();
                if s[pos] == s[pos + 1] {
                    continue;
                }
                s.swap(pos, pos + 1);
                swaps += 1;
                if Resi::parse(std::str::from_utf8(&s).unwrap()).is_err() {
                    caught += 1;
                }
            }
        }
        assert!(caught * 100 >= swaps * 97, "{caught} of {swaps}");
    }

    #[test]
    fn bad_length_and_characters_say_so() {
        assert_eq!(Resi::parse("7K3M-Q9X2"), Err(ResiError::Length));
        assert_eq!(Resi::parse("7K3M-Q9X2-H4U"), Err(ResiError::Character));
        assert_eq!(Resi::parse("7K3M-Q9X2-H4!"), Err(ResiError::Character));
    }
}
