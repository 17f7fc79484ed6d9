use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;

#[test]
fn answers_are_sorted_once() {
    let s = |status, retry: Option<u64>| Answer::Status {
        status,
        message: format!("m{status}"),
        retry_after_secs: retry,
    };
    assert_eq!(classify(Answer::Ok), Verdict::Done);
    assert!(matches!(classify(Answer::Offline), Verdict::Retry { .. }));
    assert_eq!(classify(s(401, None)), Verdict::SignIn);
    for p in [400, 403, 404, 409, 410, 413, 415, 422] {
        assert_eq!(classify(s(p, None)), Verdict::Stop(format!("m{p}")), "{p}");
    }
    for t in [408, 425, 429, 500, 502, 503, 504, 507] {
        assert_eq!(
            classify(s(t, Some(7))),
            Verdict::Retry {
                reason: format!("m{t}"),
                retry_after_secs: Some(7)
            },
            "{t}"
        );
    }
}

#[test]
fn backoff_doubles_jittered_up_to_five_minutes_and_honours_retry_after() {
    let most: Vec<u64> = (0..8).map(|a| retry_in(a, None, 1.0)).collect();
    assert_eq!(most, vec![5, 10, 20, 40, 80, 160, 300, 300]);
    let least: Vec<u64> = (0..8).map(|a| retry_in(a, None, 0.0)).collect();
    assert_eq!(least, vec![2, 5, 10, 20, 40, 80, 150, 150]);
    assert_eq!(retry_in(0, Some(120), 0.5), 120);
    assert_eq!(retry_in(0, Some(1_000_000), 0.5), RETRY_AFTER_CAP_SECS);
    assert_eq!(reconnect_in(0, 1.0).as_millis(), 1000);
    assert_eq!(reconnect_in(30, 1.0).as_secs(), 60);
    assert_eq!(reconnect_in(30, 0.0).as_secs(), 30);
    let j = jitter();
    assert!((0.0..1.0).contains(&j));
}

// A model of one desktop and the server, driven by random schedules. The desktop holds
// queued actions (each with its idempotency key and content), a feed cursor and the
// feed entries it keeps; everything it holds is on disk (a kill loses only what was in
// flight). The server applies an action once per key, and commits feed entries whose
// positions come in commit order.

#[derive(Debug, Clone)]
enum Event {
    /// The desktop sends its next due action; the server's answer is `Fate`.
    Send(Fate),
    /// The desktop pulls a page (at most `n` entries) and the answer arrives or not.
    Pull { n: usize, lost: bool },
    /// A page answered before arrives again, late.
    Replay(usize),
    /// The worker is killed and started again.
    Kill,
    /// The office commits a change.
    Commit,
    /// The user queues a new action (some the office will refuse for good).
    Queue { refused: bool },
    /// The user signs in again after being asked to.
    SignIn,
    /// Time passes.
    Tick(u64),
}

#[derive(Debug, Clone, Copy)]
enum Fate {
    Answered,
    /// Applied at the server, the answer lost on the way back.
    CutAfter,
    /// Lost before reaching the server.
    CutBefore,
    Busy(u64),
    Overloaded,
    SessionEnded,
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        4 => Just(Fate::Answered),
        2 => Just(Fate::CutAfter),
        2 => Just(Fate::CutBefore),
        1 => (1u64..120).prop_map(Fate::Busy),
        1 => Just(Fate::Overloaded),
        1 => Just(Fate::SessionEnded),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        6 => fate().prop_map(Event::Send),
        4 => (1usize..4, any::<bool>()).prop_map(|(n, lost)| Event::Pull { n, lost }),
        1 => (0usize..8).prop_map(Event::Replay),
        1 => Just(Event::Kill),
        3 => Just(Event::Commit),
        2 => any::<bool>().prop_map(|refused| Event::Queue { refused }),
        1 => Just(Event::SignIn),
        2 => (1u64..400).prop_map(Event::Tick),
    ]
}

#[derive(Debug, Clone)]
struct Item {
    key: u32,
    /// What the action does; fixed when it is queued.
    content: String,
    attempts: i64,
    due: u64,
    stopped: Option<String>,
}

#[derive(Default)]
struct World {
    now: u64,
    // The desktop, as on disk.
    queue: Vec<Item>,
    signed_in: bool,
    cursor: i64,
    kept: Vec<i64>,
    kept_set: BTreeSet<i64>,
    // The server.
    applied: BTreeMap<u32, Vec<String>>,
    refuses: BTreeSet<u32>,
    feed: Vec<i64>,
    // Pages answered, for late replays: (entries, cursor).
    pages: Vec<(Vec<i64>, i64)>,
    next_key: u32,
    jitter_seed: u64,
}

