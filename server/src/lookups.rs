//! What the public lookups answer, kept in this instance's memory: Monitoring Izin by resi
//! and the permit page `/v/{id}` are read paths any citizen (or scraper) can hit, so a
//! lookup asked before costs no query.
//!
//! Never stale for longer than an announcement takes: every write that changes an answer
//! (an application, its tracking, its permit, the holder's name, a permit type's name)
//! makes PostgreSQL announce it on `eptsp_lookup` at commit (migration 0023), to every
//! instance; [`crate::push::listen`] makes each one forget it. While that listener is not
//! connected the cache is neither read nor filled, and it is emptied when the listener
//! (re)connects, since what was announced meanwhile is lost.
//!
//! A read that raced a change is not kept: a miss hands out the shelf's generation, every
//! announcement moves it on, and a fill from an older generation is dropped. An answer is
//! kept [`MAX_AGE`] at most: the bound on staleness should the listener's connection die
//! without the listener noticing (a network cut that no reset reaches).

use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eptsp_core::submission::MonitoringView;
use lru::LruCache;
use uuid::Uuid;

/// Answers kept per shelf (about 1 KB each): the most recently asked stay.
const CAPACITY: usize = 20_000;
/// How long an answer is kept at most.
pub const MAX_AGE: Duration = Duration::from_secs(30);

/// One kind of answer, by key.
pub struct Shelf<K: Hash + Eq, V> {
    inner: Mutex<Inner<K, V>>,
}

struct Inner<K: Hash + Eq, V> {
    generation: u64,
    /// Whether announcements are heard now.
    live: bool,
    answers: LruCache<K, (Instant, V)>,
}

/// A miss: what [`Shelf::keep`] needs to tell whether the answer read since is still good.
#[must_use]
struct Fill(Option<u64>);

impl<K: Hash + Eq, V: Clone> Shelf<K, V> {
    fn new(capacity: usize) -> Self {
        Shelf {
            inner: Mutex::new(Inner {
                generation: 0,
                live: false,
                answers: LruCache::new(
                    NonZeroUsize::new(capacity.max(1)).unwrap_or(NonZeroUsize::MIN),
                ),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<K, V>> {
        // A panic while holding the lock cannot leave the LRU half-updated in a way that
        // matters (at worst an answer is lost): go on with it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept answer for `key`, or the one `read` gives: kept unless reading failed or
    /// something was announced meanwhile.
    pub async fn get_or_read<E>(
        &self,
        key: K,
        read: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E> {
        let fill = match self.get(&key) {
            Ok(kept) => return Ok(kept),
            Err(fill) => fill,
        };
        let value = read.await?;
        self.keep(fill, key, value.clone());
        Ok(value)
    }

    /// The kept answer for `key`, or the ticket to keep the one about to be read.
    fn get(&self, key: &K) -> Result<V, Fill> {
        let mut g = self.lock();
        if !g.live {
            return Err(Fill(None));
        }
        match g.answers.get(key) {
            Some((at, v)) if at.elapsed() < MAX_AGE => Ok(v.clone()),
            _ => Err(Fill(Some(g.generation))),
        }
    }

    /// Keeps `value`, read after the miss `fill`, unless something was announced since.
    fn keep(&self, fill: Fill, key: K, value: V) {
        let mut g = self.lock();
        if g.live && fill.0 == Some(g.generation) {
            g.answers.put(key, (Instant::now(), value));
        }
    }

    fn forget(&self, key: &K) {
        let mut g = self.lock();
        g.generation += 1;
        g.answers.pop(key);
    }

    fn reset(&self, live: bool) {
        let mut g = self.lock();
        g.generation += 1;
        g.live = live;
        g.answers.clear();
    }

    /// How many answers are kept (for tests).
    pub fn len(&self) -> usize {
        self.lock().answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A permit as the office issued it, with what every check of it needs.
#[derive(Debug)]
pub struct Issued {
    pub izin: eptsp_core::izin::SignedIzin,
    /// Whether the stored signature verifies under the office's key (checked once).
    pub sound: bool,
    pub valid_until: Option<time::Date>,
    pub revoked: bool,
}

/// The instance's public-lookup cache.
pub struct Lookups {
    /// Monitoring Izin, by resi (as stored, without dashes). Only applications found: an
    /// unknown resi is asked of the database (and counted) every time.
    pub monitoring: Shelf<String, Arc<MonitoringView>>,
    /// Issued permits, by application id; `None`: none was issued.
    pub permits: Shelf<Uuid, Option<Arc<Issued>>>,
}

impl Default for Lookups {
    fn default() -> Self {
        Lookups {
            monitoring: Shelf::new(CAPACITY),
            permits: Shelf::new(CAPACITY),
        }
    }
}

impl Lookups {
    /// An announcement on `eptsp_lookup`: `<application id> <resi>`, or `*` for all.
    pub fn announced(&self, payload: &str) {
        match payload.split_once(' ') {
            Some((id, resi)) => {
                self.monitoring.forget(&resi.to_owned());
                match Uuid::parse_str(id) {
                    Ok(id) => self.permits.forget(&id),
                    Err(_) => self.permits.reset(true),
                }
            }
            _ => self.heard_again(),
        }
    }

    /// The listener is (back) in place: what was kept may have changed unheard.
    pub fn heard_again(&self) {
        self.monitoring.reset(true);
        self.permits.reset(true);
    }

    /// The listener lost PostgreSQL: nothing is read from or kept in the cache until it is
    /// back.
    pub fn deaf(&self) {
        self.monitoring.reset(false);
        self.permits.reset(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> MonitoringView {
        MonitoringView {
            resi: "R".to_owned(),
            tanggal: String::new(),
            nama_pemohon: String::new(),
            jenis_izin: String::new(),
            jenis_permohonan: String::new(),
            status_label: String::new(),
            status: eptsp_core::lifecycle::Status::Diajukan,
            keterangan: String::new(),
            timeline: Vec::new(),
            catatan_penolakan: None,
        }
    }

    fn shelf() -> Shelf<String, Option<u32>> {
        let s = Shelf::new(2);
        s.reset(true);
        s
    }

    #[test]
    fn an_answer_read_after_a_miss_is_kept_and_then_served() {
        let s = shelf();
        let fill = s.get(&"a".to_owned()).unwrap_err();
        s.keep(fill, "a".to_owned(), Some(1));
        assert_eq!(s.get(&"a".to_owned()).ok(), Some(Some(1)));
    }

    #[test]
    fn an_answer_read_across_an_announcement_is_dropped() {
        let s = shelf();
        let fill = s.get(&"a".to_owned()).unwrap_err();
        // Something changed while the answer was being read: it may be the old one.
        s.forget(&"b".to_owned());
        s.keep(fill, "a".to_owned(), Some(1));
        assert!(s.get(&"a".to_owned()).is_err());
    }

    #[test]
    fn an_announced_answer_is_forgotten() {
        let s = shelf();
        let fill = s.get(&"a".to_owned()).unwrap_err();
        s.keep(fill, "a".to_owned(), None);
        s.forget(&"a".to_owned());
        assert!(s.get(&"a".to_owned()).is_err());
    }

    #[test]
    fn nothing_is_served_or_kept_while_deaf_nor_kept_from_before() {
        let s = shelf();
        let before = s.get(&"a".to_owned()).unwrap_err();
        s.keep(s.get(&"a".to_owned()).unwrap_err(), "a".to_owned(), Some(1));
        s.reset(false);
        assert!(s.get(&"a".to_owned()).is_err(), "served while deaf");
        let deaf = s.get(&"a".to_owned()).unwrap_err();
        s.keep(deaf, "a".to_owned(), Some(2));
        s.reset(true);
        assert!(s.is_empty());
        // A read begun before the listener came back may have missed a change.
        s.keep(before, "a".to_owned(), Some(3));
        assert!(s.is_empty());
    }

    #[test]
    fn the_least_recently_asked_answer_makes_room() {
        let s = shelf();
        for (k, v) in [("a", 1), ("b", 2)] {
            s.keep(s.get(&k.to_owned()).unwrap_err(), k.to_owned(), Some(v));
        }
        let _ = s.get(&"a".to_owned());
        s.keep(s.get(&"c".to_owned()).unwrap_err(), "c".to_owned(), Some(3));
        assert!(s.get(&"b".to_owned()).is_err());
        assert!(s.get(&"a".to_owned()).is_ok());
    }

    #[test]
    fn an_announcement_names_the_resi_and_the_application() {
        let l = Lookups::default();
        l.heard_again();
        let id = Uuid::new_v4();
        l.permits.keep(l.permits.get(&id).unwrap_err(), id, None);
        for r in ["R1", "R2"] {
            let fill = l.monitoring.get(&r.to_owned()).unwrap_err();
            l.monitoring.keep(fill, r.to_owned(), Arc::new(view()));
        }
        l.announced(&format!("{id} R1"));
        assert!(l.monitoring.get(&"R1".to_owned()).is_err());
        assert!(l.permits.get(&id).is_err());
        assert!(l.monitoring.get(&"R2".to_owned()).is_ok());
        l.announced("*");
        assert!(l.monitoring.is_empty());
    }
}