impl World {
    fn jitter(&mut self) -> f64 {
        self.jitter_seed = self
            .jitter_seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1);
        (self.jitter_seed >> 11) as f64 / (1u64 << 53) as f64
    }

    fn queue(&mut self, refused: bool) {
        let key = self.next_key;
        self.next_key += 1;
        if refused {
            self.refuses.insert(key);
        }
        self.queue.push(Item {
            key,
            content: format!("aksi-{key}"),
            attempts: 0,
            due: self.now,
            stopped: None,
        });
    }

    /// The server's side of one send.
    fn serve(&mut self, item: &Item) -> Answer {
        if self.refuses.contains(&item.key) {
            return Answer::Status {
                status: 422,
                message: "Data tidak lengkap".into(),
                retry_after_secs: None,
            };
        }
        let effects = self.applied.entry(item.key).or_default();
        // Idempotent by key: a repeat is answered like the first.
        if effects.is_empty() {
            effects.push(item.content.clone());
        }
        Answer::Ok
    }

    fn send(&mut self, fate: Fate) {
        if !self.signed_in {
            return;
        }
        let Some(i) = self
            .queue
            .iter()
            .position(|it| it.stopped.is_none() && it.due <= self.now)
        else {
            return;
        };
        let item = self.queue[i].clone();
        let answer = match fate {
            Fate::Answered => self.serve(&item),
            Fate::CutAfter => {
                self.serve(&item);
                Answer::Offline
            }
            Fate::CutBefore => Answer::Offline,
            Fate::Busy(secs) => Answer::Status {
                status: 429,
                message: "Terlalu banyak permintaan".into(),
                retry_after_secs: Some(secs),
            },
            Fate::Overloaded => Answer::Status {
                status: 503,
                message: "Server sibuk".into(),
                retry_after_secs: None,
            },
            Fate::SessionEnded => Answer::Status {
                status: 401,
                message: "Sesi berakhir".into(),
                retry_after_secs: None,
            },
        };
        let asked = match &answer {
            Answer::Status {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        };
        let j = self.jitter();
        match after(classify(answer), item.attempts, j) {
            Next::Done => {
                self.queue.remove(i);
            }
            Next::Stopped(m) => self.queue[i].stopped = Some(m),
            Next::RetryIn { secs: wait, .. } => {
                if let Some(s) = asked {
                    assert!(wait >= s.min(RETRY_AFTER_CAP_SECS));
                }
                let it = &mut self.queue[i];
                it.attempts += 1;
                it.due = self.now + wait;
            }
            Next::SignIn => self.signed_in = false,
        }
    }

    fn page(&self, n: usize) -> (Vec<i64>, i64) {
        let entries: Vec<i64> = self
            .feed
            .iter()
            .copied()
            .filter(|p| *p > self.cursor)
            .take(n)
            .collect();
        let cursor = entries.last().copied().unwrap_or(self.cursor);
        (entries, cursor)
    }

    fn take(&mut self, entries: &[i64], page_cursor: i64) {
        let (fresh, cursor) = accept(&self.kept_set, self.cursor, entries, page_cursor);
        for p in fresh {
            self.kept_set.insert(p);
            self.kept.push(p);
        }
        self.cursor = cursor;
    }

    fn run(&mut self, e: Event) {
        match e {
            Event::Send(f) => self.send(f),
            Event::Pull { n, lost } => {
                if self.signed_in {
                    let (entries, c) = self.page(n);
                    self.pages.push((entries.clone(), c));
                    if !lost {
                        self.take(&entries, c);
                    }
                }
            }
            Event::Replay(i) => {
                if let Some((entries, c)) = self.pages.get(i).cloned() {
                    self.take(&entries, c);
                }
            }
            // Killed with a send in flight: the server may have applied it, the
            // desktop recorded nothing (not even the attempt).
            Event::Kill => {
                if self.signed_in
                    && let Some(it) = self
                        .queue
                        .iter()
                        .find(|it| it.stopped.is_none() && it.due <= self.now)
                        .cloned()
                {
                    self.serve(&it);
                }
            }
            Event::Commit => {
                let next = self.feed.last().copied().unwrap_or(0) + 1 + (self.now % 3) as i64;
                self.feed.push(next);
            }
            Event::Queue { refused } => self.queue(refused),
            Event::SignIn => self.signed_in = true,
            Event::Tick(s) => self.now += s,
        }
    }

    /// The network heals: the desktop works until nothing is due and nothing new.
    fn settle(&mut self) {
        self.signed_in = true;
        for _ in 0..10_000 {
            let due = self
                .queue
                .iter()
                .filter(|i| i.stopped.is_none())
                .map(|i| i.due)
                .min();
            match due {
                Some(d) => {
                    self.now = self.now.max(d);
                    self.send(Fate::Answered);
                }
                None => {
                    let (entries, c) = self.page(2);
                    if entries.is_empty() {
                        return;
                    }
                    self.take(&entries, c);
                }
            }
        }
        panic!("the desktop never settled");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("EPTSP_PLAN_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn every_action_reaches_the_server_once_and_every_change_is_kept_once(
        events in proptest::collection::vec(event(), 0..200),
        seed in any::<u64>(),
    ) {
        let mut w = World { signed_in: true, jitter_seed: seed, ..World::default() };
        let mut queued = BTreeMap::new();
        for e in events {
            if let Event::Queue { refused } = e {
                queued.insert(w.next_key, refused);
            }
            w.run(e);
            // The cursor never passes what the desktop keeps.
            prop_assert!(w.kept.last().is_none_or(|l| *l <= w.cursor));
        }
        w.settle();
        for (key, refused) in &queued {
            if *refused {
                // Stopped, with the server's message for the user, and still there
                // to be fixed: never dropped silently.
                let it = w.queue.iter().find(|i| i.key == *key);
                prop_assert_eq!(it.and_then(|i| i.stopped.clone()), Some("Data tidak lengkap".to_owned()));
                prop_assert!(!w.applied.contains_key(key));
            } else {
                // Acknowledged, and applied once with the content queued.
                prop_assert!(w.queue.iter().all(|i| i.key != *key));
                prop_assert_eq!(w.applied.get(key), Some(&vec![format!("aksi-{key}")]));
            }
        }
        // Every change, exactly once, in the server's order.
        prop_assert_eq!(&w.kept, &w.feed);
        prop_assert_eq!(w.cursor, w.feed.last().copied().unwrap_or(0));
    }
}
